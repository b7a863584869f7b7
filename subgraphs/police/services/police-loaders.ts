/**
 * The police subgraph's DataLoaders, fresh per request: every list on a person and every entity
 * reference is one statement per kind of record, however many people a query names.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { loaderOfMany, loaderOfOne } from '../../kit/loaders';
import { PoliceNominal } from '../entities/nominal.entity';
import { PoliceWarningMarker } from '../entities/warning-marker.entity';
import { PoliceOffence } from '../entities/offence.entity';
import { PoliceArrest } from '../entities/arrest.entity';
import { PoliceDrugTest } from '../entities/drug-test.entity';
import { PoliceHomeVisit } from '../entities/home-visit.entity';

export function createPoliceLoaders(em: EntityManager) {
  const nominalByPncId = loaderOfOne<string, PoliceNominal>(
    (pncIds) => em.find(PoliceNominal, { pncId: { $in: [...pncIds] } }),
    (nominal) => nominal.pncId,
  );
  const warningMarkersByPncId = loaderOfMany<string, PoliceWarningMarker>(
    (pncIds) => em.find(PoliceWarningMarker, { pncId: { $in: [...pncIds] } }, { orderBy: { recordedOn: 'asc', id: 'asc' } }),
    (marker) => marker.pncId,
  );
  /** Every offence of each person, newest first; date and detection filters apply in memory. */
  const offencesByPncId = loaderOfMany<string, PoliceOffence>(
    (pncIds) => em.find(PoliceOffence, { pncId: { $in: [...pncIds] } }, { orderBy: { committedOn: 'desc', id: 'asc' } }),
    (offence) => offence.pncId,
  );
  const arrestsByPncId = loaderOfMany<string, PoliceArrest>(
    (pncIds) => em.find(PoliceArrest, { pncId: { $in: [...pncIds] } }, { orderBy: { arrestedOn: 'desc', id: 'asc' } }),
    (arrest) => arrest.pncId,
  );
  const drugTestsByPncId = loaderOfMany<string, PoliceDrugTest>(
    (pncIds) => em.find(PoliceDrugTest, { pncId: { $in: [...pncIds] } }, { orderBy: { testedOn: 'desc', substance: 'asc', id: 'asc' } }),
    (test) => test.pncId,
  );
  const homeVisitsByPncId = loaderOfMany<string, PoliceHomeVisit>(
    (pncIds) => em.find(PoliceHomeVisit, { pncId: { $in: [...pncIds] } }, { orderBy: { visitedOn: 'desc', id: 'asc' } }),
    (visit) => visit.pncId,
  );
  return { nominalByPncId, warningMarkersByPncId, offencesByPncId, arrestsByPncId, drugTestsByPncId, homeVisitsByPncId };
}

export type PoliceLoaders = ReturnType<typeof createPoliceLoaders>;
