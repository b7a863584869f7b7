import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { AccommodationStatus } from './enums';

@ObjectType('AccommodationPeriod', { description: 'A period in one accommodation status. Periods of one person follow each other without gaps.' })
@Entity({ tableName: 'accommodation_period' })
@Index({ properties: ['housingReference', 'startDate'] })
@Index({ properties: ['status', 'endDate'] })
export class AccommodationPeriod {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'text' })
  housingReference!: string;

  @Field(() => AccommodationStatus)
  @Enum({ items: () => AccommodationStatus })
  status!: AccommodationStatus;

  @Field(() => LocalDateResolver, { description: 'First day in this status.' })
  @Property({ type: 'date' })
  startDate!: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The day the next status began (so not itself in this status); null while current. An IN_CUSTODY period ends on the day of release.' })
  @Property({ type: 'date', nullable: true })
  endDate: string | null = null;

  /** Where the accommodation is; none for custody or no fixed abode. */
  @Property({ type: 'text', nullable: true })
  localAuthorityCode: string | null = null;

  @Property({ type: 'text', nullable: true })
  localAuthorityName: string | null = null;
}
