/**
 * The paged lists: IOM cases (filtered by strand, cohort, status and current RAG rating) and case
 * conferences (newest first). Two SQL statements each, whatever the page size.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { keysetPage, keysetRequest, type ConnectionShape, type Keyset } from '../../kit/pagination';
import { badUserInput } from '../../kit/errors';
import { rowKeysCondition, type RowKeys } from '../../kit/access/rows';
import { IomCase } from '../entities/case.entity';
import { CaseConference } from '../entities/conference.entity';
import type { IomCaseStatus, IomStrand, RagRating } from '../entities/enums';

export interface CaseFilter {
  strand?: IomStrand | null;
  cohort?: string | null;
  status?: IomCaseStatus[] | null;
  /** The rating given at the case's latest review. */
  rag?: RagRating | null;
}

const LATEST_RATING = (alias: string) =>
  `(select r.rating from iom_rag_review r where r.case_id = ${alias}.id order by r.reviewed_on desc, r.created_at desc limit 1)`;

/** Referred first. */
const CASE_ORDER: Keyset<IomCase> = {
  columns: [{ property: 'referredOn', column: 'referred_on', type: 'date' }, { property: 'id', column: 'id', type: 'uuid' }],
  direction: 'asc',
};

/** Newest first. */
const CONFERENCE_ORDER: Keyset<CaseConference> = {
  columns: [{ property: 'heldOn', column: 'held_on', type: 'date' }, { property: 'id', column: 'id', type: 'uuid' }],
  direction: 'desc',
};

export async function searchCases(
  em: EntityManager,
  filter: CaseFilter,
  first: number | null | undefined,
  after: string | null | undefined,
  /** Hub ids the caller may see. */
  visiblePeople: RowKeys,
): Promise<ConnectionShape<IomCase>> {
  const page = keysetRequest(CASE_ORDER, first, after);
  if (filter.cohort && filter.cohort.length > 50) throw badUserInput('"cohort" must be at most 50 characters.', { argumentName: 'filter.cohort' });
  const where = (alias: string) => {
    const qb = em.createQueryBuilder(IomCase, alias);
    const visible = rowKeysCondition(`${alias}.person_id`, visiblePeople, '::uuid');
    if (visible) qb.andWhere(visible.sql, visible.params);
    if (filter.strand) qb.andWhere(`${alias}.cohort_code in (select code from iom_cohort where strand = ?)`, [filter.strand]);
    if (filter.cohort) qb.andWhere({ cohortCode: filter.cohort });
    if (filter.status?.length) qb.andWhere({ status: { $in: filter.status } });
    if (filter.rag) qb.andWhere(`${LATEST_RATING(alias)} = ?`, [filter.rag]);
    return qb;
  };
  return keysetPage(page, where);
}

export async function listConferences(em: EntityManager, first: number | null | undefined, after: string | null | undefined): Promise<ConnectionShape<CaseConference>> {
  const page = keysetRequest(CONFERENCE_ORDER, first, after);
  return keysetPage(page, (alias) => em.createQueryBuilder(CaseConference, alias));
}
