import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';

/**
 * A set of people an outcome measure was answered over, kept so that a later answer over a set
 * differing by a few people can be withheld (see README, "Differencing between answers"). Not a
 * GraphQL type: the members never leave the service. `kind` names the measure and the role of the
 * set in it; `parameters` what changes who is in it (a window length, a population).
 */
@Entity({ tableName: 'iom_released_set' })
@Index({ properties: ['kind', 'parameters', 'size'] })
@Unique({ properties: ['kind', 'parameters', 'membersHash'] })
export class IomReleasedSet {
  [OptionalProps]?: 'releasedAt';

  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'text' })
  parameters!: string;

  @Property({ type: 'integer' })
  size!: number;

  /** SHA-256 of the sorted hub ids: the same set answered again is recorded once. */
  @Property({ type: 'text' })
  membersHash!: string;

  /** Hub ids, sorted. */
  @Property({ columnType: 'uuid[]', type: 'string[]' })
  members!: string[];

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  releasedAt!: Date;
}
