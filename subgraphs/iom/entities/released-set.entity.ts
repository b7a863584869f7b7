import { Entity, Index, Unique } from '@mikro-orm/postgresql';
import { ReleasedSetRow } from '../../kit/released-set-row';

/**
 * A set of people an outcome measure was answered over, kept so that a later answer over a set
 * differing by a few people can be withheld (see README, "Differencing between answers"). Not a
 * GraphQL type: the members never leave the service. `kind` names the measure and the role of the
 * set in it; `parameters` what changes who is in it (a window length, a population). Members are hub ids.
 */
@Entity({ tableName: 'iom_released_set' })
@Index({ properties: ['kind', 'parameters', 'size'] })
@Unique({ properties: ['kind', 'parameters', 'membersHash'] })
export class IomReleasedSet extends ReleasedSetRow {}
