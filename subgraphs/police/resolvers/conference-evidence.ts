/**
 * Police records in one case conference's window. IOM owns the window and the agenda; the gateway
 * brings the window and the person's PNC ID (from the person index) in the representation, so the
 * answer depends on the conference alone, never on reviews recorded at it or later.
 */
import { Ctx, Directive, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { AccessPolicyName, RequiresAnyScopes, RequiresPolicy, RequiresScope, Scope } from '../../kit/access/directives';
import { IdentifierType } from '../../kit/identifiers';
import { evidenceReference, inConferenceWindow } from '../../kit/conference-window';
import { PartnerRecord, partnerRecord } from '../../kit/partner-record';
import { countOnAgenda, PartnerAgendaSummary, PartnerConferenceEvidence } from '../../kit/conference-evidence-type';
import type { PoliceNominal } from '../entities/nominal.entity';
import { PoliceOffence } from '../entities/offence.entity';
import { PoliceArrest } from '../entities/arrest.entity';
import { PoliceDrugTest } from '../entities/drug-test.entity';
import { PoliceHomeVisit } from '../entities/home-visit.entity';
import { PolicePerson } from './police-person';
import type { PoliceContext } from './person.resolver';

@ObjectType('ConferenceEvidence')
@Directive('@key(fields: "id")')
@RequiresPolicy(AccessPolicyName.ROWS)
export class PoliceConferenceEvidence extends PartnerConferenceEvidence(PolicePerson) {
  /** The person's PNC ID, from the representation: what the row rule and the loaders use. */
  pncId!: string | null;

  /** The police's nominal record; null when they hold none. */
  nominal?: PoliceNominal | null;
}

const REQUIRES_WINDOW = '@requires(fields: "since until person { pncId }")';

@Resolver(() => PoliceConferenceEvidence)
export class PoliceConferenceEvidenceResolver {
  // The window is case-conference data and the identifier identity data: all three scopes, and the row rule.
  @RequiresScope(Scope.OFFENDING, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => [PoliceOffence], { nullable: true, description: 'Offences committed in the window, newest first; null when the police hold no record of the person.' })
  async offences(@Root() evidence: PoliceConferenceEvidence, @Ctx() context: PoliceContext): Promise<PoliceOffence[] | null> {
    if (!evidence.pncId) return null;
    return (await context.loaders.offencesByPncId.load(evidence.pncId)).filter((offence) => inConferenceWindow(evidence, offence.committedOn));
  }

  // The window is case-conference data and the identifier identity data: all three scopes, and the row rule.
  @RequiresScope(Scope.OFFENDING, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => [PoliceArrest], { nullable: true, description: 'Arrests in the window, newest first; null when the police hold no record of the person.' })
  async arrests(@Root() evidence: PoliceConferenceEvidence, @Ctx() context: PoliceContext): Promise<PoliceArrest[] | null> {
    if (!evidence.pncId) return null;
    return (await context.loaders.arrestsByPncId.load(evidence.pncId)).filter((arrest) => inConferenceWindow(evidence, arrest.arrestedOn));
  }

  // The window is case-conference data and the identifier identity data: all three scopes, and the row rule.
  @RequiresScope(Scope.POLICE_INTELLIGENCE, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => [PoliceDrugTest], { nullable: true, description: 'Drug tests on arrest in the window, newest first; null when the police hold no record of the person.' })
  async drugTestsOnArrest(@Root() evidence: PoliceConferenceEvidence, @Ctx() context: PoliceContext): Promise<PoliceDrugTest[] | null> {
    if (!evidence.pncId) return null;
    return (await context.loaders.drugTestsByPncId.load(evidence.pncId)).filter((test) => inConferenceWindow(evidence, test.testedOn));
  }

  // The window is case-conference data and the identifier identity data: all three scopes, and the row rule.
  @RequiresScope(Scope.POLICE_INTELLIGENCE, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => [PoliceHomeVisit], { nullable: true, description: 'Home visits in the window, newest first; null when the police hold no record of the person.' })
  async homeVisits(@Root() evidence: PoliceConferenceEvidence, @Ctx() context: PoliceContext): Promise<PoliceHomeVisit[] | null> {
    if (!evidence.pncId) return null;
    return (await context.loaders.homeVisitsByPncId.load(evidence.pncId)).filter((visit) => inConferenceWindow(evidence, visit.visitedOn));
  }

  // The police's own data (either of its scopes), with the window's scopes.
  @RequiresAnyScopes([Scope.OFFENDING, Scope.CASE_CONFERENCE, Scope.IDENTITY], [Scope.POLICE_INTELLIGENCE, Scope.CASE_CONFERENCE, Scope.IDENTITY])
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => PartnerRecord, { nullable: true, description: 'Whether the police hold a nominal record of the person, and when their data about them last changed.' })
  policeRecord(@Root() evidence: PoliceConferenceEvidence): PartnerRecord {
    return partnerRecord(evidence.nominal?.recordChangedAt, !!evidence.nominal);
  }

  @RequiresScope(Scope.POLICE_INTELLIGENCE, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      "In custody as the police record it. The police record only whether someone is in custody now, so this answers for a conference held today or still ahead and is null for an earlier one, or when the police hold no record. The hub's custody source is housing's (`inCustody`).",
  })
  policeInCustody(@Root() evidence: PoliceConferenceEvidence, @Ctx() context: PoliceContext): boolean | null {
    if (!evidence.nominal || evidence.until < context.today) return null;
    return evidence.nominal.inCustody;
  }

  @RequiresAnyScopes([Scope.OFFENDING, Scope.CASE_CONFERENCE, Scope.IDENTITY], [Scope.POLICE_INTELLIGENCE, Scope.CASE_CONFERENCE, Scope.IDENTITY])
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => String, { nullable: true, description: 'The district (policing area) the police manage the person in; null when they hold no record.' })
  policingArea(@Root() evidence: PoliceConferenceEvidence): string | null {
    return evidence.nominal?.policingArea ?? null;
  }
}

/**
 * The window and the PNC ID come in the representation. A malformed window is answered as no
 * evidence; a person outside the caller's row rule as one who does not exist (null).
 */
export async function resolveConferenceEvidence(
  reference: { id?: unknown; since?: unknown; until?: unknown; person?: { pncId?: unknown } | null },
  context: PoliceContext,
): Promise<PoliceConferenceEvidence | null> {
  const found = await evidenceReference(reference, IdentifierType.PNC_ID, 'pncId', context.rows);
  if (!found) return null;
  const nominal = found.identifier ? await context.loaders.nominalByPncId.load(found.identifier) : null;
  return { ...found.window, pncId: nominal?.pncId ?? null, nominal };
}

/** The agenda's summary as police see it: the agenda's windows come in the representation. */
@ObjectType('AgendaSummary')
@Directive('@key(fields: "id")')
export class PoliceAgendaSummary extends PartnerAgendaSummary(PoliceConferenceEvidence) {}

@Resolver(() => PoliceAgendaSummary)
export class PoliceAgendaSummaryResolver {
  // The windows it reads are rows-guarded conference evidence: the rule on each person is checked here.
  @RequiresScope(Scope.OFFENDING, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive('@requires(fields: "evidence { id since until person { pncId } }")')
  @FieldResolver(() => Int, { nullable: true, description: 'People on the agenda (that the caller may see) with an offence recorded in their window: new offending since the review before this conference.' })
  newOffendingSinceLastReview(@Root() summary: PoliceAgendaSummary, @Ctx() context: PoliceContext): Promise<number> {
    return countOnAgenda(
      summary.evidence,
      (reference) => resolveConferenceEvidence(reference, context),
      async (evidence) => !!evidence.pncId && (await context.loaders.offencesByPncId.load(evidence.pncId)).some((offence) => inConferenceWindow(evidence, offence.committedOn)),
    );
  }
}
