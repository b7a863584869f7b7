/**
 * Probation records in one case conference's window. IOM owns the window and the agenda; the
 * gateway brings the window and the person's CRN (from the person index) in the representation,
 * so the answer depends on the conference alone, never on reviews recorded at it or later.
 */
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Scope } from '../../kit/access/directives';
import { daysBetween } from '../../kit/dates';
import { inConferenceWindow } from '../../kit/conference-window';
import { ConferenceEvidenceField, PartnerConferenceEvidence, partnerConferenceEvidenceReference } from '../../kit/conference-evidence';
import { ProbationCrsReferral } from '../entities/crs-referral.entity';
import { PROBATION_PERSON, ProbationPerson } from './probation-person';
import { complianceSince, type ProbationContext } from './person.resolver';
import { ConferenceRisk, ProbationCompliance } from './types';

export const ProbationConferenceEvidence = PartnerConferenceEvidence<'crn', ProbationPerson>(ProbationPerson);
export type ProbationConferenceEvidence = InstanceType<typeof ProbationConferenceEvidence>;

/** Risk of serious harm is reviewed at least every six months: an older assessment is flagged. */
export const RISK_STALE_AFTER_DAYS = 182;

@Resolver(() => ProbationConferenceEvidence)
export class ProbationConferenceEvidenceResolver {
  @ConferenceEvidenceField(Scope.SENTENCE, PROBATION_PERSON.key)
  @FieldResolver(() => ProbationCompliance, { nullable: true, description: 'Appointments, warning letters, breaches and recalls in the window; null when probation holds no case for the person.' })
  async compliance(@Root() evidence: ProbationConferenceEvidence, @Ctx() context: ProbationContext): Promise<ProbationCompliance | null> {
    return evidence.crn ? complianceSince(context, evidence.crn, evidence.since, evidence.until) : null;
  }

  @ConferenceEvidenceField(Scope.RISK, PROBATION_PERSON.key)
  @FieldResolver(() => ConferenceRisk, { nullable: true, description: 'The latest risk assessment on or before the conference day, its age then and whether it was stale (over 182 days); null when there was none.' })
  async risk(@Root() evidence: ProbationConferenceEvidence, @Ctx() context: ProbationContext): Promise<ConferenceRisk | null> {
    if (!evidence.crn) return null;
    // Newest first: the first on or before the day is the one the conference would have seen.
    const assessment = (await context.loaders.riskAssessmentsByCrn.load(evidence.crn)).find((candidate) => candidate.assessedOn <= evidence.until);
    if (!assessment) return null;
    const ageInDays = daysBetween(assessment.assessedOn, evidence.until);
    return { assessment, ageInDays, stale: ageInDays > RISK_STALE_AFTER_DAYS };
  }

  @ConferenceEvidenceField(Scope.SENTENCE, PROBATION_PERSON.key)
  @FieldResolver(() => [ProbationCrsReferral], { nullable: true, description: 'Commissioned Rehabilitative Service referrals made in the window, newest first; null when probation holds no case for the person.' })
  async crsReferrals(@Root() evidence: ProbationConferenceEvidence, @Ctx() context: ProbationContext): Promise<ProbationCrsReferral[] | null> {
    if (!evidence.crn) return null;
    return (await context.loaders.crsReferralsByCrn.load(evidence.crn)).filter((referral) => inConferenceWindow(evidence, referral.referredOn));
  }
}

/** The window and the CRN come in the representation; the case DataLoader says whether probation holds a case. */
export const resolveConferenceEvidence = partnerConferenceEvidenceReference(PROBATION_PERSON, (context: ProbationContext, crn) => context.loaders.caseByCrn.load(crn));
