/**
 * The IOM subgraph: the partnership's own workflow (cohorts, referrals, adoption, case
 * conferences, RAG reviews, pathway assessments, deselection), kept apart from the person index.
 * It adds `Person.iom` to the person the index owns, knowing the person only by hub id.
 */
import { defineSubgraph } from '../kit/subgraph';
import { IomCohort } from './entities/cohort.entity';
import { IomCase } from './entities/case.entity';
import { CaseConference, ConferenceAttendance } from './entities/conference.entity';
import { ConferenceAction, RagReview } from './entities/review.entity';
import { PathwayAssessment } from './entities/assessment.entity';
import { IomPerson } from './entities/iom-person';
import { createIomLoaders } from './services/iom-loaders';
import { IomCaseResolver } from './resolvers/case.resolver';
import { IomCohortResolver } from './resolvers/cohort.resolver';
import { AgendaItemResolver, CaseConferenceResolver, ConferenceEvidenceResolver } from './resolvers/conference.resolver';
import { PathwayAssessmentResolver, RagReviewResolver } from './resolvers/review.resolver';
import { IomPersonResolver, iomReferenceResolvers } from './resolvers/person.resolver';
import { IomWorkflowResolver } from './resolvers/workflow.resolver';
import { IomMeasuresResolver, IomRagSpreadResolver } from './resolvers/measures.resolver';
import { IomOutcomeMeasuresResolver } from './resolvers/outcome-measures.resolver';
import { IomOutcomesSeriesPointResolver, IomPartnerOutcomeMeasuresResolver } from './resolvers/partner-outcome-measures.resolver';
import { IomCrimeUnitCost, IomRequirementTarget } from './entities/measure-reference.entity';
import { IomReleasedSet } from './entities/released-set.entity';
import { iomMigrations } from './migrations';
import { IOM_ROW_POLICIES } from './services/row-members';

export const iomSubgraph = defineSubgraph({
  name: 'iom',
  defaultPort: 4006,
  entities: [IomCohort, IomCase, CaseConference, ConferenceAttendance, RagReview, ConferenceAction, PathwayAssessment, IomRequirementTarget, IomCrimeUnitCost, IomReleasedSet],
  migrations: iomMigrations,
  resolvers: [
    IomCaseResolver,
    IomCohortResolver,
    CaseConferenceResolver,
    AgendaItemResolver,
    ConferenceEvidenceResolver,
    RagReviewResolver,
    PathwayAssessmentResolver,
    IomPersonResolver,
    IomWorkflowResolver,
    IomMeasuresResolver,
    IomRagSpreadResolver,
    IomOutcomeMeasuresResolver,
    IomPartnerOutcomeMeasuresResolver,
    IomOutcomesSeriesPointResolver,
  ],
  orphanedTypes: [IomPerson],
  referenceResolvers: iomReferenceResolvers,
  policies: IOM_ROW_POLICIES,
  createLoaders: createIomLoaders,
});
