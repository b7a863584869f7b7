import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { IdentifierType } from '../../kit/identifiers';

/**
 * Another partner's identifier quoted on an index record (a PNC ID on a probation case, an NHS
 * number on a treatment referral). Not a key: the partner that issues the identifier is the one
 * the index trusts for it, so a quoted value only counts as evidence when matching (agreeing or
 * conflicting), never as a link. It follows the record through merges and splits like a key.
 */
@Entity({ tableName: 'reported_identifier' })
@Index({ properties: ['type', 'value'] })
@Index({ properties: ['personId'] })
export class ReportedIdentifier {
  [OptionalProps]?: 'originRecordId';

  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'uuid' })
  personId!: string;

  /** As on PersonIdentifier: the record that quoted it, once a merge moved it; null before. */
  @Property({ type: 'uuid', nullable: true })
  originRecordId: string | null = null;

  @Enum({ items: () => IdentifierType })
  type!: IdentifierType;

  @Property({ type: 'text' })
  value!: string;
}
