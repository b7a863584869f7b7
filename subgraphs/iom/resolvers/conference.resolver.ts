import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { requireHubId } from '../../kit/identifiers';
import { CaseConference, ConferenceAttendance } from '../entities/conference.entity';
import { IomCase } from '../entities/case.entity';
import { PathwayAssessment } from '../entities/assessment.entity';
import { ConferenceAction, RagReview } from '../entities/review.entity';
import { RagRating } from '../entities/enums';
import { IomPerson } from '../entities/iom-person';
import { assessmentsOf, changeSinceEntry, consecutiveGreens, evidenceWindowOf, GREENS_FOR_DESELECTION, openActionsOf, reviewsOf } from '../services/case-view';
import { listConferences } from '../services/lists';
import type { IomContext } from './context';
import { AgendaItem, CaseConferenceConnection, ConferenceEvidence } from './types';
import { RequiresScope, Scope } from '../../kit/access/directives';

@Resolver(() => CaseConference)
export class CaseConferenceResolver {
  @RequiresScope(Scope.CASE_CONFERENCE)
  @Query(() => CaseConference, { nullable: true, description: 'A case conference by id; null when none has it.' })
  caseConference(@Arg('id', () => ID) id: string, @Ctx() context: IomContext): Promise<CaseConference | null> {
    return context.loaders.conferenceById.load(requireHubId(id));
  }

  @RequiresScope(Scope.CASE_CONFERENCE)

  @Query(() => CaseConferenceConnection, { nullable: true, description: 'Case conferences, newest first (planned ones included).' })
  caseConferences(
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 500 (default 20).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after: string | null,
    @Ctx() context: IomContext,
  ): Promise<CaseConferenceConnection> {
    return listConferences(context.em, first, after);
  }

  @FieldResolver(() => [ConferenceAttendance], { description: 'Agencies that attended and how many people each sent.' })
  attendance(@Root() conference: CaseConference, @Ctx() context: IomContext): Promise<ConferenceAttendance[]> {
    return context.loaders.attendanceByConferenceId.load(conference.id);
  }

  @FieldResolver(() => [AgendaItem], {
    nullable: true,
    description: 'Everyone due for review: every case adopted on or before the day and not ended before it, with IOM data as it stood before the conference.',
  })
  async agenda(@Root() conference: CaseConference, @Ctx() context: IomContext): Promise<AgendaItem[]> {
    const rows = await context.loaders.agendaByDate.load(conference.heldOn);
    return rows.map((row) => ({ conference, iomCase: row.iomCase }));
  }

  @FieldResolver(() => Int, { description: 'How many people are due for review.' })
  async agendaSize(@Root() conference: CaseConference, @Ctx() context: IomContext): Promise<number> {
    return (await context.loaders.agendaByDate.load(conference.heldOn)).length;
  }

  @FieldResolver(() => [RagReview], { nullable: true, description: 'The reviews recorded at this conference: the people reviewed.' })
  reviews(@Root() conference: CaseConference, @Ctx() context: IomContext): Promise<RagReview[]> {
    return context.loaders.reviewsByConferenceId.load(conference.id);
  }
}

@Resolver(() => ConferenceEvidence)
export class ConferenceEvidenceResolver {
  @FieldResolver(() => IomPerson, { nullable: true, description: 'The person: partners find their own records through their own identifier.' })
  person(@Root() evidence: ConferenceEvidence): IomPerson {
    return { id: evidence.iomCase.personId };
  }
}

@Resolver(() => AgendaItem)
export class AgendaItemResolver {
  @FieldResolver(() => IomPerson, { nullable: true, description: 'The person: identity and every partner’s data come from their own subgraphs.' })
  person(@Root() item: AgendaItem): IomPerson {
    return { id: item.iomCase.personId };
  }

  @FieldResolver(() => ConferenceEvidence, {
    nullable: true,
    description: "Partners' records in this conference's window (the review before it, or adoption, to its day): offences, arrests, compliance and more.",
  })
  async evidence(@Root() item: AgendaItem, @Ctx() context: IomContext): Promise<ConferenceEvidence> {
    const window = await evidenceWindowOf(context.loaders, item.iomCase, item.conference.heldOn);
    return { id: `${item.conference.id}:${item.iomCase.id}`, ...window, iomCase: item.iomCase };
  }

  @FieldResolver(() => IomCase, { nullable: true, description: 'The IOM case: cohort, strand, basis, lead agency, key worker, status.' })
  case(@Root() item: AgendaItem): IomCase {
    return item.iomCase;
  }

  @FieldResolver(() => [RagReview], { nullable: true, description: 'Reviews before this conference, oldest first.' })
  ragHistory(@Root() item: AgendaItem, @Ctx() context: IomContext): Promise<RagReview[]> {
    return reviewsOf(context.loaders, item.iomCase.id, item.conference.heldOn);
  }

  @FieldResolver(() => RagRating, { nullable: true, description: 'The rating at the last review before this conference.' })
  async previousRag(@Root() item: AgendaItem, @Ctx() context: IomContext): Promise<RagRating | null> {
    return (await reviewsOf(context.loaders, item.iomCase.id, item.conference.heldOn)).at(-1)?.rating ?? null;
  }

  @FieldResolver(() => LocalDateResolver, { nullable: true, description: 'The last review before this conference.' })
  async lastReviewedOn(@Root() item: AgendaItem, @Ctx() context: IomContext): Promise<string | null> {
    return (await reviewsOf(context.loaders, item.iomCase.id, item.conference.heldOn)).at(-1)?.reviewedOn ?? null;
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'Three consecutive greens before this conference: deselection may be considered.' })
  async eligibleForDeselection(@Root() item: AgendaItem, @Ctx() context: IomContext): Promise<boolean> {
    return consecutiveGreens(await reviewsOf(context.loaders, item.iomCase.id, item.conference.heldOn)) >= GREENS_FOR_DESELECTION;
  }

  @FieldResolver(() => PathwayAssessment, { nullable: true, description: 'The latest pathway assessment on or before the day.' })
  async latestPathwayAssessment(@Root() item: AgendaItem, @Ctx() context: IomContext): Promise<PathwayAssessment | null> {
    return (await assessmentsOf(context.loaders, item.iomCase.id, item.conference.heldOn)).at(-1) ?? null;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'That assessment’s total minus the total at entry.' })
  async pathwayChangeSinceEntry(@Root() item: AgendaItem, @Ctx() context: IomContext): Promise<number | null> {
    const assessments = await assessmentsOf(context.loaders, item.iomCase.id, item.conference.heldOn);
    const latest = assessments.at(-1);
    return latest ? changeSinceEntry(assessments, latest) : null;
  }

  @FieldResolver(() => [ConferenceAction], { nullable: true, description: 'Actions agreed before this conference and still open on the day.' })
  openActions(@Root() item: AgendaItem, @Ctx() context: IomContext): Promise<ConferenceAction[]> {
    return openActionsOf(context.loaders, item.iomCase.id, item.conference.heldOn);
  }

  @FieldResolver(() => RagReview, { nullable: true, description: 'The review recorded at this conference, once it has been.' })
  async review(@Root() item: AgendaItem, @Ctx() context: IomContext): Promise<RagReview | null> {
    return (await context.loaders.reviewsByCaseId.load(item.iomCase.id)).find((review) => review.conferenceId === item.conference.id) ?? null;
  }
}
