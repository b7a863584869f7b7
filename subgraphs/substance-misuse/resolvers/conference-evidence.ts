/**
 * Treatment engagement in one case conference's window. IOM owns the window and the agenda; the
 * gateway brings the window and the person's treatment client ID (from the person index) in the
 * representation, so the answer depends on the conference alone.
 */
import { Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { Scope } from '../../kit/access/directives';
import { inConferenceWindow } from '../../kit/conference-window';
import { PartnerRecord, partnerRecord } from '../../kit/partner-record';
import { ConferenceEvidenceField, PartnerConferenceEvidence, partnerConferenceEvidenceReference } from '../../kit/conference-evidence';
import type { TreatmentClient } from '../entities/treatment-client.entity';
import type { TreatmentContext } from './treatment-person.resolver';
import { TREATMENT_PERSON, TreatmentPerson } from './types';

/** `record` is the treatment provider's client record; null when none holds one. */
export const TreatmentConferenceEvidence = PartnerConferenceEvidence<'treatmentClientId', TreatmentPerson, TreatmentClient>(TreatmentPerson);
export type TreatmentConferenceEvidence = InstanceType<typeof TreatmentConferenceEvidence>;

@ObjectType('TreatmentAppointmentCounts', { description: 'Engagement. Treatment appointments in a window, kept and missed.' })
export class TreatmentAppointmentCounts {
  @Field(() => Int, { description: 'Appointments attended.' })
  kept!: number;

  @Field(() => Int, { description: 'Appointments missed.' })
  missed!: number;
}

@Resolver(() => TreatmentConferenceEvidence)
export class TreatmentConferenceEvidenceResolver {
  @ConferenceEvidenceField(Scope.TREATMENT_ENGAGEMENT, TREATMENT_PERSON.key)
  @FieldResolver(() => PartnerRecord, { nullable: true, description: 'Engagement. Whether a treatment provider holds a record of the person, and when its data about them last changed.' })
  treatmentRecord(@Root() evidence: TreatmentConferenceEvidence): PartnerRecord {
    return partnerRecord(evidence.record);
  }

  @ConferenceEvidenceField(Scope.TREATMENT_ENGAGEMENT, TREATMENT_PERSON.key)
  @FieldResolver(() => TreatmentAppointmentCounts, { nullable: true, description: 'Engagement. Treatment appointments dated in the window, kept and missed (zeros: none then); null when no provider holds a record.' })
  async treatmentAppointments(@Root() evidence: TreatmentConferenceEvidence, @Ctx() context: TreatmentContext): Promise<TreatmentAppointmentCounts | null> {
    if (!evidence.treatmentClientId) return null;
    const inWindow = (await context.loaders.appointmentsByClientId.load(evidence.treatmentClientId)).filter((appointment) => inConferenceWindow(evidence, appointment.appointmentOn));
    const kept = inWindow.filter((appointment) => appointment.kept).length;
    return { kept, missed: inWindow.length - kept };
  }
}

/** The window and the client ID come in the representation; the client DataLoader says whether a provider holds a record. */
export const resolveConferenceEvidence = partnerConferenceEvidenceReference(TREATMENT_PERSON, (context: TreatmentContext, clientId) => context.loaders.clientById.load(clientId));
