import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';

/**
 * A release from prison the provider was told about by prison treatment services: the start of
 * the continuity-of-care clock (engaged in community treatment within 21 days).
 */
@Entity({ tableName: 'treatment_custody_release' })
@Index({ properties: ['treatmentClientId', 'releaseDate'] })
@Index({ properties: ['releaseDate'] })
export class TreatmentCustodyRelease {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'text' })
  treatmentClientId!: string;

  @Property({ type: 'date' })
  releaseDate!: string;
}
