import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';

/**
 * A set of releases a partner-wide measure (`continuityOfCarePerformance`) was answered over, kept so that a
 * later answer over a set differing by a few can be withheld (see README, "Differencing between
 * answers"). Not a GraphQL type: the members never leave the service. Each member is an id derived
 * from one release (treatment client id and release day), not a person's identifier.
 */
@Entity({ tableName: 'treatment_released_set' })
@Index({ properties: ['kind', 'parameters', 'size'] })
@Unique({ properties: ['kind', 'parameters', 'membersHash'] })
export class TreatmentReleasedSet {
  [OptionalProps]?: 'releasedAt';

  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'text' })
  parameters!: string;

  @Property({ type: 'integer' })
  size!: number;

  /** SHA-256 of the sorted ids: the same set answered again is recorded once. */
  @Property({ type: 'text' })
  membersHash!: string;

  /** Release ids, sorted. */
  @Property({ columnType: 'uuid[]', type: 'string[]' })
  members!: string[];

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  releasedAt!: Date;
}
