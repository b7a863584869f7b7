import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/postgresql';

/** A person a treatment provider holds a record for, under its own client ID. */
@Entity({ tableName: 'treatment_client' })
export class TreatmentClient {
  [OptionalProps]?: 'consentToShareRecordedOn' | 'recordChangedAt';

  @PrimaryKey({ type: 'text' })
  treatmentClientId!: string;

  /** The provider commissioned where the person lives. */
  @Property({ type: 'text' })
  provider!: string;

  /**
   * When the person consented to their clinical treatment data being shared with the partnership.
   * Without it, clinical data of a non-statutory case stays with the provider.
   */
  @Property({ type: 'date', nullable: true })
  consentToShareRecordedOn: string | null = null;

  /** When the partner's data about this person last changed (any of its records): set by the partner's system. */
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  recordChangedAt!: Date;
}
