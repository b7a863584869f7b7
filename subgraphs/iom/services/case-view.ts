/**
 * What a case looks like at a point in time: its RAG history, greens in a row, pathway scores and
 * open actions. The agenda asks "as it stood before this conference"; the case asks "as it is now".
 */
import type { IomCase } from '../entities/case.entity';
import type { PathwayAssessment } from '../entities/assessment.entity';
import type { ConferenceAction, RagReview } from '../entities/review.entity';
import { ConferenceActionStatus, IomCaseStatus, RagRating } from '../entities/enums';
import type { IomLoaders } from './iom-loaders';


/** Three consecutive greens make a person eligible for deselection. */
export const GREENS_FOR_DESELECTION = 3;

export function consecutiveGreens(reviews: Pick<RagReview, 'rating'>[]): number {
  let greens = 0;
  for (let i = reviews.length - 1; i >= 0 && reviews[i].rating === RagRating.GREEN; i--) greens++;
  return greens;
}

export function isOpenAction(action: ConferenceAction, onDate?: string): boolean {
  if (onDate === undefined) return action.status === ConferenceActionStatus.OPEN || action.status === ConferenceActionStatus.IN_PROGRESS;
  return action.agreedOn < onDate && (!action.closedOn || action.closedOn >= onDate);
}

/** Overdue as of a day: open on that day and due before it. */
export function isOverdue(action: Pick<ConferenceAction, 'dueOn'>, onDate: string): boolean {
  return action.dueOn < onDate;
}

/** Reviews before `beforeDate` (all of them when not given), oldest first. */
export async function reviewsOf(loaders: IomLoaders, caseId: string, beforeDate?: string): Promise<RagReview[]> {
  const reviews = await loaders.reviewsByCaseId.load(caseId);
  return beforeDate === undefined ? reviews : reviews.filter((review) => review.reviewedOn < beforeDate);
}

/**
 * What a conference looks at for one case: from the last review before the conference (adoption
 * when there was none) up to the conference day. Reviews on or after the day never move it, so an
 * agenda answers the same before and after reviews are recorded at it or at a later conference.
 * `reviewsBefore`: the case's reviews before the day, oldest first.
 */
export function evidenceWindow(iomCase: Pick<IomCase, 'adoptedOn'>, conferenceDay: string, reviewsBefore: readonly Pick<RagReview, 'reviewedOn'>[]): { since: string; until: string } {
  const since = reviewsBefore.at(-1)?.reviewedOn ?? iomCase.adoptedOn ?? conferenceDay;
  return { since: since > conferenceDay ? conferenceDay : since, until: conferenceDay };
}

/** From the reviews before `beforeDate` (every review when not given): a case looked at now must also still be adopted. */
export function eligibleForDeselection(iomCase: Pick<IomCase, 'status'>, reviews: Pick<RagReview, 'rating'>[], beforeDate?: string): boolean {
  if (iomCase.status !== IomCaseStatus.ADOPTED && beforeDate === undefined) return false;
  return consecutiveGreens(reviews) >= GREENS_FOR_DESELECTION;
}

/** Assessments on or before `onDate` (all when not given), entry first. */
export async function assessmentsOf(loaders: IomLoaders, caseId: string, onDate?: string): Promise<PathwayAssessment[]> {
  const assessments = await loaders.assessmentsByCaseId.load(caseId);
  return onDate === undefined ? assessments : assessments.filter((assessment) => assessment.assessedOn <= onDate);
}

/** The latest total minus the total at entry: negative means needs are being met. */
export function changeSinceEntry(assessments: PathwayAssessment[], assessment: PathwayAssessment): number | null {
  const entry = assessments[0];
  return entry ? assessment.total - entry.total : null;
}

/** The latest assessment's change since entry; null before any assessment. */
export function latestChangeSinceEntry(assessments: PathwayAssessment[]): number | null {
  const latest = assessments.at(-1);
  return latest ? changeSinceEntry(assessments, latest) : null;
}

export async function openActionsOf(loaders: IomLoaders, caseId: string, onDate?: string): Promise<ConferenceAction[]> {
  return (await loaders.actionsByCaseId.load(caseId)).filter((action) => isOpenAction(action, onDate));
}

/**
 * One case as it stood: "now" for the case itself (`asOf` not given), or as a conference saw it
 * (`asOf` its day: reviews before the day, assessments on or before it, actions open on it). The
 * case and the agenda item answer their RAG, deselection, pathway and action fields from this one
 * view, so the two can differ only by the day they ask about.
 */
export interface CaseView {
  /** Oldest first. */
  reviews(): Promise<RagReview[]>;
  lastReview(): Promise<RagReview | null>;
  consecutiveGreens(): Promise<number>;
  eligibleForDeselection(): Promise<boolean>;
  /** Entry first. */
  assessments(): Promise<PathwayAssessment[]>;
  latestAssessment(): Promise<PathwayAssessment | null>;
  /** The latest total minus the total at entry; null before any assessment. */
  pathwayChangeSinceEntry(): Promise<number | null>;
  openActions(): Promise<ConferenceAction[]>;
}

export function caseView(loaders: IomLoaders, iomCase: IomCase, asOf?: string): CaseView {
  // One view per case and day for the whole request: an agenda asks each item's view from a dozen
  // fields (and the summary and the ranking ask it again), and each would otherwise filter the
  // same rows afresh. The loaders are per request and cleared after a change, and the views with them.
  return loaders.caseViews.of(iomCase, asOf, () => newCaseView(loaders, iomCase, asOf));
}

function newCaseView(loaders: IomLoaders, iomCase: IomCase, asOf: string | undefined): CaseView {
  let reviewsRead: Promise<RagReview[]> | undefined;
  let assessmentsRead: Promise<PathwayAssessment[]> | undefined;
  let openActionsRead: Promise<ConferenceAction[]> | undefined;
  const reviews = () => (reviewsRead ??= reviewsOf(loaders, iomCase.id, asOf));
  const assessments = () => (assessmentsRead ??= assessmentsOf(loaders, iomCase.id, asOf));
  return {
    reviews,
    lastReview: async () => (await reviews()).at(-1) ?? null,
    consecutiveGreens: async () => consecutiveGreens(await reviews()),
    eligibleForDeselection: async () => eligibleForDeselection(iomCase, await reviews(), asOf),
    assessments,
    latestAssessment: async () => (await assessments()).at(-1) ?? null,
    pathwayChangeSinceEntry: async () => latestChangeSinceEntry(await assessments()),
    openActions: () => (openActionsRead ??= openActionsOf(loaders, iomCase.id, asOf)),
  };
}

/** The per-request views `caseView` hands out (by the case's row and the day), emptied with the loaders when a change clears them. */
export class CaseViews {
  private views = new Map<IomCase, Map<string | undefined, CaseView>>();

  of(iomCase: IomCase, asOf: string | undefined, create: () => CaseView): CaseView {
    let byDay = this.views.get(iomCase);
    if (!byDay) this.views.set(iomCase, (byDay = new Map()));
    let view = byDay.get(asOf);
    if (!view) byDay.set(asOf, (view = create()));
    return view;
  }

  clearAll(): this {
    this.views = new Map();
    return this;
  }
}
