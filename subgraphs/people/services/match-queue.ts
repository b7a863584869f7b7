/**
 * The review queue as the coordinator reads it: pending pairs whose two records are both still
 * current and inside the caller's row rule, oldest first, keyset-paged on (found at, id).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { HUB_ID, rowKeysCondition, type RowGuard } from '../../kit/access/rows';
import { pageRequest, toConnection, type ConnectionShape } from '../../kit/pagination';
import { MatchReview, MatchReviewStatus } from '../entities/match-review.entity';

export async function reviewQueue(em: EntityManager, rows: RowGuard, first: number | null | undefined, after: string | null | undefined): Promise<ConnectionShape<MatchReview>> {
  const page = pageRequest(first, after, ['text', 'uuid']);
  const visible = await rows.visibleKeys(HUB_ID);
  const where = (alias: string) => {
    const qb = em.createQueryBuilder(MatchReview, alias).where({ status: MatchReviewStatus.PENDING });
    for (const column of ['person_id', 'candidate_id']) {
      qb.andWhere(`exists (select 1 from person p where p.id = ${alias}.${column} and p.merged_into is null)`);
      const inside = rowKeysCondition(`${alias}.${column}`, visible, '::uuid');
      if (inside) qb.andWhere(inside.sql, inside.params);
    }
    return qb;
  };
  const pageQuery = where('r').orderBy({ foundAt: 'asc', id: 'asc' }).limit(page.limit + 1);
  if (page.after) pageQuery.andWhere('(r.found_at, r.id) > (?::timestamptz, ?::uuid)', page.after);
  const [items, totalCount] = await Promise.all([pageQuery.getResultList(), where('c').getCount()]);
  return toConnection(items, page, totalCount, (item) => [item.foundAt.toISOString(), item.id], (item) => item);
}
