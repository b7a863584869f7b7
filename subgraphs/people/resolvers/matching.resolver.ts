import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireHubId } from '../../kit/identifiers';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { Person } from '../entities/person.entity';
import { MatchDecision } from '../entities/match-decision.entity';
import { MatchReview } from '../entities/match-review.entity';
import { confirmMatch, rejectMatch, requireReason, splitPerson, type PairDecisionRequest } from '../services/matching';
import { matchRecord, runMatching, type Actor, type OpenCaseCheck } from '../services/match-store';
import { reviewQueue } from '../services/match-queue';
import { thresholdsFromEnvironment } from '../services/match-model';
import { loadCurrentPerson } from '../services/person-loaders';
import { badUserInput } from '../../kit/errors';
import type { PeopleContext } from './person.resolver';
import { MatchEvidence, MatchReviewConnection, MatchRunSummary } from './types';

/** Read once at start-up: a malformed threshold stops the service instead of matching wrongly. */
export const MATCH_THRESHOLDS = thresholdsFromEnvironment();

const actorOf = (context: PeopleContext): Actor => ({ subject: context.caller.subject, agency: context.caller.agency });

/** The arguments of a decision about a pair, checked: bad ids or a missing reason are refused before anything is read. */
function decisionRequest(personId: string, candidateId: string, reason: string, context: PeopleContext): PairDecisionRequest {
  return {
    personId: requireHubId(personId, 'personId'),
    candidateId: requireHubId(candidateId, 'candidateId'),
    reason: requireReason(reason),
    actor: actorOf(context),
    thresholds: MATCH_THRESHOLDS,
  };
}

/**
 * Which of these hub ids have an open IOM case: asked of the IOM service with the caller's own
 * signed context (the same way the row rules read the caseload), so the index never keeps a copy
 * of IOM's data that could go stale.
 */
const openCasesAtIom = (context: PeopleContext): OpenCaseCheck => async (hubIds) => {
  if (hubIds.length === 0) return new Set();
  const data = await context.askSubgraph<{ iomOpenCasePeople: string[] }>('iom', 'query OpenCases($ids: [ID!]!) { iomOpenCasePeople(personIds: $ids) }', { ids: hubIds });
  return new Set(data.iomOpenCasePeople);
};

@Resolver()
export class MatchingResolver {
  @RequiresScope(Scope.IDENTITY_LINKING)
  @Query(() => MatchReviewConnection, { nullable: true, description: 'Pairs of index records waiting for a person to decide, oldest first.' })
  matchReviewQueue(
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 500 (default 20).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after: string | null,
    @Ctx() context: PeopleContext,
  ): Promise<MatchReviewConnection> {
    return reviewQueue(context.em, context.rows, first, after);
  }

  @RequiresScope(Scope.IDENTITY_LINKING)
  @Mutation(() => MatchRunSummary, { nullable: true, description: 'Matches every current record against every other: joins what scores at or above the join threshold with an agreeing identifier, queues what needs a person.' })
  runMatching(@Ctx() context: PeopleContext): Promise<MatchRunSummary> {
    return runMatching(context.em, MATCH_THRESHOLDS, openCasesAtIom(context), actorOf(context));
  }

  @RequiresScope(Scope.IDENTITY_LINKING)
  @Mutation(() => MatchRunSummary, { nullable: true, description: 'Matches one record (new, or changed) against the index, as the batch run would.' })
  async matchPerson(@Arg('personId', () => ID) personId: string, @Ctx() context: PeopleContext): Promise<MatchRunSummary> {
    const person = await loadCurrentPerson(context.loaders, requireHubId(personId, 'personId'));
    if (!person) throw badUserInput(`No person has id ${personId}.`, { argumentName: 'personId' });
    return matchRecord(context.em, person.id, MATCH_THRESHOLDS, openCasesAtIom(context), actorOf(context));
  }

  @RequiresScope(Scope.IDENTITY_LINKING)
  @Mutation(() => Person, { nullable: true, description: 'Confirms that the candidate record is the same person: it merges into the person, which is returned. Refused while both have an open IOM case.' })
  async confirmMatch(
    @Arg('personId', () => ID) personId: string,
    @Arg('candidateId', () => ID) candidateId: string,
    @Arg('reason', () => String, { description: 'Why: kept with the decision.' }) reason: string,
    @Ctx() context: PeopleContext,
  ): Promise<Person> {
    return confirmMatch(context.em, context.loaders, decisionRequest(personId, candidateId, reason, context), openCasesAtIom(context));
  }

  @RequiresScope(Scope.IDENTITY_LINKING)
  @Mutation(() => MatchDecision, { nullable: true, description: 'Records that the candidate is not the same person; the pair is not offered again.' })
  async rejectMatch(
    @Arg('personId', () => ID) personId: string,
    @Arg('candidateId', () => ID) candidateId: string,
    @Arg('reason', () => String, { description: 'Why: kept with the decision.' }) reason: string,
    @Ctx() context: PeopleContext,
  ): Promise<MatchDecision> {
    return rejectMatch(context.em, context.loaders, decisionRequest(personId, candidateId, reason, context));
  }

  @RequiresScope(Scope.IDENTITY_LINKING)
  @Mutation(() => [Person], { nullable: true, description: 'Splits a person back into the records it was made from (the person first); the merges stay in the history, superseded.' })
  async splitPerson(
    @Arg('personId', () => ID) personId: string,
    @Arg('reason', () => String, { description: 'Why: kept with the decision.' }) reason: string,
    @Ctx() context: PeopleContext,
  ): Promise<Person[]> {
    return splitPerson(context.em, context.loaders, requireHubId(personId, 'personId'), requireReason(reason), actorOf(context));
  }
}

@Resolver(() => MatchReview)
export class MatchReviewResolver {
  @FieldResolver(() => Person, { nullable: true, description: 'One record of the pair.' })
  person(@Root() review: MatchReview, @Ctx() context: PeopleContext): Promise<Person | null> {
    return loadCurrentPerson(context.loaders, review.personId);
  }

  @FieldResolver(() => Person, { nullable: true, description: 'The other record of the pair.' })
  candidate(@Root() review: MatchReview, @Ctx() context: PeopleContext): Promise<Person | null> {
    return loadCurrentPerson(context.loaders, review.candidateId);
  }

  @RequiresScope(Scope.IDENTITY_LINKING)
  @FieldResolver(() => [MatchEvidence], { nullable: true, description: 'The comparison of each field, as scored when the pair was queued.' })
  evidence(@Root() review: MatchReview): MatchEvidence[] {
    return review.evidence;
  }
}

@Resolver(() => Person)
export class PersonMatchHistoryResolver {
  @RequiresScope(Scope.IDENTITY_LINKING)
  @FieldResolver(() => [MatchDecision], { nullable: true, description: 'Every link, merge, rejection and split naming this person or a record it was made from, newest first, superseded ones included.' })
  matchHistory(@Root() person: Person, @Ctx() context: PeopleContext): Promise<MatchDecision[]> {
    return context.loaders.historyByPersonId.load(person.id).then((rows) => rows.map((row) => row.decision));
  }
}
