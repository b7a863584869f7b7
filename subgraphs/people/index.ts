/** The people subgraph: the partnership's person index, owner of `Person` and of identifier linking. */
import { defineSubgraph } from '../kit/subgraph';
import { Person } from './entities/person.entity';
import { PersonIdentifier } from './entities/person-identifier.entity';
import { MatchDecision } from './entities/match-decision.entity';
import { createPeopleLoaders } from './services/person-loaders';
import { PersonResolver } from './resolvers/person.resolver';
import { MatchingResolver } from './resolvers/matching.resolver';
import { personReferenceResolvers } from './resolvers/person.reference';
import { peopleMigrations } from './migrations';

export const peopleSubgraph = defineSubgraph({
  name: 'people',
  defaultPort: 4001,
  entities: [Person, PersonIdentifier, MatchDecision],
  migrations: peopleMigrations,
  resolvers: [PersonResolver, MatchingResolver],
  referenceResolvers: personReferenceResolvers,
  createLoaders: createPeopleLoaders,
  // The caseload policy needs the person, so the index's loaders apply it where people are found
  // (see person-loaders.ts); by the time a field is resolved the person is already visible.
  policies: { caseload: () => true },
});
