import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';

/**
 * A spell in custody as probation records it for a case: when it began, the release date the
 * sentence calculation expects, and the actual release. Probation is the partner holding an
 * expected release date; the hub's custody source is still housing's IN_CUSTODY periods.
 */
@Entity({ tableName: 'probation_custody' })
@Index({ properties: ['crn', 'startedOn'] })
export class ProbationCustody {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'text' })
  crn!: string;

  @Property({ type: 'date' })
  startedOn!: string;

  /** The release date the sentence calculation gives; null when probation has none. */
  @Property({ type: 'date', nullable: true })
  expectedReleaseOn: string | null = null;

  /** Null while in custody. */
  @Property({ type: 'date', nullable: true })
  releasedOn: string | null = null;
}
