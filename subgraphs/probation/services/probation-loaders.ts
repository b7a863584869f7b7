/**
 * The probation subgraph's DataLoaders, fresh per request: one statement per kind of record,
 * however many people a query names. Filters on a person's lists (requirement type and status,
 * compliance since a date) apply in memory to what one statement fetched.
 */
import { QueryOrder, type EntityManager } from '@mikro-orm/postgresql';
import { loaderOfMany, loaderOfOne } from '../../kit/loaders';
import { ProbationCase } from '../entities/case.entity';
import { ProbationOrder } from '../entities/order.entity';
import { ProbationRequirement } from '../entities/requirement.entity';
import { ProbationAppointment } from '../entities/appointment.entity';
import { ProbationEnforcementAction } from '../entities/enforcement-action.entity';
import { ProbationRiskAssessment } from '../entities/risk-assessment.entity';
import { ProbationCrsReferral } from '../entities/crs-referral.entity';
import { ProbationCustody } from '../entities/custody.entity';

export function createProbationLoaders(em: EntityManager) {
  const caseByCrn = loaderOfOne<string, ProbationCase>(
    (crns) => em.find(ProbationCase, { crn: { $in: [...crns] } }),
    (record) => record.crn,
  );
  const ordersByCrn = loaderOfMany<string, ProbationOrder>(
    (crns) => em.find(ProbationOrder, { crn: { $in: [...crns] } }, { orderBy: { startedOn: 'desc', id: 'asc' } }),
    (order) => order.crn,
  );
  const requirementsByCrn = loaderOfMany<string, ProbationRequirement>(
    (crns) => em.find(ProbationRequirement, { crn: { $in: [...crns] } }, { orderBy: { startedOn: QueryOrder.DESC_NULLS_FIRST, id: 'asc' } }),
    (requirement) => requirement.crn,
  );
  const appointmentsByCrn = loaderOfMany<string, ProbationAppointment>(
    (crns) => em.find(ProbationAppointment, { crn: { $in: [...crns] } }, { orderBy: { appointmentOn: 'desc', id: 'asc' } }),
    (appointment) => appointment.crn,
  );
  const enforcementByCrn = loaderOfMany<string, ProbationEnforcementAction>(
    (crns) => em.find(ProbationEnforcementAction, { crn: { $in: [...crns] } }, { orderBy: { actionOn: 'desc', id: 'asc' } }),
    (action) => action.crn,
  );
  const riskAssessmentsByCrn = loaderOfMany<string, ProbationRiskAssessment>(
    (crns) => em.find(ProbationRiskAssessment, { crn: { $in: [...crns] } }, { orderBy: { assessedOn: 'desc', id: 'asc' } }),
    (assessment) => assessment.crn,
  );
  const crsReferralsByCrn = loaderOfMany<string, ProbationCrsReferral>(
    (crns) => em.find(ProbationCrsReferral, { crn: { $in: [...crns] } }, { orderBy: { referredOn: 'desc', id: 'asc' } }),
    (referral) => referral.crn,
  );
  /** Oldest first. */
  const custodyByCrn = loaderOfMany<string, ProbationCustody>(
    (crns) => em.find(ProbationCustody, { crn: { $in: [...crns] } }, { orderBy: { startedOn: 'asc', id: 'asc' } }),
    (spell) => spell.crn,
  );
  return { custodyByCrn, caseByCrn, ordersByCrn, requirementsByCrn, appointmentsByCrn, enforcementByCrn, riskAssessmentsByCrn, crsReferralsByCrn };
}

export type ProbationLoaders = ReturnType<typeof createProbationLoaders>;
