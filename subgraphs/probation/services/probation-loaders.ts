/**
 * The probation subgraph's DataLoaders, fresh per request: one statement per kind of record,
 * however many people a query names. Filters on a person's lists (requirement type and status,
 * compliance since a date) apply in memory to what one statement fetched.
 */
import { QueryOrder, type EntityManager } from '@mikro-orm/postgresql';
import { rowByKey, rowsByKey, rowsByKeyInWindow } from '../../kit/loaders';
import { ProbationCase } from '../entities/case.entity';
import { ProbationOrder } from '../entities/order.entity';
import { ProbationRequirement } from '../entities/requirement.entity';
import { ProbationAppointment } from '../entities/appointment.entity';
import { ProbationEnforcementAction } from '../entities/enforcement-action.entity';
import { ProbationRiskAssessment } from '../entities/risk-assessment.entity';
import { ProbationCrsReferral } from '../entities/crs-referral.entity';
import { ProbationCustody } from '../entities/custody.entity';

export function createProbationLoaders(em: EntityManager) {
  const caseByCrn = rowByKey(em, ProbationCase, 'crn');
  const ordersByCrn = rowsByKey(em, ProbationOrder, 'crn', { orderBy: { startedOn: 'desc', id: 'asc' } });
  const requirementsByCrn = rowsByKey(em, ProbationRequirement, 'crn', { orderBy: { startedOn: QueryOrder.DESC_NULLS_FIRST, id: 'asc' } });
  const appointmentsByCrn = rowsByKey(em, ProbationAppointment, 'crn', { orderBy: { appointmentOn: 'desc', id: 'asc' } });
  const enforcementByCrn = rowsByKey(em, ProbationEnforcementAction, 'crn', { orderBy: { actionOn: 'desc', id: 'asc' } });
  const riskAssessmentsByCrn = rowsByKey(em, ProbationRiskAssessment, 'crn', { orderBy: { assessedOn: 'desc', id: 'asc' } });
  const crsReferralsByCrn = rowsByKey(em, ProbationCrsReferral, 'crn', { orderBy: { referredOn: 'desc', id: 'asc' } });
  /** Oldest first. */
  const custodyByCrn = rowsByKey(em, ProbationCustody, 'crn', { orderBy: { startedOn: 'asc', id: 'asc' } });
  /** The same, in a conference window each (`{ key: crn, since, until }`): what an agenda's evidence reads. */
  const appointmentsInWindow = rowsByKeyInWindow(em, ProbationAppointment, 'crn', 'appointmentOn', { appointmentOn: 'desc', id: 'asc' });
  const enforcementInWindow = rowsByKeyInWindow(em, ProbationEnforcementAction, 'crn', 'actionOn', { actionOn: 'desc', id: 'asc' });
  const crsReferralsInWindow = rowsByKeyInWindow(em, ProbationCrsReferral, 'crn', 'referredOn', { referredOn: 'desc', id: 'asc' });
  return {
    custodyByCrn,
    caseByCrn,
    ordersByCrn,
    requirementsByCrn,
    appointmentsByCrn,
    enforcementByCrn,
    riskAssessmentsByCrn,
    crsReferralsByCrn,
    appointmentsInWindow,
    enforcementInWindow,
    crsReferralsInWindow,
  };
}

export type ProbationLoaders = ReturnType<typeof createProbationLoaders>;
