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
}
