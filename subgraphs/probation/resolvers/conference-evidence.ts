/**
 * Probation records in one case conference's window. IOM owns the window and the agenda; the
 * gateway brings the window and the person's CRN (from the person index) in the representation,
 * so the answer depends on the conference alone, never on reviews recorded at it or later.
 */
import { LocalDateResolver } from 'graphql-scalars';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Scope } from '../../kit/access/directives';
import { daysBetween } from '../../kit/dates';
import { conferenceStatusDay } from '../../kit/conference-window';
import { PartnerRecord, partnerRecord } from '../../kit/partner-record';
import { ConferenceEvidenceField, PartnerConferenceEvidence, partnerConferenceEvidenceReference } from '../../kit/conference-evidence';
import type { ProbationCase } from '../entities/case.entity';
import type { ProbationCustody } from '../entities/custody.entity';
import { ProbationCrsReferral } from '../entities/crs-referral.entity';
import { PROBATION_PERSON, ProbationPerson } from './probation-person';
import { complianceSince, type ProbationContext } from './person.resolver';
import { ConferenceRisk, ProbationCompliance } from './types';

/** `record` is probation's case record; null when it holds none. */
export const ProbationConferenceEvidence = PartnerConferenceEvidence<'crn', ProbationPerson, ProbationCase>(ProbationPerson);
export type ProbationConferenceEvidence = InstanceType<typeof ProbationConferenceEvidence>;

/** The custody spell probation records on a day: begun on or before it and not released by it. */
async function custodySpellOn(evidence: ProbationConferenceEvidence, context: ProbationContext): Promise<ProbationCustody | null> {
  if (!evidence.crn) return null;
  const day = conferenceStatusDay(evidence, context.today);
  return (await context.loaders.custodyByCrn.load(evidence.crn)).find((spell) => spell.startedOn <= day && (spell.releasedOn === null || day < spell.releasedOn)) ?? null;
}

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
    return context.loaders.crsReferralsInWindow.load({ key: evidence.crn, since: evidence.since, until: evidence.until });
  }

  @ConferenceEvidenceField(Scope.SENTENCE, PROBATION_PERSON.key)
  @FieldResolver(() => PartnerRecord, { nullable: true, description: 'Whether probation holds a case for the person, and when its data about them last changed.' })
  probationRecord(@Root() evidence: ProbationConferenceEvidence): PartnerRecord {
    return partnerRecord(evidence.record);
  }

  @ConferenceEvidenceField(Scope.SENTENCE, PROBATION_PERSON.key)
  @FieldResolver(() => Boolean, {
    nullable: true,
    description: "In custody on the conference day (today for a conference still ahead) as probation records it; null when probation holds no case. The hub's custody source is housing's (`inCustody`).",
  })
  async probationInCustody(@Root() evidence: ProbationConferenceEvidence, @Ctx() context: ProbationContext): Promise<boolean | null> {
    return evidence.crn ? (await custodySpellOn(evidence, context)) !== null : null;
  }

  @ConferenceEvidenceField(Scope.SENTENCE, PROBATION_PERSON.key)
  @FieldResolver(() => LocalDateResolver, { nullable: true, description: "The release date probation's sentence calculation expects for the custody spell running on the conference day; null when not in custody then or none is held." })
  async expectedReleaseOn(@Root() evidence: ProbationConferenceEvidence, @Ctx() context: ProbationContext): Promise<string | null> {
    return (await custodySpellOn(evidence, context))?.expectedReleaseOn ?? null;
  }
}

/** The window and the CRN come in the representation; the case DataLoader says whether probation holds a case. */
export const resolveConferenceEvidence = partnerConferenceEvidenceReference(PROBATION_PERSON, (context: ProbationContext, crn) => context.loaders.caseByCrn.load(crn));
