import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { requireHubId } from '../../kit/identifiers';
import { IomCase } from '../entities/case.entity';
import { IomCohort } from '../entities/cohort.entity';
import { PathwayAssessment } from '../entities/assessment.entity';
import { ConferenceAction, RagReview } from '../entities/review.entity';
import { IomCaseStatus, IomStrand, RagRating } from '../entities/enums';
import { IomPerson } from '../entities/iom-person';
import { caseView } from '../services/case-view';
import { searchCases } from '../services/lists';
import type { IomContext } from './context';
import { IomCaseConnection, IomCaseFilter } from './types';
import { Authenticated, RequiresScope, Scope } from '../../kit/access/directives';
import { HUB_ID } from '../../kit/access/rows';
import { iomRowMembers, openCasePeople } from '../services/row-members';

@Resolver(() => IomCase)
export class IomCaseResolver {
  /**
   * For the person index, not for callers (@inaccessible keeps it out of the API): the hub ids
   * IOM counts in the caller's own row rule — the caseload, or a conference's people.
   */
  @Authenticated()
  @Directive('@inaccessible')
  @Query(() => [ID], { nullable: true, description: "Hub ids IOM counts in the caller's row rule: the caseload, or a conference's people." })
  iomRowMembers(@Ctx() context: IomContext): Promise<string[]> {
    return iomRowMembers(context.em, context.caller);
  }

  /**
   * For the person index, not for callers (@inaccessible keeps it out of the API): which of these
   * hub ids have an open IOM case (referred, accepted or adopted). The index asks it before
   * merging two people, with the caller's own context, so only a caller who may link identities
   * learns it.
   */
  @RequiresScope(Scope.IDENTITY_LINKING)
  @Directive('@inaccessible')
  @Query(() => [ID], { nullable: true, description: 'Which of these hub ids have an open IOM case (referred, accepted or adopted).' })
  iomOpenCasePeople(@Arg('personIds', () => [ID]) personIds: string[], @Ctx() context: IomContext): Promise<string[]> {
    return openCasePeople(context.em, personIds.map((id) => requireHubId(id, 'personIds')));
  }

  @RequiresScope(Scope.CASE_CONFERENCE)
  @Query(() => IomCase, { nullable: true, description: 'An IOM case by id; null when none has it.' })
  async iomCase(@Arg('id', () => ID) id: string, @Ctx() context: IomContext): Promise<IomCase | null> {
    return context.loaders.caseById.load(requireHubId(id));
  }

  @RequiresScope(Scope.CASE_CONFERENCE)

  @Query(() => IomCaseConnection, { nullable: true, description: 'IOM cases, filtered and paged with a cursor.' })
  async iomCases(
    @Arg('filter', () => IomCaseFilter, { nullable: true }) filter: IomCaseFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 500 (default 20).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after: string | null,
    @Ctx() context: IomContext,
  ): Promise<IomCaseConnection> {
    return searchCases(context.em, filter ?? {}, first, after, await context.rows.visibleKeys(HUB_ID));
  }

  @FieldResolver(() => IomPerson, { nullable: true, description: 'The person, resolved by the person index.' })
  person(@Root() iomCase: IomCase): IomPerson {
    return { id: iomCase.personId };
  }

  @FieldResolver(() => IomCohort, { nullable: true })
  cohort(@Root() iomCase: IomCase, @Ctx() context: IomContext): IomCohort | null | Promise<IomCohort | null> {
    return context.loaders.cohortByCode.answer(iomCase.cohortCode);
  }

  @FieldResolver(() => IomStrand, { nullable: true })
  strand(@Root() iomCase: IomCase, @Ctx() context: IomContext): IomStrand | null | Promise<IomStrand | null> {
    return context.loaders.cohortByCode.answer(iomCase.cohortCode, (cohort) => cohort?.strand ?? null);
  }

  @FieldResolver(() => Int, { nullable: true, description: "Place on the cohort's waiting list (1 = adopted next); null unless accepted and waiting." })
  async waitingListPosition(@Root() iomCase: IomCase, @Ctx() context: IomContext): Promise<number | null> {
    if (iomCase.status !== IomCaseStatus.ACCEPTED) return null;
    const waiting = await context.loaders.waitingListByCohort.load(iomCase.cohortCode);
    const index = waiting.findIndex((other) => other.id === iomCase.id);
    return index < 0 ? null : index + 1;
  }

  @FieldResolver(() => [RagReview], { nullable: true, description: 'Every review, oldest first.' })
  ragHistory(@Root() iomCase: IomCase, @Ctx() context: IomContext): Promise<RagReview[]> {
    return caseView(context.loaders, iomCase).reviews();
  }

  @FieldResolver(() => RagRating, { nullable: true, description: 'The rating at the latest review.' })
  async currentRag(@Root() iomCase: IomCase, @Ctx() context: IomContext): Promise<RagRating | null> {
    return (await caseView(context.loaders, iomCase).lastReview())?.rating ?? null;
  }

  @FieldResolver(() => LocalDateResolver, { nullable: true })
  async lastReviewedOn(@Root() iomCase: IomCase, @Ctx() context: IomContext): Promise<string | null> {
    return (await caseView(context.loaders, iomCase).lastReview())?.reviewedOn ?? null;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Green reviews in a row, counting back from the latest.' })
  consecutiveGreens(@Root() iomCase: IomCase, @Ctx() context: IomContext): Promise<number> {
    return caseView(context.loaders, iomCase).consecutiveGreens();
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'Adopted, with three consecutive green reviews.' })
  eligibleForDeselection(@Root() iomCase: IomCase, @Ctx() context: IomContext): Promise<boolean> {
    return caseView(context.loaders, iomCase).eligibleForDeselection();
  }

  @FieldResolver(() => [PathwayAssessment], { nullable: true, description: 'Every pathway assessment, entry first.' })
  pathwayAssessments(@Root() iomCase: IomCase, @Ctx() context: IomContext): Promise<PathwayAssessment[]> {
    return caseView(context.loaders, iomCase).assessments();
  }

  @FieldResolver(() => PathwayAssessment, { nullable: true })
  latestPathwayAssessment(@Root() iomCase: IomCase, @Ctx() context: IomContext): Promise<PathwayAssessment | null> {
    return caseView(context.loaders, iomCase).latestAssessment();
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Latest pathway total minus the total at entry (negative: needs falling).' })
  pathwayChangeSinceEntry(@Root() iomCase: IomCase, @Ctx() context: IomContext): Promise<number | null> {
    return caseView(context.loaders, iomCase).pathwayChangeSinceEntry();
  }

  @FieldResolver(() => [ConferenceAction], { nullable: true, description: 'Every action agreed for this person.' })
  actions(@Root() iomCase: IomCase, @Ctx() context: IomContext): Promise<ConferenceAction[]> {
    return context.loaders.actionsByCaseId.load(iomCase.id);
  }

  @FieldResolver(() => [ConferenceAction], { nullable: true, description: 'Actions open or in progress.' })
  openActions(@Root() iomCase: IomCase, @Ctx() context: IomContext): Promise<ConferenceAction[]> {
    return caseView(context.loaders, iomCase).openActions();
  }
}
