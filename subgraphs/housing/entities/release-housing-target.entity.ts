import { Entity, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Field, Float, ObjectType } from 'type-graphql';
import { ReleaseHousingMeasure } from './enums';

/**
 * The targets the partnership measures release housing against. Reference data rather than
 * constants, so a partnership that adopts its own targets changes a row, not the code.
 */
@ObjectType('ReleaseHousingTarget', { description: 'A target for housing people released from prison.' })
@Entity({ tableName: 'release_housing_target' })
export class ReleaseHousingTarget {
  @Field(() => ReleaseHousingMeasure)
  @PrimaryKey({ type: 'text' })
  measure!: ReleaseHousingMeasure;

  @Field(() => Float, { description: 'The share of releases that should meet the measure, 0 to 1.' })
  @Property({ type: 'double' })
  target!: number;

  @Field({ description: 'Where the target comes from.' })
  @Property({ type: 'text' })
  source!: string;
}
