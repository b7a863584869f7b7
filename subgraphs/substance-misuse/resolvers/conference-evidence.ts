/**
 * Treatment engagement in one case conference's window. IOM owns the window and the agenda; the
 * gateway brings the window and the person's treatment client ID (from the person index) in the
 * representation, so the answer depends on the conference alone.
 */
import { Ctx, Directive, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { AccessPolicyName, RequiresPolicy, RequiresScope, Scope } from '../../kit/access/directives';
import { IdentifierType } from '../../kit/identifiers';
import { evidenceReference, inConferenceWindow } from '../../kit/conference-window';
import { PartnerRecord, partnerRecord } from '../../kit/partner-record';
import { PartnerConferenceEvidence } from '../../kit/conference-evidence-type';
import type { TreatmentClient } from '../entities/treatment-client.entity';
import type { TreatmentContext } from './treatment-person.resolver';
import { TreatmentPerson } from './types';

@ObjectType('ConferenceEvidence')
@Directive('@key(fields: "id")')
@RequiresPolicy(AccessPolicyName.ROWS)
export class TreatmentConferenceEvidence extends PartnerConferenceEvidence(TreatmentPerson) {
  /** The client ID when a provider holds a record: what the row rule and the loaders use. */
  treatmentClientId!: string | null;

  client?: TreatmentClient | null;
}

@ObjectType('TreatmentAppointmentCounts', { description: 'Engagement. Treatment appointments in a window, kept and missed.' })
export class TreatmentAppointmentCounts {
  @Field(() => Int, { description: 'Appointments attended.' })
  kept!: number;

  @Field(() => Int, { description: 'Appointments missed.' })
  missed!: number;
}

const REQUIRES_WINDOW = '@requires(fields: "since until person { treatmentClientId }")';

@Resolver(() => TreatmentConferenceEvidence)
export class TreatmentConferenceEvidenceResolver {
  @RequiresScope(Scope.TREATMENT_ENGAGEMENT, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => PartnerRecord, { nullable: true, description: 'Engagement. Whether a treatment provider holds a record of the person, and when its data about them last changed.' })
  treatmentRecord(@Root() evidence: TreatmentConferenceEvidence): PartnerRecord {
    return partnerRecord(evidence.client?.recordChangedAt, !!evidence.client);
  }

  @RequiresScope(Scope.TREATMENT_ENGAGEMENT, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @RequiresPolicy(AccessPolicyName.ROWS)
  @Directive(REQUIRES_WINDOW)
  @FieldResolver(() => TreatmentAppointmentCounts, { nullable: true, description: 'Engagement. Treatment appointments dated in the window, kept and missed (zeros: none then); null when no provider holds a record.' })
  async treatmentAppointments(@Root() evidence: TreatmentConferenceEvidence, @Ctx() context: TreatmentContext): Promise<TreatmentAppointmentCounts | null> {
    if (!evidence.treatmentClientId) return null;
    const inWindow = (await context.loaders.appointmentsByClientId.load(evidence.treatmentClientId)).filter((appointment) => inConferenceWindow(evidence, appointment.appointmentOn));
    const kept = inWindow.filter((appointment) => appointment.kept).length;
    return { kept, missed: inWindow.length - kept };
  }
}

/** The window and the client ID come in the representation (see evidenceReference). */
export async function resolveConferenceEvidence(
  reference: { id?: unknown; since?: unknown; until?: unknown; person?: { treatmentClientId?: unknown } | null },
  context: TreatmentContext,
): Promise<TreatmentConferenceEvidence | null> {
  const found = await evidenceReference(reference, IdentifierType.TREATMENT_CLIENT_ID, 'treatmentClientId', context.rows);
  if (!found) return null;
  const client = found.identifier ? await context.loaders.clientById.load(found.identifier) : null;
  return { ...found.window, treatmentClientId: client?.treatmentClientId ?? null, client };
}
