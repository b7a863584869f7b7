/**
 * Housing records in one case conference's window, and custody on its day. IOM owns the window
 * and the agenda; the gateway brings the window and the person's housing reference (from the
 * person index) in the representation. Housing's IN_CUSTODY periods are the hub's custody source:
 * the agenda's custody, the summary's count and the analyst measures all read them.
 */
import { LocalDateResolver } from 'graphql-scalars';
import { Ctx, Directive, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { AccessPolicyName, RequiresPolicy, RequiresScope, Scope } from '../../kit/access/directives';
import { IdentifierType } from '../../kit/identifiers';
import { conferenceStatusDay, evidenceReference, inConferenceWindow } from '../../kit/conference-window';
import { PartnerRecord, partnerRecord } from '../../kit/partner-record';
import { countOnAgenda, PartnerAgendaSummary, PartnerConferenceEvidence } from '../../kit/conference-evidence-type';
import { HomelessnessCase } from '../entities/homelessness-case.entity';
import type { HousingClient } from '../entities/housing-client.entity';
import type { AccommodationPeriod } from '../entities/accommodation-period.entity';
import { AccommodationStatus } from '../entities/enums';
import { periodOn } from '../services/release-outcomes';
import type { HousingContext } from './housing-person.resolver';
import { HousingPerson } from './types';

@ObjectType('ConferenceEvidence')
@Directive('@key(fields: "id")')
@RequiresPolicy(AccessPolicyName.ROWS)
export class HousingConferenceEvidence extends PartnerConferenceEvidence(HousingPerson) {
  /** The person's housing reference when housing holds a case: what the row rule and the loaders use. */
  housingReference!: string | null;

  client?: HousingClient | null;
}

const REQUIRES_WINDOW = '@requires(fields: "since until person { housingReference }")';

/** The accommodation period on the conference day (today for one still ahead). */
async function periodOnStatusDay(evidence: HousingConferenceEvidence, context: HousingContext): Promise<AccommodationPeriod | null> {
  if (!evidence.housingReference) return null;
  return periodOn(await context.loaders.periodsByReference.load(evidence.housingReference), conferenceStatusDay(evidence, context.today));
}

@Resolver(() => HousingConferenceEvidence)
export class HousingConferenceEvidenceResolver {
  @RequiresScope(Scope.HOUSING_STATUS, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => PartnerRecord, { nullable: true, description: 'Whether a housing authority holds a case for the person, and when its data about them last changed.' })
  housingRecord(@Root() evidence: HousingConferenceEvidence): PartnerRecord {
    return partnerRecord(evidence.client?.recordChangedAt, !!evidence.client);
  }

  @RequiresScope(Scope.HOUSING_STATUS, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      "In custody on the conference day (today for a conference still ahead): the hub's custody source, housing's IN_CUSTODY periods (the shared custody episodes), which wins when partners disagree. Null when housing holds no case.",
  })
  async inCustody(@Root() evidence: HousingConferenceEvidence, @Ctx() context: HousingContext): Promise<boolean | null> {
    if (!evidence.housingReference) return null;
    return (await periodOnStatusDay(evidence, context))?.status === AccommodationStatus.IN_CUSTODY;
  }

  @RequiresScope(Scope.HOUSING_STATUS, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => LocalDateResolver, { nullable: true, description: 'The day the custody spell running on the conference day began; null when not in custody then.' })
  async custodySince(@Root() evidence: HousingConferenceEvidence, @Ctx() context: HousingContext): Promise<string | null> {
    const period = await periodOnStatusDay(evidence, context);
    return period?.status === AccommodationStatus.IN_CUSTODY ? period.startDate : null;
  }

  @RequiresScope(Scope.HOUSING_STATUS, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => String, { nullable: true, description: 'The district the person lives in on the conference day (today for one ahead) per housing; null in custody, of no fixed abode, or without a case.' })
  async accommodationArea(@Root() evidence: HousingConferenceEvidence, @Ctx() context: HousingContext): Promise<string | null> {
    return (await periodOnStatusDay(evidence, context))?.localAuthorityName ?? null;
  }

  @RequiresScope(Scope.HOUSING_DETAIL, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => [HomelessnessCase], {
    nullable: true,
    description: 'Homelessness duties referred in the window, oldest first: `referralRoute` DUTY_TO_REFER (with the referring agency) or a self-application. Empty: none in the window; null: housing holds no case.',
  })
  async homelessnessCases(@Root() evidence: HousingConferenceEvidence, @Ctx() context: HousingContext): Promise<HomelessnessCase[] | null> {
    if (!evidence.housingReference) return null;
    return (await context.loaders.casesByReference.load(evidence.housingReference)).filter((homelessnessCase) => inConferenceWindow(evidence, homelessnessCase.referralDate));
  }
}

/** The window and the housing reference come in the representation (see evidenceReference). */
export async function resolveConferenceEvidence(
  reference: { id?: unknown; since?: unknown; until?: unknown; person?: { housingReference?: unknown } | null },
  context: HousingContext,
): Promise<HousingConferenceEvidence | null> {
  const found = await evidenceReference(reference, IdentifierType.HOUSING_REFERENCE, 'housingReference', context.rows);
  if (!found) return null;
  const client = found.identifier ? await context.loaders.clientByReference.load(found.identifier) : null;
  return { ...found.window, housingReference: client?.housingReference ?? null, client };
}

/** The agenda's summary as housing sees it: the agenda's windows come in the representation. */
@ObjectType('AgendaSummary')
@Directive('@key(fields: "id")')
export class HousingAgendaSummary extends PartnerAgendaSummary(HousingConferenceEvidence) {}

@Resolver(() => HousingAgendaSummary)
export class HousingAgendaSummaryResolver {
  // The windows it reads are rows-guarded conference evidence: the rule on each person is checked here.
  @RequiresScope(Scope.HOUSING_STATUS, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive('@requires(fields: "evidence { id since until person { housingReference } }")')
  @FieldResolver(() => Int, { nullable: true, description: "People on the agenda (that the caller may see) in custody on the conference day (today for one ahead), by the hub's custody source: housing's IN_CUSTODY periods." })
  inCustody(@Root() summary: HousingAgendaSummary, @Ctx() context: HousingContext): Promise<number> {
    return countOnAgenda(
      summary.evidence,
      (reference) => resolveConferenceEvidence(reference, context),
      async (evidence) => (await periodOnStatusDay(evidence, context))?.status === AccommodationStatus.IN_CUSTODY,
    );
  }
}
