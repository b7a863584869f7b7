import { LocalDateResolver } from 'graphql-scalars';
import { Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { Arg, Ctx, Directive, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { requireHubId } from '../../kit/identifiers';
import { badUserInput } from '../../kit/errors';
import { encodeCursor, MAX_PAGE_SIZE, pageRequest } from '../../kit/pagination';
import { CaseConference, ConferenceAttendance } from '../entities/conference.entity';
import { IomCase } from '../entities/case.entity';
import { PathwayAssessment } from '../entities/assessment.entity';
import { ConferenceAction, RagReview } from '../entities/review.entity';
import { RagRating } from '../entities/enums';
import { IomPerson } from '../entities/iom-person';
import { caseView, consecutiveGreens, eligibleForDeselection, evidenceWindow, GREENS_FOR_DESELECTION, isOverdue, latestChangeSinceEntry } from '../services/case-view';
import { listConferences } from '../services/lists';
import type { IomContext } from './context';
import { AgendaFilter, AgendaItem, AgendaSummary, CaseConferenceConnection, ConferenceEvidence } from './types';
import { HUB_ID } from '../../kit/access/rows';
import { IomCaseStatus } from '../entities/enums';
import { WAITING_LIST_ORDER } from '../services/iom-loaders';
import { RequiresAnyScopes, RequiresScope, Scope } from '../../kit/access/directives';
import { addressDisagreement, custodyDisagreement } from '../services/disagreements';

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
    description:
      'Everyone due for review (every case adopted on or before the day and not ended before it) that the caller may see, with IOM data as it stood before the conference, in discussion order: RED at the previous review first, then AMBER, then those not yet reviewed, then those eligible for deselection, then the other GREENs; within each, more overdue actions first, then the longest since the last review. Filtered and paged when asked (`first` up to 500, `after` an item\'s cursor); all of it otherwise.',
  })
  async agenda(
    @Root() conference: CaseConference,
    @Ctx() context: IomContext,
    @Arg('filter', () => AgendaFilter, { nullable: true }) filter: AgendaFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 500; the whole agenda when not given.' }) first: number | null | undefined,
    @Arg('after', () => String, { nullable: true, description: 'The cursor of the last item of the previous page.' }) after: string | null | undefined,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AgendaItem[]> {
    const day = conference.heldOn;
    // An argument whose variable the caller left out arrives as undefined, not null: both mean
    // "not given" here, or the shipped operation (sent without `first`) would get a silent first
    // page of MAX_PAGE_SIZE instead of the whole agenda.
    const page = (first ?? null) === null && !after ? null : pageRequest(first ?? MAX_PAGE_SIZE, after, ['uuid']);
    const visible = await context.rows.visibleKeys(HUB_ID);
    const cases = (await context.loaders.agendaByDate.load(day)).map((row) => row.iomCase).filter((iomCase) => visible.has(iomCase.personId));
    const ranked = await Promise.all(
      cases.map(async (iomCase) => {
        const view = caseView(context.loaders, iomCase, day);
        // Every review is read for those before the day anyway: the item keeps both.
        const [reviews, open, cohort, allReviews] = await Promise.all([
          view.reviews(),
          view.openActions(),
          context.loaders.cohortByCode.load(iomCase.cohortCode),
          context.loaders.reviewsByCaseId.load(iomCase.id),
        ]);
        const previous = reviews.at(-1) ?? null;
        return {
          iomCase,
          reviews,
          open,
          allReviews,
          strand: cohort?.strand ?? null,
          previousRag: previous?.rating ?? null,
          band: discussionBand(previous?.rating ?? null, consecutiveGreens(reviews) >= GREENS_FOR_DESELECTION),
          overdue: open.filter((action) => isOverdue(action, day)).length,
          since: previous?.reviewedOn ?? iomCase.adoptedOn ?? day,
        };
      }),
    );
    const wanted = ranked.filter(
      (row) =>
        (!filter?.strand || row.strand === filter.strand) &&
        (!filter?.cohort || row.iomCase.cohortCode === filter.cohort) &&
        (!filter?.previousRag || row.previousRag === filter.previousRag) &&
        (!filter?.leadAgency || row.iomCase.leadAgency === filter.leadAgency),
    );
    wanted.sort((a, b) => a.band - b.band || b.overdue - a.overdue || a.since.localeCompare(b.since) || a.iomCase.id.localeCompare(b.iomCase.id));
    let start = 0;
    if (page?.after) {
      start = wanted.findIndex((row) => row.iomCase.id === page.after![0]) + 1;
      if (start === 0) throw badUserInput('"after" is not the cursor of an item on this agenda (with these filters).', { argumentName: 'after' });
    }
    const slice = page ? wanted.slice(start, start + page.limit) : wanted;
    // Instances of the class, so the field resolvers take them as they are rather than copying each.
    const items = slice.map((row) => Object.assign(new AgendaItem(), { conference, iomCase: row.iomCase, reviewsBefore: row.reviews, reviews: row.allReviews, openOnDay: row.open }));
    await readWhatItemsAsk(context, items, info);
    return items;
  }

  @FieldResolver(() => Int, { description: 'How many people are due for review (a restricted person the caller is not named on is not counted: to them, they do not exist).' })
  async agendaSize(@Root() conference: CaseConference, @Ctx() context: IomContext): Promise<number> {
    const { withheld } = await context.rows.visibleKeys(HUB_ID);
    return (await context.loaders.agendaByDate.load(conference.heldOn)).filter((row) => !withheld.has(row.iomCase.personId)).length;
  }

  @RequiresScope(Scope.CASE_CONFERENCE)
  @FieldResolver(() => AgendaSummary, {
    nullable: true,
    description: 'Counts for the chair over the people on the agenda the caller may see (police add new offending since the last review, housing those in custody).',
  })
  agendaSummary(@Root() conference: CaseConference, @Ctx() context: IomContext): Promise<AgendaSummary> {
    return agendaSummaryOf(conference, context);
  }

  @FieldResolver(() => [RagReview], { nullable: true, description: 'The reviews recorded at this conference: the people reviewed.' })
  reviews(@Root() conference: CaseConference, @Ctx() context: IomContext): Promise<RagReview[]> {
    return context.loaders.reviewsByConferenceId.load(conference.id);
  }
}

/** The chair's counts over the people on a conference's agenda the caller may see. */
export async function agendaSummaryOf(conference: CaseConference, context: IomContext): Promise<AgendaSummary> {
  const day = conference.heldOn;
  const visible = await context.rows.visibleKeys(HUB_ID);
  const maySee = (iomCase: IomCase) => visible.has(iomCase.personId);
  const cases = (await context.loaders.agendaByDate.load(day)).map((row) => row.iomCase).filter(maySee);
  const summary: AgendaSummary = {
    id: conference.id, evidence: [],
    people: cases.length, previousRed: 0, previousAmber: 0, previousGreen: 0, notYetReviewed: 0, eligibleForDeselection: 0,
    overdueActions: 0, peopleWithOverdueActions: 0, referralsAwaitingDecision: 0, waitingListHeads: 0,
  };
  // Loaded together, so every case's reviews and actions come in one batch each.
  const histories = await Promise.all(
    cases.map(async (iomCase) => {
      const view = caseView(context.loaders, iomCase, day);
      return { reviews: await view.reviews(), open: await view.openActions() };
    }),
  );
  summary.evidence = cases.map((iomCase, i) => conferenceEvidence(conference, iomCase, histories[i].reviews));
  for (const { reviews, open } of histories) {
    const previous = reviews.at(-1)?.rating;
    if (previous === RagRating.RED) summary.previousRed++;
    else if (previous === RagRating.AMBER) summary.previousAmber++;
    else if (previous === RagRating.GREEN) summary.previousGreen++;
    else summary.notYetReviewed++;
    if (consecutiveGreens(reviews) >= GREENS_FOR_DESELECTION) summary.eligibleForDeselection++;
    const overdue = open.filter((action) => isOverdue(action, day)).length;
    summary.overdueActions += overdue;
    if (overdue > 0) summary.peopleWithOverdueActions++;
  }
  // One statement for both: referrals awaiting a decision and everyone waiting, in list order.
  const pending = (await context.em.find(IomCase, { status: { $in: [IomCaseStatus.REFERRED, IomCaseStatus.ACCEPTED] } }, { orderBy: WAITING_LIST_ORDER })).filter(maySee);
  summary.referralsAwaitingDecision = pending.filter((iomCase) => iomCase.status === IomCaseStatus.REFERRED && iomCase.referredOn <= day).length;
  summary.waitingListHeads = new Set(pending.filter((iomCase) => iomCase.status === IomCaseStatus.ACCEPTED).map((iomCase) => iomCase.cohortCode)).size;
  return summary;
}

/** One person's evidence window at a conference: from the review before it (adoption before any) to its day. */
export function conferenceEvidence(conference: CaseConference, iomCase: IomCase, reviewsBefore: RagReview[], partnerFacts: Partial<ConferenceEvidence> = {}): ConferenceEvidence {
  // An instance of the class, so the field resolvers take it as it is rather than copying it.
  return Object.assign(new ConferenceEvidence(), { id: `${conference.id}:${iomCase.id}`, ...evidenceWindow(iomCase, conference.heldOn, reviewsBefore), iomCase, ...partnerFacts });
}

/** The fields housing, police and probation hold that the flags compare; the gateway brings them. */
const CUSTODY_FACTS = '@requires(fields: "inCustody policeInCustody probationInCustody")';
const ADDRESS_FACTS = '@requires(fields: "accommodationArea policingArea")';

@Resolver(() => ConferenceEvidence)
export class ConferenceEvidenceResolver {
  @FieldResolver(() => IomPerson, { nullable: true, description: 'The person: partners find their own records through their own identifier.' })
  person(@Root() evidence: ConferenceEvidence): IomPerson {
    return { id: evidence.iomCase.personId };
  }

  // A flag discloses something about every fact it compares: it needs all their scopes.
  @RequiresScope(Scope.HOUSING_STATUS, Scope.POLICE_INTELLIGENCE, Scope.SENTENCE, Scope.CASE_CONFERENCE, Scope.IDENTITY)
  @Directive(CUSTODY_FACTS)
  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      'True when housing (the custody source), police and probation do not all record the same custody on the conference day (police: only for a conference today or ahead, as they record custody now); false when those that can say agree; null when fewer than two can say.',
  })
  custodyDisagreement(@Root() evidence: ConferenceEvidence): boolean | null {
    return custodyDisagreement(evidence.inCustody, evidence.policeInCustody, evidence.probationInCustody);
  }

  @RequiresAnyScopes(
    [Scope.HOUSING_STATUS, Scope.OFFENDING, Scope.CASE_CONFERENCE, Scope.IDENTITY],
    [Scope.HOUSING_STATUS, Scope.POLICE_INTELLIGENCE, Scope.CASE_CONFERENCE, Scope.IDENTITY],
  )
  @Directive(ADDRESS_FACTS)
  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      "True when the district housing records the person living in on the conference day differs from the district police manage them in; null when either does not say (no record, in custody, of no fixed abode). No partner holds a postcode to compare with the person index's.",
  })
  addressDisagreement(@Root() evidence: ConferenceEvidence): boolean | null {
    return addressDisagreement(evidence.accommodationArea, evidence.policingArea);
  }
}

/** The fields selected under these fields, by name, through inline fragments and fragment spreads. */
function subfields(nodes: readonly FieldNode[], fragments: Record<string, FragmentDefinitionNode>): Map<string, FieldNode[]> {
  const found = new Map<string, FieldNode[]>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        const same = found.get(selection.name.value);
        if (same) same.push(selection);
        else found.set(selection.name.value, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else visit(fragments[selection.name.value]?.selectionSet);
    }
  };
  for (const node of nodes) visit(node.selectionSet);
  return found;
}

const PATHWAY_FIELDS = ['latestPathwayAssessment', 'pathwayTrend', 'pathwayChangeSinceEntry'];

/**
 * Reads, for the whole page at once and before its items are answered, the rows the selection
 * will ask of each item (pathway assessments, the actions and conference of each review): the
 * same batched statements the fields would have made, but each item's fields then answer with
 * plain values instead of thousands of promises. Only what is selected is read, so an agenda that
 * asks for less costs no statement more; a field whose rows were not read here still loads them.
 */
async function readWhatItemsAsk(context: IomContext, items: AgendaItem[], info: GraphQLResolveInfo): Promise<void> {
  const asked = subfields(info.fieldNodes, info.fragments);
  const under = (name: string) => subfields(asked.get(name) ?? [], info.fragments);
  const history = under('ragHistory');
  const review = under('review');
  const pathways = PATHWAY_FIELDS.some((name) => asked.has(name));
  const reads: Promise<unknown>[] = [];
  for (const item of items) {
    if (pathways) {
      reads.push(caseView(context.loaders, item.iomCase, item.conference.heldOn).assessments().then((assessments) => (item.assessmentsOnDay = assessments)));
    }
    for (const earlier of history.size ? item.reviewsBefore : []) {
      if (history.has('actions')) reads.push(context.loaders.actionsByReviewId.load(earlier.id));
      if (history.has('conference')) reads.push(context.loaders.conferenceById.load(earlier.conferenceId));
    }
    const recorded = review.has('actions') ? reviewAt(item) : null;
    if (recorded) reads.push(context.loaders.actionsByReviewId.load(recorded.id));
  }
  // A read that fails here fails nothing yet: the fields that need it load it themselves, and each
  // reports the failure at its own path, as before.
  await Promise.allSettled(reads);
}

/** The review recorded at the item's conference, once it has been. */
function reviewAt(item: AgendaItem): RagReview | null {
  return item.reviews.find((review) => review.conferenceId === item.conference.id) ?? null;
}

/** RED, AMBER, not yet reviewed, eligible for deselection (a decision is due), other GREEN: what needs discussion first. */
function discussionBand(previousRag: RagRating | null, eligible: boolean): number {
  if (previousRag === RagRating.RED) return 0;
  if (previousRag === RagRating.AMBER) return 1;
  if (previousRag === null) return 2;
  return eligible ? 3 : 4;
}

@Resolver(() => AgendaItem)
export class AgendaItemResolver {
  @FieldResolver(() => String, { description: 'Pass as `after` to page on from this item.' })
  cursor(@Root() item: AgendaItem): string {
    return encodeCursor([item.iomCase.id]);
  }

  @FieldResolver(() => IomPerson, { nullable: true, description: 'The person: identity and every partner’s data come from their own subgraphs.' })
  person(@Root() item: AgendaItem): IomPerson {
    return { id: item.iomCase.personId };
  }

  @FieldResolver(() => ConferenceEvidence, {
    nullable: true,
    description: "Partners' records in this conference's window (the review before it, or adoption, to its day): offences, arrests, compliance and more.",
  })
  evidence(@Root() item: AgendaItem): ConferenceEvidence {
    return conferenceEvidence(item.conference, item.iomCase, item.reviewsBefore);
  }

  @FieldResolver(() => IomCase, { nullable: true, description: 'The IOM case: cohort, strand, basis, lead agency, key worker, status.' })
  case(@Root() item: AgendaItem): IomCase {
    return item.iomCase;
  }

  @FieldResolver(() => [RagReview], { nullable: true, description: 'Reviews before this conference, oldest first.' })
  ragHistory(@Root() item: AgendaItem): RagReview[] {
    return item.reviewsBefore;
  }

  @FieldResolver(() => RagRating, { nullable: true, description: 'The rating at the last review before this conference.' })
  previousRag(@Root() item: AgendaItem): RagRating | null {
    return item.reviewsBefore.at(-1)?.rating ?? null;
  }

  @FieldResolver(() => LocalDateResolver, { nullable: true, description: 'The last review before this conference.' })
  lastReviewedOn(@Root() item: AgendaItem): string | null {
    return item.reviewsBefore.at(-1)?.reviewedOn ?? null;
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'Three consecutive greens before this conference: deselection may be considered.' })
  eligibleForDeselection(@Root() item: AgendaItem): boolean {
    return eligibleForDeselection(item.iomCase, item.reviewsBefore, item.conference.heldOn);
  }

  @FieldResolver(() => PathwayAssessment, { nullable: true, description: 'The latest pathway assessment on or before the day.' })
  latestPathwayAssessment(@Root() item: AgendaItem, @Ctx() context: IomContext): PathwayAssessment | null | Promise<PathwayAssessment | null> {
    if (item.assessmentsOnDay) return item.assessmentsOnDay.at(-1) ?? null;
    return caseView(context.loaders, item.iomCase, item.conference.heldOn).latestAssessment();
  }

  @FieldResolver(() => [PathwayAssessment], { nullable: true, description: 'Every pathway assessment on or before the day, entry (checkpoint 0) first: the trend of totals per checkpoint.' })
  pathwayTrend(@Root() item: AgendaItem, @Ctx() context: IomContext): PathwayAssessment[] | Promise<PathwayAssessment[]> {
    return item.assessmentsOnDay ?? caseView(context.loaders, item.iomCase, item.conference.heldOn).assessments();
  }

  @FieldResolver(() => Int, { nullable: true, description: 'That assessment’s total minus the total at entry.' })
  pathwayChangeSinceEntry(@Root() item: AgendaItem, @Ctx() context: IomContext): number | null | Promise<number | null> {
    if (!item.assessmentsOnDay) return caseView(context.loaders, item.iomCase, item.conference.heldOn).pathwayChangeSinceEntry();
    return latestChangeSinceEntry(item.assessmentsOnDay);
  }

  @FieldResolver(() => [ConferenceAction], { nullable: true, description: 'Actions agreed before this conference and still open on the day.' })
  openActions(@Root() item: AgendaItem): ConferenceAction[] {
    return item.openOnDay;
  }

  @FieldResolver(() => [ConferenceAction], {
    nullable: true,
    description: 'Actions open on the conference day whose due date was before it (overdue as of the day, whatever has happened since).',
  })
  overdueActions(@Root() item: AgendaItem): ConferenceAction[] {
    return item.openOnDay.filter((action) => isOverdue(action, item.conference.heldOn));
  }

  @FieldResolver(() => RagReview, { nullable: true, description: 'The review recorded at this conference, once it has been.' })
  review(@Root() item: AgendaItem): RagReview | null {
    return reviewAt(item);
  }
}
