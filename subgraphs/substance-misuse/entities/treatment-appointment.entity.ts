import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';

/** One treatment appointment, kept or missed: an episode's appointment counts are these, counted. */
@Entity({ tableName: 'treatment_appointment' })
@Index({ properties: ['treatmentClientId', 'appointmentOn'] })
export class TreatmentAppointment {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'text' })
  treatmentClientId!: string;

  @Property({ type: 'uuid' })
  episodeId!: string;

  @Property({ type: 'date' })
  appointmentOn!: string;

  @Property({ type: 'boolean' })
  kept!: boolean;
}
