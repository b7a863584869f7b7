import { Arg, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit/subgraph';
import { Authenticated, RequiresScope, Scope } from '../../kit/access/directives';
import { badUserInput } from '../../kit/errors';
import { HUB_ID } from '../../kit/access/rows';
import { isRowKeyType } from '../../kit/access/row-key-type';
import { IdentifierType, requireHubId, requireValidIdentifier } from '../../kit/identifiers';
import { IdentifierFieldResolvers } from '../../kit/identifier-fields';
import { Person } from '../entities/person.entity';
import { PersonIdentifier } from '../entities/person-identifier.entity';
import { followMerges, loadCurrentPerson, loadPersonByIdentifier, type PeopleLoaders } from '../services/person-loaders';
import { candidatesFor } from '../services/matching';
import { MATCH_THRESHOLDS } from './matching.resolver';
import { searchPeople } from '../services/person-search';
import { CandidateMatch, PersonConnection, PersonFilter } from './types';

export type PeopleContext = SubgraphContext<PeopleLoaders>;

async function firstIdentifier(context: PeopleContext, person: Person, type: IdentifierType): Promise<string | null> {
  const identifiers = await context.loaders.identifiersByPersonId.load(person.id);
  return identifiers.find((identifier) => identifier.type === type)?.value ?? null;
}

@Resolver(() => Person)
export class PersonResolver {
  @RequiresScope(Scope.IDENTITY)
  @Query(() => Person, { nullable: true, description: 'A person by hub id; null when no one has it. A merged record answers with the person it was merged into.' })
  async person(@Arg('id', () => ID) id: string, @Ctx() context: PeopleContext): Promise<Person | null> {
    return loadCurrentPerson(context.loaders, requireHubId(id));
  }

  @RequiresScope(Scope.IDENTITY)
  @Query(() => Person, { nullable: true, description: "A person by one partner's identifier; null when no one holds it. A malformed value is refused with the expected format." })
  async personByIdentifier(
    @Arg('type', () => IdentifierType) type: IdentifierType,
    @Arg('value', () => String) value: string,
    @Ctx() context: PeopleContext,
  ): Promise<Person | null> {
    return loadPersonByIdentifier(context.loaders, { type, value: requireValidIdentifier(type, value) });
  }

  @RequiresScope(Scope.IDENTITY)
  @Query(() => PersonConnection, { nullable: true, description: 'People in the index, filtered and paged with a cursor.' })
  async people(
    @Arg('filter', () => PersonFilter, { nullable: true }) filter: PersonFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 500 (default 20).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after: string | null,
    @Ctx() context: PeopleContext,
  ): Promise<PersonConnection> {
    return searchPeople(context.em, context.rows, filter ?? {}, first, after);
  }

  /**
   * For the hub's own services, not for callers (@inaccessible keeps it out of the API): which
   * keys of one kind are inside the caller's row rule; null when every row is.
   */
  @Authenticated()
  @Directive('@inaccessible')
  @Query(() => [String], { nullable: true, description: "Keys of one kind (HUB_ID or an identifier type) inside the caller's row rule; null for every row." })
  async visibleRowKeys(@Arg('type', () => String) type: string, @Ctx() context: PeopleContext): Promise<string[] | null> {
    if (!isRowKeyType(type)) throw badUserInput(`Unknown key type "${type}".`, { argumentName: 'type' });
    // The rule's own members: each subgraph reads the restricted people withheld from the caller itself.
    const keys = await context.rows.ruleMembers(type);
    return keys === null ? null : [...keys];
  }

  /**
   * For the hub's own services, not for callers (@inaccessible keeps it out of the API): the hub
   * id a person is known by now, following merges as `person` does; null when the index has never
   * heard of it or when it belongs to a restricted person withheld from the caller, so the two
   * answer alike. The row rule does not narrow it: IOM asks before referring someone who is not
   * yet inside the caller's rule.
   */
  @Authenticated()
  @Directive('@inaccessible')
  @Query(() => ID, { nullable: true, description: 'The current hub id of this hub id (following merges); null when unknown to the caller.' })
  async currentHubId(@Arg('id', () => ID) id: string, @Ctx() context: PeopleContext): Promise<string | null> {
    const current = await followMerges(context.loaders, requireHubId(id));
    if (!current) return null;
    return (await context.rows.visibleKeys(HUB_ID)).withheld.has(current.id) ? null : current.id;
  }

  @RequiresScope(Scope.IDENTITY)
  @FieldResolver(() => [PersonIdentifier], { nullable: true, description: 'Every partner identifier linked to this person, with provenance.' })
  async identifiers(@Root() person: Person, @Ctx() context: PeopleContext): Promise<PersonIdentifier[]> {
    return context.loaders.identifiersByPersonId.load(person.id);
  }

  /** The first identifier of each type linked to the person: `pncId`, `crn`, `prisonNumber`, `housingReference`, `treatmentClientId`, `nhsNumber`. */
  @IdentifierFieldResolvers<Person, PeopleContext>((person, context, type) => firstIdentifier(context, person, type))
  readonly identifierFields?: never;

  @RequiresScope(Scope.IDENTITY)
  @FieldResolver(() => [CandidateMatch], { nullable: true, description: 'Other index records a blocking rule pairs with this person, scoring at or above the review threshold and not decided on yet; best first.' })
  async candidateMatches(@Root() person: Person, @Ctx() context: PeopleContext): Promise<CandidateMatch[]> {
    return candidatesFor(context.loaders, person, MATCH_THRESHOLDS);
  }
}

