/**
 * The columns of a subgraph's record of the sets its aggregate answers were computed over (see
 * `released-sets.ts`). Each subgraph that publishes aggregates maps it to a table of its own,
 * with the indexes below, and describes what its members are.
 */
import { OptionalProps, PrimaryKey, Property } from '@mikro-orm/postgresql';

export abstract class ReleasedSetRow {
  [OptionalProps]?: 'releasedAt';

  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  /** The measure and the role of the set in it. */
  @Property({ type: 'text' })
  kind!: string;

  /** What changes who is in the set (a window length, a population). */
  @Property({ type: 'text' })
  parameters!: string;

  @Property({ type: 'integer' })
  size!: number;

  /** SHA-256 of the sorted members: the same set answered again is recorded once. */
  @Property({ type: 'text' })
  membersHash!: string;

  /** The members' ids, sorted. */
  @Property({ columnType: 'uuid[]', type: 'string[]' })
  members!: string[];

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  releasedAt!: Date;
}
