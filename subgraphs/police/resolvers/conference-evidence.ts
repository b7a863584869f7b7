/**
 * Police records in one case conference's window. IOM owns the window and the agenda; the gateway
 * brings the window and the person's PNC ID (from the person index) in the representation, so the
 * answer depends on the conference alone, never on reviews recorded at it or later.
 */
import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { Scope } from '../../kit/access/directives';
import { PartnerRecord, partnerRecord } from '../../kit/partner-record';
import {
  AgendaSummaryCount,
  ConferenceEvidenceField,
  countOnAgenda,
  PartnerAgendaSummary,
  PartnerConferenceEvidence,
  partnerConferenceEvidenceReference,
} from '../../kit/conference-evidence';
import type { PoliceNominal } from '../entities/nominal.entity';
import { PoliceOffence } from '../entities/offence.entity';
import { PoliceArrest } from '../entities/arrest.entity';
import { PoliceDrugTest } from '../entities/drug-test.entity';
import { PoliceHomeVisit } from '../entities/home-visit.entity';
import { POLICE_PERSON, PolicePerson } from './police-person';
import type { PoliceContext } from './person.resolver';

/** `record` is the police's nominal record; null when they hold none. */
export const PoliceConferenceEvidence = PartnerConferenceEvidence<'pncId', PolicePerson, PoliceNominal>(PolicePerson);
export type PoliceConferenceEvidence = InstanceType<typeof PoliceConferenceEvidence>;

@Resolver(() => PoliceConferenceEvidence)
export class PoliceConferenceEvidenceResolver {
  @ConferenceEvidenceField(Scope.OFFENDING, POLICE_PERSON.key)
  @FieldResolver(() => [PoliceOffence], { nullable: true, description: 'Offences committed in the window, newest first; null when the police hold no record of the person.' })
  async offences(@Root() evidence: PoliceConferenceEvidence, @Ctx() context: PoliceContext): Promise<PoliceOffence[] | null> {
    if (!evidence.pncId) return null;
    return context.loaders.offencesInWindow.load({ key: evidence.pncId, since: evidence.since, until: evidence.until });
  }

  @ConferenceEvidenceField(Scope.OFFENDING, POLICE_PERSON.key)
  @FieldResolver(() => [PoliceArrest], { nullable: true, description: 'Arrests in the window, newest first; null when the police hold no record of the person.' })
  async arrests(@Root() evidence: PoliceConferenceEvidence, @Ctx() context: PoliceContext): Promise<PoliceArrest[] | null> {
    if (!evidence.pncId) return null;
    return context.loaders.arrestsInWindow.load({ key: evidence.pncId, since: evidence.since, until: evidence.until });
  }

  @ConferenceEvidenceField(Scope.POLICE_INTELLIGENCE, POLICE_PERSON.key)
  @FieldResolver(() => [PoliceDrugTest], { nullable: true, description: 'Drug tests on arrest in the window, newest first; null when the police hold no record of the person.' })
  async drugTestsOnArrest(@Root() evidence: PoliceConferenceEvidence, @Ctx() context: PoliceContext): Promise<PoliceDrugTest[] | null> {
    if (!evidence.pncId) return null;
    return context.loaders.drugTestsInWindow.load({ key: evidence.pncId, since: evidence.since, until: evidence.until });
  }

  @ConferenceEvidenceField(Scope.POLICE_INTELLIGENCE, POLICE_PERSON.key)
  @FieldResolver(() => [PoliceHomeVisit], { nullable: true, description: 'Home visits in the window, newest first; null when the police hold no record of the person.' })
  async homeVisits(@Root() evidence: PoliceConferenceEvidence, @Ctx() context: PoliceContext): Promise<PoliceHomeVisit[] | null> {
    if (!evidence.pncId) return null;
    return context.loaders.homeVisitsInWindow.load({ key: evidence.pncId, since: evidence.since, until: evidence.until });
  }

  // The police's own data (either of its scopes).
  @ConferenceEvidenceField([Scope.OFFENDING, Scope.POLICE_INTELLIGENCE], POLICE_PERSON.key)
  @FieldResolver(() => PartnerRecord, { nullable: true, description: 'Whether the police hold a nominal record of the person, and when their data about them last changed.' })
  policeRecord(@Root() evidence: PoliceConferenceEvidence): PartnerRecord {
    return partnerRecord(evidence.record);
  }

  @ConferenceEvidenceField(Scope.POLICE_INTELLIGENCE, POLICE_PERSON.key)
  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      "In custody as the police record it. The police record only whether someone is in custody now, so this answers for a conference held today or still ahead and is null for an earlier one, or when the police hold no record. The hub's custody source is housing's (`inCustody`).",
  })
  policeInCustody(@Root() evidence: PoliceConferenceEvidence, @Ctx() context: PoliceContext): boolean | null {
    if (!evidence.record || evidence.until < context.today) return null;
    return evidence.record.inCustody;
  }

  @ConferenceEvidenceField([Scope.OFFENDING, Scope.POLICE_INTELLIGENCE], POLICE_PERSON.key)
  @FieldResolver(() => String, { nullable: true, description: 'The district (policing area) the police manage the person in; null when they hold no record.' })
  policingArea(@Root() evidence: PoliceConferenceEvidence): string | null {
    return evidence.record?.policingArea ?? null;
  }
}

/** The window and the PNC ID come in the representation; the nominal DataLoader says whether the police hold a record. */
export const resolveConferenceEvidence = partnerConferenceEvidenceReference(POLICE_PERSON, (context: PoliceContext, pncId) => context.loaders.nominalByPncId.load(pncId));

/** The agenda's summary as police see it: the agenda's windows come in the representation. */
export const PoliceAgendaSummary = PartnerAgendaSummary(PoliceConferenceEvidence);
export type PoliceAgendaSummary = InstanceType<typeof PoliceAgendaSummary>;

@Resolver(() => PoliceAgendaSummary)
export class PoliceAgendaSummaryResolver {
  @AgendaSummaryCount(Scope.OFFENDING, POLICE_PERSON.key)
  @FieldResolver(() => Int, { nullable: true, description: 'People on the agenda (that the caller may see) with an offence recorded in their window: new offending since the review before this conference.' })
  newOffendingSinceLastReview(@Root() summary: PoliceAgendaSummary, @Ctx() context: PoliceContext): Promise<number> {
    return countOnAgenda(
      summary.evidence,
      (reference) => resolveConferenceEvidence(reference, context),
      async (evidence) => !!evidence.pncId && (await context.loaders.offencesInWindow.load({ key: evidence.pncId, since: evidence.since, until: evidence.until })).length > 0,
    );
  }
}
