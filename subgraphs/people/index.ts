/** The people subgraph: the partnership's person index, owner of `Person` and of identifier linking. */
import { defineSubgraph } from '../kit/subgraph';
import { CohortKeysResolver } from './resolvers/cohort-keys.resolver';
import { HUB_ID, rowsPolicy } from '../kit/access/rows';
import { personIndexRowSource } from './services/row-membership';
import { Person } from './entities/person.entity';
import { PersonIdentifier } from './entities/person-identifier.entity';
import { MatchDecision } from './entities/match-decision.entity';
import { MatchReview } from './entities/match-review.entity';
import { ReportedIdentifier } from './entities/reported-identifier.entity';
import { PersonRestriction } from './entities/person-restriction.entity';
import { RestrictionResolver } from './resolvers/restriction.resolver';
import { localWithheldKeys } from './services/restriction';
import { createPeopleLoaders, hubIdsForKeys } from './services/person-loaders';
import { PersonResolver } from './resolvers/person.resolver';
import { MatchingResolver, MatchReviewResolver, PersonMatchHistoryResolver } from './resolvers/matching.resolver';
import { personReferenceResolvers } from './resolvers/person.reference';
import { peopleMigrations } from './migrations';

export const peopleSubgraph = defineSubgraph({
  name: 'people',
  defaultPort: 4001,
  entities: [Person, PersonIdentifier, MatchDecision, MatchReview, ReportedIdentifier, PersonRestriction],
  migrations: peopleMigrations,
  resolvers: [PersonResolver, MatchingResolver, MatchReviewResolver, PersonMatchHistoryResolver, CohortKeysResolver, RestrictionResolver],
  referenceResolvers: personReferenceResolvers,
  createLoaders: createPeopleLoaders,
  // Judged on each person a field returns; references go through the same row guard in the loaders.
  policies: rowsPolicy((person) => ({ type: HUB_ID, value: (person as Person).id })),
  rowKeySource: personIndexRowSource,
  // Restricted people are the index's own data: read locally, and served to the other subgraphs.
  withheldKeyStore: localWithheldKeys,
  // Who an answer disclosed, for the gateway's audit record: a plain route, not a GraphQL field.
  auditHubIds: hubIdsForKeys,
});
