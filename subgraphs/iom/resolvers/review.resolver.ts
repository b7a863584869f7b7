import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { CaseConference } from '../entities/conference.entity';
import { IomCase } from '../entities/case.entity';
import { PathwayAssessment } from '../entities/assessment.entity';
import { ConferenceAction, RagReview } from '../entities/review.entity';
import { changeSinceEntry } from '../services/case-view';
import { scoresOf } from '../services/pathways';
import type { IomContext } from './context';
import { PathwayScore } from './types';

@Resolver(() => RagReview)
export class RagReviewResolver {
  @FieldResolver(() => CaseConference, { nullable: true })
  conference(@Root() review: RagReview, @Ctx() context: IomContext): CaseConference | null | Promise<CaseConference | null> {
    return context.loaders.conferenceById.answer(review.conferenceId);
  }

  @FieldResolver(() => IomCase, { nullable: true })
  case(@Root() review: RagReview, @Ctx() context: IomContext): Promise<IomCase | null> {
    return context.loaders.caseById.load(review.caseId);
  }

  @FieldResolver(() => [ConferenceAction], { nullable: true, description: 'Actions agreed at this review.' })
  actions(@Root() review: RagReview, @Ctx() context: IomContext): ConferenceAction[] | Promise<ConferenceAction[]> {
    return context.loaders.actionsByReviewId.answer(review.id);
  }
}

@Resolver(() => PathwayAssessment)
export class PathwayAssessmentResolver {
  @FieldResolver(() => [PathwayScore], { nullable: true, description: 'Seven pathways for men, nine for women.' })
  scores(@Root() assessment: PathwayAssessment): PathwayScore[] {
    return scoresOf(assessment);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'This total minus the total at entry (0 at entry).' })
  changeSinceEntry(@Root() assessment: PathwayAssessment, @Ctx() context: IomContext): number | null | Promise<number | null> {
    return context.loaders.assessmentsByCaseId.answer(assessment.caseId, (assessments) => changeSinceEntry(assessments, assessment));
  }
}
