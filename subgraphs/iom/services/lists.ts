/**
 * The paged lists: IOM cases (filtered by strand, cohort, status and current RAG rating) and case
 * conferences (newest first). Two SQL statements each, whatever the page size.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { pageRequest, toConnection, type ConnectionShape } from '../../kit/pagination';
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

export async function searchCases(
  em: EntityManager,
  filter: CaseFilter,
  first: number | null | undefined,
  after: string | null | undefined,
  /** Hub ids the caller may see. */
  visiblePeople: RowKeys,
): Promise<ConnectionShape<IomCase>> {
  const page = pageRequest(first, after, ['date', 'uuid']);
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
  const pageQuery = where('c').orderBy({ referredOn: 'asc', id: 'asc' }).limit(page.limit + 1);
  if (page.after) pageQuery.andWhere('(c.referred_on, c.id) > (?, ?)', page.after);
  const [rows, totalCount] = await Promise.all([pageQuery.getResultList(), where('t').getCount()]);
  return toConnection(rows, page, totalCount, (iomCase) => [iomCase.referredOn, iomCase.id], (iomCase) => iomCase);
}

export async function listConferences(em: EntityManager, first: number | null | undefined, after: string | null | undefined): Promise<ConnectionShape<CaseConference>> {
  const page = pageRequest(first, after, ['date', 'uuid']);
  const pageQuery = em.createQueryBuilder(CaseConference, 'c').orderBy({ heldOn: 'desc', id: 'desc' }).limit(page.limit + 1);
  if (page.after) pageQuery.andWhere('(c.held_on, c.id) < (?, ?)', page.after);
  const [rows, totalCount] = await Promise.all([pageQuery.getResultList(), em.count(CaseConference, {})]);
  return toConnection(rows, page, totalCount, (conference) => [conference.heldOn, conference.id], (conference) => conference);
}
