/**
 * Police records in one case conference's window. IOM owns the window and the agenda; the gateway
 * brings the window and the person's PNC ID (from the person index) in the representation, so the
 * answer depends on the conference alone, never on reviews recorded at it or later.
 */
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Scope } from '../../kit/access/directives';
import { inConferenceWindow } from '../../kit/conference-window';
import { ConferenceEvidenceField, PartnerConferenceEvidence, partnerConferenceEvidenceReference } from '../../kit/conference-evidence';
import { PoliceOffence } from '../entities/offence.entity';
import { PoliceArrest } from '../entities/arrest.entity';
import { PoliceDrugTest } from '../entities/drug-test.entity';
import { PoliceHomeVisit } from '../entities/home-visit.entity';
import { POLICE_PERSON, PolicePerson } from './police-person';
import type { PoliceContext } from './person.resolver';

export const PoliceConferenceEvidence = PartnerConferenceEvidence<'pncId', PolicePerson>(PolicePerson);
export type PoliceConferenceEvidence = InstanceType<typeof PoliceConferenceEvidence>;

@Resolver(() => PoliceConferenceEvidence)
export class PoliceConferenceEvidenceResolver {
  @ConferenceEvidenceField(Scope.OFFENDING, POLICE_PERSON.key)
  @FieldResolver(() => [PoliceOffence], { nullable: true, description: 'Offences committed in the window, newest first; null when the police hold no record of the person.' })
  async offences(@Root() evidence: PoliceConferenceEvidence, @Ctx() context: PoliceContext): Promise<PoliceOffence[] | null> {
    if (!evidence.pncId) return null;
    return (await context.loaders.offencesByPncId.load(evidence.pncId)).filter((offence) => inConferenceWindow(evidence, offence.committedOn));
  }

  @ConferenceEvidenceField(Scope.OFFENDING, POLICE_PERSON.key)
  @FieldResolver(() => [PoliceArrest], { nullable: true, description: 'Arrests in the window, newest first; null when the police hold no record of the person.' })
  async arrests(@Root() evidence: PoliceConferenceEvidence, @Ctx() context: PoliceContext): Promise<PoliceArrest[] | null> {
    if (!evidence.pncId) return null;
    return (await context.loaders.arrestsByPncId.load(evidence.pncId)).filter((arrest) => inConferenceWindow(evidence, arrest.arrestedOn));
  }

  @ConferenceEvidenceField(Scope.POLICE_INTELLIGENCE, POLICE_PERSON.key)
  @FieldResolver(() => [PoliceDrugTest], { nullable: true, description: 'Drug tests on arrest in the window, newest first; null when the police hold no record of the person.' })
  async drugTestsOnArrest(@Root() evidence: PoliceConferenceEvidence, @Ctx() context: PoliceContext): Promise<PoliceDrugTest[] | null> {
    if (!evidence.pncId) return null;
    return (await context.loaders.drugTestsByPncId.load(evidence.pncId)).filter((test) => inConferenceWindow(evidence, test.testedOn));
  }

  @ConferenceEvidenceField(Scope.POLICE_INTELLIGENCE, POLICE_PERSON.key)
  @FieldResolver(() => [PoliceHomeVisit], { nullable: true, description: 'Home visits in the window, newest first; null when the police hold no record of the person.' })
  async homeVisits(@Root() evidence: PoliceConferenceEvidence, @Ctx() context: PoliceContext): Promise<PoliceHomeVisit[] | null> {
    if (!evidence.pncId) return null;
    return (await context.loaders.homeVisitsByPncId.load(evidence.pncId)).filter((visit) => inConferenceWindow(evidence, visit.visitedOn));
  }
}

/** The window and the PNC ID come in the representation; the nominal DataLoader says whether the police hold a record. */
export const resolveConferenceEvidence = partnerConferenceEvidenceReference(POLICE_PERSON, (context: PoliceContext, pncId) => context.loaders.nominalByPncId.load(pncId));
