import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { requireHubId } from '../../kit/identifiers';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { badUserInput } from '../../kit/errors';
import { Person } from '../entities/person.entity';
import { MatchDecision } from '../entities/match-decision.entity';
import { confirmMatch, rejectMatch } from '../services/matching';
import type { PeopleContext } from './person.resolver';

function optionalReason(reason: string | null | undefined): string | null {
  const trimmed = reason?.trim() ?? '';
  if (trimmed.length > 1000) throw badUserInput('"reason" must be at most 1,000 characters.', { argumentName: 'reason' });
  return trimmed || null;
}

@Resolver()
export class MatchingResolver {
  @RequiresScope(Scope.IDENTITY_LINKING)
  @Mutation(() => Person, { nullable: true, description: 'Confirms that the candidate record is the same person: its identifiers merge into the person, which is returned.' })
  async confirmMatch(
    @Arg('personId', () => ID) personId: string,
    @Arg('candidateId', () => ID) candidateId: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() context: PeopleContext,
  ): Promise<Person> {
    return confirmMatch(context.em, context.loaders, requireHubId(personId, 'personId'), requireHubId(candidateId, 'candidateId'), optionalReason(reason));
  }

  @RequiresScope(Scope.IDENTITY_LINKING)
  @Mutation(() => MatchDecision, { nullable: true, description: 'Records that the candidate is not the same person; the pair is not offered again.' })
  async rejectMatch(
    @Arg('personId', () => ID) personId: string,
    @Arg('candidateId', () => ID) candidateId: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() context: PeopleContext,
  ): Promise<MatchDecision> {
    return rejectMatch(context.em, context.loaders, requireHubId(personId, 'personId'), requireHubId(candidateId, 'candidateId'), optionalReason(reason));
  }
}
