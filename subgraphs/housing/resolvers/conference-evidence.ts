/**
 * Housing records in one case conference's window, and custody on its day. IOM owns the window
 * and the agenda; the gateway brings the window and the person's housing reference (from the
 * person index) in the representation. Housing's IN_CUSTODY periods are the hub's custody source:
 * the agenda's custody, the summary's count and the analyst measures all read them.
 */
import { LocalDateResolver } from 'graphql-scalars';
import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { Scope } from '../../kit/access/directives';
import { conferenceStatusDay, inConferenceWindow } from '../../kit/conference-window';
import { PartnerRecord, partnerRecord } from '../../kit/partner-record';
import {
  AgendaSummaryCount,
  ConferenceEvidenceField,
  countOnAgenda,
  PartnerAgendaSummary,
  PartnerConferenceEvidence,
  partnerConferenceEvidenceReference,
} from '../../kit/conference-evidence';
import { HomelessnessCase } from '../entities/homelessness-case.entity';
import type { HousingClient } from '../entities/housing-client.entity';
import type { AccommodationPeriod } from '../entities/accommodation-period.entity';
import { AccommodationStatus } from '../entities/enums';
import { periodOn } from '../services/release-outcomes';
import type { HousingContext } from './housing-person.resolver';
import { HOUSING_PERSON, HousingPerson } from './types';

/** `record` is the housing authority's client record; null when none holds a case. */
export const HousingConferenceEvidence = PartnerConferenceEvidence<'housingReference', HousingPerson, HousingClient>(HousingPerson);
export type HousingConferenceEvidence = InstanceType<typeof HousingConferenceEvidence>;

/** The accommodation period on the conference day (today for one still ahead). */
async function periodOnStatusDay(evidence: HousingConferenceEvidence, context: HousingContext): Promise<AccommodationPeriod | null> {
  if (!evidence.housingReference) return null;
  return periodOn(await context.loaders.periodsByReference.load(evidence.housingReference), conferenceStatusDay(evidence, context.today));
}

@Resolver(() => HousingConferenceEvidence)
export class HousingConferenceEvidenceResolver {
  @ConferenceEvidenceField(Scope.HOUSING_STATUS, HOUSING_PERSON.key)
  @FieldResolver(() => PartnerRecord, { nullable: true, description: 'Whether a housing authority holds a case for the person, and when its data about them last changed.' })
  housingRecord(@Root() evidence: HousingConferenceEvidence): PartnerRecord {
    return partnerRecord(evidence.record);
  }

  @ConferenceEvidenceField(Scope.HOUSING_STATUS, HOUSING_PERSON.key)
  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      "In custody on the conference day (today for a conference still ahead): the hub's custody source, housing's IN_CUSTODY periods (the shared custody episodes), which wins when partners disagree. Null when housing holds no case.",
  })
  async inCustody(@Root() evidence: HousingConferenceEvidence, @Ctx() context: HousingContext): Promise<boolean | null> {
    if (!evidence.housingReference) return null;
    return (await periodOnStatusDay(evidence, context))?.status === AccommodationStatus.IN_CUSTODY;
  }

  @ConferenceEvidenceField(Scope.HOUSING_STATUS, HOUSING_PERSON.key)
  @FieldResolver(() => LocalDateResolver, { nullable: true, description: 'The day the custody spell running on the conference day began; null when not in custody then.' })
  async custodySince(@Root() evidence: HousingConferenceEvidence, @Ctx() context: HousingContext): Promise<string | null> {
    const period = await periodOnStatusDay(evidence, context);
    return period?.status === AccommodationStatus.IN_CUSTODY ? period.startDate : null;
  }

  @ConferenceEvidenceField(Scope.HOUSING_STATUS, HOUSING_PERSON.key)
  @FieldResolver(() => String, { nullable: true, description: 'The district the person lives in on the conference day (today for one ahead) per housing; null in custody, of no fixed abode, or without a case.' })
  async accommodationArea(@Root() evidence: HousingConferenceEvidence, @Ctx() context: HousingContext): Promise<string | null> {
    return (await periodOnStatusDay(evidence, context))?.localAuthorityName ?? null;
  }

  @ConferenceEvidenceField(Scope.HOUSING_DETAIL, HOUSING_PERSON.key)
  @FieldResolver(() => [HomelessnessCase], {
    nullable: true,
    description: 'Homelessness duties referred in the window, oldest first: `referralRoute` DUTY_TO_REFER (with the referring agency) or a self-application. Empty: none in the window; null: housing holds no case.',
  })
  async homelessnessCases(@Root() evidence: HousingConferenceEvidence, @Ctx() context: HousingContext): Promise<HomelessnessCase[] | null> {
    if (!evidence.housingReference) return null;
    return (await context.loaders.casesByReference.load(evidence.housingReference)).filter((homelessnessCase) => inConferenceWindow(evidence, homelessnessCase.referralDate));
  }
}

/** The window and the housing reference come in the representation; the client DataLoader says whether housing holds a case. */
export const resolveConferenceEvidence = partnerConferenceEvidenceReference(HOUSING_PERSON, (context: HousingContext, reference) => context.loaders.clientByReference.load(reference));

/** The agenda's summary as housing sees it: the agenda's windows come in the representation. */
export const HousingAgendaSummary = PartnerAgendaSummary(HousingConferenceEvidence);
export type HousingAgendaSummary = InstanceType<typeof HousingAgendaSummary>;

@Resolver(() => HousingAgendaSummary)
export class HousingAgendaSummaryResolver {
  @AgendaSummaryCount(Scope.HOUSING_STATUS, HOUSING_PERSON.key)
  @FieldResolver(() => Int, { nullable: true, description: "People on the agenda (that the caller may see) in custody on the conference day (today for one ahead), by the hub's custody source: housing's IN_CUSTODY periods." })
  inCustody(@Root() summary: HousingAgendaSummary, @Ctx() context: HousingContext): Promise<number> {
    return countOnAgenda(
      summary.evidence,
      (reference) => resolveConferenceEvidence(reference, context),
      async (evidence) => (await periodOnStatusDay(evidence, context))?.status === AccommodationStatus.IN_CUSTODY,
    );
  }
}
