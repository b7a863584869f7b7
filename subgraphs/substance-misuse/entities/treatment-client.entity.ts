import { Entity, PrimaryKey, Property } from '@mikro-orm/postgresql';

/** A person a treatment provider holds a record for, under its own client ID. */
@Entity({ tableName: 'treatment_client' })
export class TreatmentClient {
  @PrimaryKey({ type: 'text' })
  treatmentClientId!: string;

  /** The provider commissioned where the person lives. */
  @Property({ type: 'text' })
  provider!: string;
}
