/**
 * The police subgraph's DataLoaders, fresh per request: every list on a person and every entity
 * reference is one statement per kind of record, however many people a query names.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { countByKey, rowByKey, rowsByKey, rowsByKeyInWindow } from '../../kit/loaders';
import { PoliceNominal } from '../entities/nominal.entity';
import { PoliceWarningMarker } from '../entities/warning-marker.entity';
import { PoliceOffence } from '../entities/offence.entity';
import { PoliceArrest } from '../entities/arrest.entity';
import { PoliceDrugTest } from '../entities/drug-test.entity';
import { PoliceHomeVisit } from '../entities/home-visit.entity';

export function createPoliceLoaders(em: EntityManager) {
  const nominalByPncId = rowByKey(em, PoliceNominal, 'pncId');
  const warningMarkersByPncId = rowsByKey(em, PoliceWarningMarker, 'pncId', { orderBy: { recordedOn: 'asc', id: 'asc' } });
  /** Every offence of each person, newest first; date and detection filters apply in memory. */
  const offencesByPncId = rowsByKey(em, PoliceOffence, 'pncId', { orderBy: { committedOn: 'desc', id: 'asc' } });
  const arrestsByPncId = rowsByKey(em, PoliceArrest, 'pncId', { orderBy: { arrestedOn: 'desc', id: 'asc' } });
  const drugTestsByPncId = rowsByKey(em, PoliceDrugTest, 'pncId', { orderBy: { testedOn: 'desc', substance: 'asc', id: 'asc' } });
  const homeVisitsByPncId = rowsByKey(em, PoliceHomeVisit, 'pncId', { orderBy: { visitedOn: 'desc', id: 'asc' } });
  /** The same, in a conference window each (`{ key: pncId, since, until }`): what an agenda's evidence reads. */
  const offencesInWindow = rowsByKeyInWindow(em, PoliceOffence, 'pncId', 'committedOn', { committedOn: 'desc', id: 'asc' });
  const arrestsInWindow = rowsByKeyInWindow(em, PoliceArrest, 'pncId', 'arrestedOn', { arrestedOn: 'desc', id: 'asc' });
  const drugTestsInWindow = rowsByKeyInWindow(em, PoliceDrugTest, 'pncId', 'testedOn', { testedOn: 'desc', substance: 'asc', id: 'asc' });
  const homeVisitsInWindow = rowsByKeyInWindow(em, PoliceHomeVisit, 'pncId', 'visitedOn', { visitedOn: 'desc', id: 'asc' });
  /** How many offences are recorded against each person, counted by PostgreSQL. */
  const offenceCountByPncId = countByKey(em, PoliceOffence, 'pncId');
  return {
    nominalByPncId,
    warningMarkersByPncId,
    offencesByPncId,
    arrestsByPncId,
    drugTestsByPncId,
    homeVisitsByPncId,
    offencesInWindow,
    arrestsInWindow,
    drugTestsInWindow,
    homeVisitsInWindow,
    offenceCountByPncId,
  };
}

export type PoliceLoaders = ReturnType<typeof createPoliceLoaders>;
