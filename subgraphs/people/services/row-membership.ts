/**
 * The person index answers who is inside a caller's row rule, in any kind of key: it links every
 * partner identifier to a hub id, knows which agency supplied each link, and reads the IOM
 * caseload (and a conference's people) from the IOM service with the caller's own context.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../kit/access/caller';
import { askWithCallerContext, HUB_ID, type RowKeySource, type RowServices } from '../../kit/access/rows';

/** Hub ids the IOM service counts in the caller's rule (the caseload, or a conference's people). */
async function iomMembers(services: RowServices, callerToken: string): Promise<string[]> {
  const url = services.iomUrl();
  if (!url) throw new Error('no IOM service to ask for the caseload');
  const data = await askWithCallerContext<{ iomRowMembers: string[] | null }>(url, callerToken, '{ iomRowMembers }', {});
  if (!Array.isArray(data.iomRowMembers)) throw new Error('the IOM service gave no caseload');
  return data.iomRowMembers;
}

/** Hub ids inside the caller's rule; null for every row. */
async function visibleHubIds(em: EntityManager, caller: Caller, callerToken: string, services: RowServices): Promise<string[] | null> {
  switch (caller.rows) {
    case 'everyone':
      return null;
    case 'none':
      return [];
    case 'iom-caseload':
    case 'conference-people':
      return iomMembers(services, callerToken);
    case 'agency-clients-and-iom-caseload': {
      const [caseload, clients] = await Promise.all([
        iomMembers(services, callerToken),
        em.getConnection().execute<{ person_id: string }[]>('select distinct person_id from person_identifier where source_agency = ?', [caller.agency]),
      ]);
      return [...new Set([...caseload, ...clients.map((row) => row.person_id)])];
    }
  }
}

export function personIndexRowSource(em: EntityManager, services: RowServices): RowKeySource {
  return async (caller, callerToken, type) => {
    const hubIds = await visibleHubIds(em, caller, callerToken, services);
    if (hubIds === null || type === HUB_ID) return hubIds;
    if (hubIds.length === 0) return [];
    const rows = await em
      .getConnection()
      .execute<{ value: string }[]>('select value from person_identifier where type = ? and person_id in (select jsonb_array_elements_text(?::jsonb)::uuid)', [type, JSON.stringify(hubIds)]);
    return rows.map((row) => row.value);
  };
}
