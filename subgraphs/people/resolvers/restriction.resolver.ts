import { Arg, Ctx, Directive, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { Authenticated, RequiresScope, Scope } from '../../kit/access/directives';
import { HUB_ID } from '../../kit/access/rows';
import { badUserInput } from '../../kit/errors';
import { requireHubId } from '../../kit/identifiers';
import { Connection } from '../../kit/pagination';
import { PersonRestriction } from '../entities/person-restriction.entity';
import { isRowKeyType } from '../../kit/access/row-key-type';
import { liftRestriction, requireNames, requireReason, restrictPerson, searchRestrictions, withheldKeys } from '../services/restriction';
import type { PeopleContext } from './person.resolver';

@InputType({ description: 'Restrict a person to a named list of people and teams.' })
export class RestrictPersonInput {
  @Field(() => ID, { description: 'The hub id of the person (not a merged record).' })
  personId!: string;

  @Field(() => String, { description: 'Why (at most 1,000 characters); kept with the restriction and shown to whoever manages restrictions.' })
  reason!: string;

  @Field(() => [String], { nullable: true, description: 'People (token subjects) who may still see the person; at most 100.' })
  allowedPeople?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Teams (the token team claim) whose members may still see the person; at most 100.' })
  allowedTeams?: string[] | null;
}

@InputType({ description: 'Narrows the restrictions listed.' })
export class PersonRestrictionFilter {
  @Field(() => ID, { nullable: true })
  personId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Also list restrictions lifted or replaced (history); default false.' })
  includeLifted?: boolean | null;
}

@ObjectType({ description: 'A page of restrictions, newest first.' })
export class PersonRestrictionConnection extends Connection(PersonRestriction, 'PersonRestriction') {}

/** Notes the person a restriction names, so the audit record of this request names them. */
function noted<T extends PersonRestriction>(context: PeopleContext, restriction: T): T {
  context.rows.note(HUB_ID, restriction.personId);
  return restriction;
}

@Resolver()
export class RestrictionResolver {
  @RequiresScope(Scope.PERSON_RESTRICTION)
  @Mutation(() => PersonRestriction, {
    nullable: true,
    description: 'Restricts a person: from the next request on, only the people and teams named may see them; to anyone else they do not exist. Replaces a restriction already holding (which is kept as history).',
  })
  async restrictPerson(@Arg('input', () => RestrictPersonInput) input: RestrictPersonInput, @Ctx() context: PeopleContext): Promise<PersonRestriction> {
    const request = {
      personId: requireHubId(input.personId, 'input.personId'),
      reason: requireReason(input.reason, 'input.reason'),
      allowedPeople: requireNames(input.allowedPeople ?? [], 'input.allowedPeople'),
      allowedTeams: requireNames(input.allowedTeams ?? [], 'input.allowedTeams'),
    };
    return noted(context, await restrictPerson(context.em, context.caller, request));
  }

  @RequiresScope(Scope.PERSON_RESTRICTION)
  @Mutation(() => PersonRestriction, { nullable: true, description: "Lifts a person's restriction, with the reason; the restriction is kept as history." })
  async liftPersonRestriction(
    @Arg('personId', () => ID) personId: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() context: PeopleContext,
  ): Promise<PersonRestriction> {
    return noted(context, await liftRestriction(context.em, context.caller, requireHubId(personId, 'personId'), requireReason(reason, 'reason')));
  }

  @RequiresScope(Scope.PERSON_RESTRICTION)
  @Query(() => PersonRestrictionConnection, { nullable: true, description: 'Restrictions, newest first: those holding, or (includeLifted) their history too.' })
  async personRestrictions(
    @Arg('filter', () => PersonRestrictionFilter, { nullable: true }) filter: PersonRestrictionFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 500 (default 20).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after: string | null,
    @Ctx() context: PeopleContext,
  ) {
    const personId = filter?.personId ? requireHubId(filter.personId, 'filter.personId') : null;
    const page = await searchRestrictions(context.em, { personId, includeLifted: filter?.includeLifted }, first, after);
    for (const edge of page.edges) noted(context, edge.node);
    return page;
  }

  /**
   * For the hub's own services, not for callers (@inaccessible keeps it out of the API): keys of
   * one kind held by restricted people the caller is not named on. Every subgraph asks once per
   * request.
   */
  @Authenticated()
  @Directive('@inaccessible')
  @Query(() => [String], { nullable: true, description: 'Keys of one kind (HUB_ID or an identifier type) held by restricted people the caller may not see.' })
  async withheldRowKeys(@Arg('type', () => String) type: string, @Ctx() context: PeopleContext): Promise<string[]> {
    if (!isRowKeyType(type)) throw badUserInput(`Unknown key type "${type}".`, { argumentName: 'type' });
    if (context.caller.rows === 'none') return [];
    return withheldKeys(context.em, context.caller, type);
  }
}
