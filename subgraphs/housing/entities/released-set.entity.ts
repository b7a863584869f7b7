import { Entity, Index, Unique } from '@mikro-orm/postgresql';
import { ReleasedSetRow } from '../../kit/released-set-row';

/**
 * A set of releases a partner-wide measure (`releaseHousingPerformance`) was answered over, kept so that a
 * later answer over a set differing by a few can be withheld (see README, "Differencing between
 * answers"). Not a GraphQL type: the members never leave the service. Each member is an id derived
 * from one release (housing reference and release day), not a person's identifier.
 */
@Entity({ tableName: 'housing_released_set' })
@Index({ properties: ['kind', 'parameters', 'size'] })
@Unique({ properties: ['kind', 'parameters', 'membersHash'] })
export class HousingReleasedSet extends ReleasedSetRow {}
