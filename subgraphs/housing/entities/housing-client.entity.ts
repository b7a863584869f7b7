import { Entity, PrimaryKey, Property } from '@mikro-orm/postgresql';

/** A person the housing authority holds a case for, under its own reference. */
@Entity({ tableName: 'housing_client' })
export class HousingClient {
  @PrimaryKey({ type: 'text' })
  housingReference!: string;

  /** The authority holding the case: placements elsewhere are out of borough. */
  @Property({ type: 'text' })
  localAuthorityCode!: string;

  @Property({ type: 'text' })
  localAuthorityName!: string;

  /** When the partner's data about this person last changed (any of its records): set by the partner's system. */
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  recordChangedAt!: Date;
}
