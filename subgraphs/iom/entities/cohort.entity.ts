import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Sex } from '../../kit/sex';
import { IomStrand } from './enums';

/**
 * A cohort the partnership manages, in one of the three strands. Entry criteria and capacity are
 * data, so a partnership changes them without a release.
 */
@ObjectType('IomCohort', { description: 'An IOM cohort: its strand, entry criteria and capacity.' })
@Entity({ tableName: 'iom_cohort' })
export class IomCohort {
  @Field(() => ID, { description: 'Short code, e.g. FIXED or FREE_FEMALE: what a referral names.' })
  @PrimaryKey({ type: 'text' })
  code!: string;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field(() => IomStrand)
  @Enum({ items: () => IomStrand })
  strand!: IomStrand;

  @Field({ description: 'The entry criteria in words.' })
  @Property({ type: 'text' })
  entryCriteria!: string;

  @Field(() => Int, { description: 'How many people may be adopted onto the cohort at once.' })
  @Property({ type: 'integer' })
  capacity!: number;

  @Field(() => Sex, { nullable: true, description: 'Only people of this sex may be referred (null: anyone).' })
  @Enum({ items: () => Sex, nullable: true })
  sex: Sex | null = null;

  @Field(() => Int, { nullable: true, description: 'Youngest age at referral.' })
  @Property({ type: 'integer', nullable: true })
  minAge: number | null = null;

  @Field(() => Int, { nullable: true, description: 'Oldest age at referral.' })
  @Property({ type: 'integer', nullable: true })
  maxAge: number | null = null;

  @Field({ description: 'The referral must name neighbourhood crime (burglary, robbery, theft from the person, vehicle crime).' })
  @Property({ type: 'boolean' })
  requiresNeighbourhoodCrime!: boolean;

  @Field({ description: 'The referral must name the person as a domestic abuse perpetrator.' })
  @Property({ type: 'boolean' })
  requiresDomesticAbuse!: boolean;

  @Property({ type: 'integer' })
  displayOrder!: number;
}
