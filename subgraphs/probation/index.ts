/** The probation subgraph: orders, requirements, compliance, risk and CRS referrals, keyed by CRN. */
import { defineSubgraph } from '../kit/subgraph';
import { rowsPolicy } from '../kit/access/rows';
import { IdentifierType } from '../kit/identifiers';
import { ProbationCase } from './entities/case.entity';
import { ProbationOrder } from './entities/order.entity';
import { ProbationRequirement } from './entities/requirement.entity';
import { ProbationAppointment } from './entities/appointment.entity';
import { ProbationEnforcementAction } from './entities/enforcement-action.entity';
import { ProbationRiskAssessment } from './entities/risk-assessment.entity';
import { ProbationCrsReferral } from './entities/crs-referral.entity';
import { createProbationLoaders } from './services/probation-loaders';
import { ProbationPersonResolver } from './resolvers/person.resolver';
import { ProbationCaseResolver, ProbationOrderResolver } from './resolvers/case.resolver';
import { ProbationConferenceEvidence, ProbationConferenceEvidenceResolver } from './resolvers/conference-evidence';
import { ProbationMeasureInputsResolver } from './resolvers/measure-inputs.resolver';
import { probationReferenceResolvers } from './resolvers/person.reference';
import { probationMigrations } from './migrations';
import { ProbationCustody } from './entities/custody.entity';

export const probationSubgraph = defineSubgraph({
  name: 'probation',
  defaultPort: 4003,
  entities: [ProbationCase, ProbationOrder, ProbationRequirement, ProbationAppointment, ProbationEnforcementAction, ProbationRiskAssessment, ProbationCrsReferral, ProbationCustody],
  migrations: probationMigrations,
  resolvers: [ProbationPersonResolver, ProbationCaseResolver, ProbationOrderResolver, ProbationConferenceEvidenceResolver, ProbationMeasureInputsResolver],
  orphanedTypes: [ProbationConferenceEvidence],
  referenceResolvers: probationReferenceResolvers,
  // A case or a person is judged by its CRN against the caller's row rule.
  policies: rowsPolicy((object) => ({ type: IdentifierType.CRN, value: (object as { crn?: string }).crn }), noRecordHere),
  createLoaders: createProbationLoaders,
});

/**
 * Conference evidence for someone this partner holds no record of: the reference resolver already
 * checked the person against the row rule, and its fields answer null (no record), not FORBIDDEN.
 */
function noRecordHere(object: unknown): boolean {
  return typeof object === 'object' && object !== null && 'since' in object && 'crn' in object && (object as ProbationConferenceEvidence).crn === null;
}
