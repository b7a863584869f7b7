/**
 * Probation records in one case conference's window. IOM owns the window and the agenda; the
 * gateway brings the window and the person's CRN (from the person index) in the representation,
 * so the answer depends on the conference alone, never on reviews recorded at it or later.
 */
import { LocalDateResolver } from 'graphql-scalars';
import { Ctx, Directive, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import { AccessPolicyName, RequiresPolicy, RequiresScope, Scope } from '../../kit/access/directives';
import { IdentifierType } from '../../kit/identifiers';
import { daysBetween } from '../../kit/dates';
import { conferenceStatusDay, evidenceReference, inConferenceWindow } from '../../kit/conference-window';
import { PartnerRecord, partnerRecord } from '../../kit/partner-record';
import { PartnerConferenceEvidence } from '../../kit/conference-evidence-type';
import type { ProbationCase } from '../entities/case.entity';
import type { ProbationCustody } from '../entities/custody.entity';
import { ProbationCrsReferral } from '../entities/crs-referral.entity';
import { ProbationPerson } from './probation-person';
import { complianceSince, type ProbationContext } from './person.resolver';
import { ConferenceRisk, ProbationCompliance } from './types';

@ObjectType('ConferenceEvidence')
@Directive('@key(fields: "id")')
@RequiresPolicy(AccessPolicyName.ROWS)
export class ProbationConferenceEvidence extends PartnerConferenceEvidence(ProbationPerson) {
  /** The person's CRN, from the representation: what the row rule and the loaders use. */
  crn!: string | null;

  /** Probation's case record; null when it holds none. */
  probationCase?: ProbationCase | null;
}

/** The custody spell probation records on a day: begun on or before it and not released by it. */
async function custodySpellOn(evidence: ProbationConferenceEvidence, context: ProbationContext): Promise<ProbationCustody | null> {
  if (!evidence.crn) return null;
  const day = conferenceStatusDay(evidence, context.today);
  return (await context.loaders.custodyByCrn.load(evidence.crn)).find((spell) => spell.startedOn <= day && (spell.releasedOn === null || day < spell.releasedOn)) ?? null;
}

/** Risk of serious harm is reviewed at least every six months: an older assessment is flagged. */
export const RISK_STALE_AFTER_DAYS = 182;

const REQUIRES_WINDOW = '@requires(fields: "since until person { crn }")';

@Resolver(() => ProbationConferenceEvidence)
export class ProbationConferenceEvidenceResolver {
  // The window is case-conference data and the identifier identity data: all three scopes, and the row rule.
  @RequiresScope(Scope.SENTENCE, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => ProbationCompliance, { nullable: true, description: 'Appointments, warning letters, breaches and recalls in the window; null when probation holds no case for the person.' })
  async compliance(@Root() evidence: ProbationConferenceEvidence, @Ctx() context: ProbationContext): Promise<ProbationCompliance | null> {
    return evidence.crn ? complianceSince(context, evidence.crn, evidence.since, evidence.until) : null;
  }

  // The window is case-conference data and the identifier identity data: all three scopes, and the row rule.
  @RequiresScope(Scope.RISK, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => ConferenceRisk, { nullable: true, description: 'The latest risk assessment on or before the conference day, its age then and whether it was stale (over 182 days); null when there was none.' })
  async risk(@Root() evidence: ProbationConferenceEvidence, @Ctx() context: ProbationContext): Promise<ConferenceRisk | null> {
    if (!evidence.crn) return null;
    // Newest first: the first on or before the day is the one the conference would have seen.
    const assessment = (await context.loaders.riskAssessmentsByCrn.load(evidence.crn)).find((candidate) => candidate.assessedOn <= evidence.until);
    if (!assessment) return null;
    const ageInDays = daysBetween(assessment.assessedOn, evidence.until);
    return { assessment, ageInDays, stale: ageInDays > RISK_STALE_AFTER_DAYS };
  }

  @RequiresScope(Scope.SENTENCE, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => [ProbationCrsReferral], { nullable: true, description: 'Commissioned Rehabilitative Service referrals made in the window, newest first; null when probation holds no case for the person.' })
  async crsReferrals(@Root() evidence: ProbationConferenceEvidence, @Ctx() context: ProbationContext): Promise<ProbationCrsReferral[] | null> {
    if (!evidence.crn) return null;
    return (await context.loaders.crsReferralsByCrn.load(evidence.crn)).filter((referral) => inConferenceWindow(evidence, referral.referredOn));
  }

  @RequiresScope(Scope.SENTENCE, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => PartnerRecord, { nullable: true, description: 'Whether probation holds a case for the person, and when its data about them last changed.' })
  probationRecord(@Root() evidence: ProbationConferenceEvidence): PartnerRecord {
    return partnerRecord(evidence.probationCase?.recordChangedAt, !!evidence.probationCase);
  }

  @RequiresScope(Scope.SENTENCE, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => Boolean, {
    nullable: true,
    description: "In custody on the conference day (today for a conference still ahead) as probation records it; null when probation holds no case. The hub's custody source is housing's (`inCustody`).",
  })
  async probationInCustody(@Root() evidence: ProbationConferenceEvidence, @Ctx() context: ProbationContext): Promise<boolean | null> {
    return evidence.crn ? (await custodySpellOn(evidence, context)) !== null : null;
  }

  @RequiresScope(Scope.SENTENCE, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => LocalDateResolver, { nullable: true, description: "The release date probation's sentence calculation expects for the custody spell running on the conference day; null when not in custody then or none is held." })
  async expectedReleaseOn(@Root() evidence: ProbationConferenceEvidence, @Ctx() context: ProbationContext): Promise<string | null> {
    return (await custodySpellOn(evidence, context))?.expectedReleaseOn ?? null;
  }
}

/**
 * The window and the CRN come in the representation. A malformed window is answered as no
 * evidence; a person outside the caller's row rule as one who does not exist (null).
 */
export async function resolveConferenceEvidence(
  reference: { id?: unknown; since?: unknown; until?: unknown; person?: { crn?: unknown } | null },
  context: ProbationContext,
): Promise<ProbationConferenceEvidence | null> {
  const found = await evidenceReference(reference, IdentifierType.CRN, 'crn', context.rows);
  if (!found) return null;
  const probationCase = found.identifier ? await context.loaders.caseByCrn.load(found.identifier) : null;
  return { ...found.window, crn: probationCase?.crn ?? null, probationCase };
}
