/**
 * The data protection officer's view of the log: "who saw what about person X, when and why",
 * newest first, keyset-paged on the id (ids ascend in the order records were written). One
 * statement for the page and one for the total, whatever the page size.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { badUserInput } from '../../kit/errors';
import { requireHubId } from '../../kit/identifiers';
import { keysetPage, keysetRequest, type ConnectionShape, type Keyset } from '../../kit/pagination';
import { AuditRecord, type AuditOutcome } from '../entities/audit-record.entity';

export interface AuditSearch {
  /** Records that returned data about this hub id. */
  personId?: string | null;
  subject?: string | null;
  agency?: string | null;
  /** Inclusive. */
  from?: Date | null;
  /** Exclusive. */
  to?: Date | null;
  outcome?: AuditOutcome | null;
}

/** Newest first: ids ascend in the order records were written. */
const AUDIT_ORDER: Keyset<AuditRecord> = { columns: [{ property: 'id', column: 'id', type: 'bigint' }], direction: 'desc' };

export async function searchAuditRecords(em: EntityManager, filter: AuditSearch, first: number | null | undefined, after: string | null | undefined): Promise<ConnectionShape<AuditRecord>> {
  const page = keysetRequest(AUDIT_ORDER, first, after);
  const personId = filter.personId ? requireHubId(filter.personId, 'filter.personId') : null;
  if (filter.from && filter.to && filter.from >= filter.to) {
    throw badUserInput('"from" must be before "to".', { argumentName: 'filter.from' });
  }
  const where = (alias: string) => {
    const qb = em.createQueryBuilder(AuditRecord, alias);
    // Whose data left, or who was asked about and withheld (a restricted person).
    if (personId) qb.andWhere(`(${alias}.people @> array[?]::text[] or ${alias}.withheld @> array[?]::text[])`, [personId, personId]);
    if (filter.subject) qb.andWhere({ subject: filter.subject });
    if (filter.agency) qb.andWhere({ agency: filter.agency });
    if (filter.outcome) qb.andWhere({ outcome: filter.outcome });
    if (filter.from) qb.andWhere({ recordedAt: { $gte: filter.from } });
    if (filter.to) qb.andWhere({ recordedAt: { $lt: filter.to } });
    return qb;
  };
  return keysetPage(page, where);
}

