/**
 * The `nominals` list for police users: filters, keyset pagination on PNC ID and a total, in two
 * SQL statements whatever the page size.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { badUserInput } from '../../kit/errors';
import { rowKeysCondition, type RowKeys } from '../../kit/access/rows';
import { keysetPage, keysetRequest, type ConnectionShape, type Keyset } from '../../kit/pagination';
import { PoliceNominal } from '../entities/nominal.entity';
import type { PoliceWarningMarkerType } from '../entities/enums';
import { prolificSql } from './prolific';

export interface NominalSearch {
  policingArea?: string | null;
  neighbourhood?: string | null;
  prolific?: boolean | null;
  inCustody?: boolean | null;
  /** Only MAPPA cases managed at this level or higher. */
  minimumMappaLevel?: number | null;
  warningMarker?: PoliceWarningMarkerType | null;
}

const NOMINAL_ORDER: Keyset<PoliceNominal> = { columns: [{ property: 'pncId', column: 'pnc_id', type: 'text' }], direction: 'asc' };

export async function searchNominals(
  em: EntityManager,
  filter: NominalSearch,
  first: number | null | undefined,
  after: string | null | undefined,
  today: string,
  /** PNC IDs the caller may see. */
  visiblePncIds: RowKeys,
): Promise<ConnectionShape<PoliceNominal>> {
  const page = keysetRequest(NOMINAL_ORDER, first, after);
  if (filter.minimumMappaLevel != null && (filter.minimumMappaLevel < 1 || filter.minimumMappaLevel > 3)) {
    throw badUserInput(`"minimumMappaLevel" must be 1, 2 or 3; it was ${filter.minimumMappaLevel}.`, { argumentName: 'filter.minimumMappaLevel' });
  }
  const where = (alias: string) => {
    const qb = em.createQueryBuilder(PoliceNominal, alias);
    const visible = rowKeysCondition(`${alias}.pnc_id`, visiblePncIds);
    if (visible) qb.andWhere(visible.sql, visible.params);
    if (filter.policingArea) qb.andWhere({ policingArea: filter.policingArea });
    if (filter.neighbourhood) qb.andWhere({ neighbourhood: filter.neighbourhood });
    if (filter.inCustody != null) qb.andWhere({ inCustody: filter.inCustody });
    if (filter.minimumMappaLevel != null) qb.andWhere({ mappaLevel: { $gte: filter.minimumMappaLevel } });
    if (filter.warningMarker) {
      qb.andWhere(`exists (select 1 from police_warning_marker m where m.pnc_id = ${alias}.pnc_id and m.type = ?)`, [filter.warningMarker]);
    }
    if (filter.prolific != null) {
      const rule = prolificSql(alias, today);
      qb.andWhere(filter.prolific ? rule.sql : `not ${rule.sql}`, rule.params);
    }
    return qb;
  };
  return keysetPage(page, where);
}
