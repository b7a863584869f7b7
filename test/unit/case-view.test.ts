import { caseView, CaseViews } from '../../subgraphs/iom/services/case-view';
import type { IomLoaders } from '../../subgraphs/iom/services/iom-loaders';
import type { IomCase } from '../../subgraphs/iom/entities/case.entity';
import type { PathwayAssessment } from '../../subgraphs/iom/entities/assessment.entity';
import type { ConferenceAction, RagReview } from '../../subgraphs/iom/entities/review.entity';
import { ConferenceActionStatus, IomCaseStatus, RagRating } from '../../subgraphs/iom/entities/enums';

const CONFERENCE_DAY = '2026-06-01';

const review = (reviewedOn: string, rating: RagRating) => ({ id: `r-${reviewedOn}`, caseId: 'c1', reviewedOn, rating }) as RagReview;
const assessment = (checkpoint: number, assessedOn: string, total: number) => ({ id: `p${checkpoint}`, caseId: 'c1', checkpoint, assessedOn, total }) as PathwayAssessment;
const action = (id: string, agreedOn: string, dueOn: string, status: ConferenceActionStatus, closedOn: string | null) => ({ id, caseId: 'c1', agreedOn, dueOn, status, closedOn }) as ConferenceAction;

// Oldest first, as the loaders give them.
const REVIEWS = [
  review('2026-02-01', RagRating.AMBER),
  review('2026-03-01', RagRating.GREEN),
  review('2026-04-01', RagRating.GREEN),
  review('2026-05-01', RagRating.GREEN),
  review(CONFERENCE_DAY, RagRating.RED), // recorded at the conference: not part of what it looked at
];
const ASSESSMENTS = [assessment(0, '2026-01-15', 20), assessment(1, '2026-04-15', 14), assessment(2, '2026-06-15', 9)];
const ACTIONS = [
  action('a1', '2026-02-01', '2026-03-01', ConferenceActionStatus.OPEN, null),
  action('a2', '2026-03-01', '2026-07-01', ConferenceActionStatus.DONE, '2026-05-15'),
  action('a3', CONFERENCE_DAY, '2026-07-01', ConferenceActionStatus.OPEN, null),
];

const loaderOf = <T>(rows: T[]) => ({ load: async (caseId: string) => (caseId === 'c1' ? rows : []) });
// Only the three per-case loaders a case view reads, and the request's views.
const LOADERS = { reviewsByCaseId: loaderOf(REVIEWS), assessmentsByCaseId: loaderOf(ASSESSMENTS), actionsByCaseId: loaderOf(ACTIONS), caseViews: new CaseViews() } as unknown as IomLoaders;

const adopted = { id: 'c1', status: IomCaseStatus.ADOPTED, adoptedOn: '2026-01-10' } as IomCase;
const ended = { ...adopted, status: IomCaseStatus.ENDED } as IomCase;

describe('a case as a conference saw it', () => {
  const view = caseView(LOADERS, adopted, CONFERENCE_DAY);

  it('has the reviews before the day only, the last of them its previous rating', async () => {
    expect((await view.reviews()).map((r) => r.reviewedOn)).toEqual(['2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01']);
    expect((await view.lastReview())?.rating).toBe(RagRating.GREEN);
  });

  it('counts the greens in a row before the day, three of them making deselection possible', async () => {
    expect(await view.consecutiveGreens()).toBe(3);
    expect(await view.eligibleForDeselection()).toBe(true);
    // Looked back on after the case ended, the conference still saw it eligible.
    expect(await caseView(LOADERS, ended, CONFERENCE_DAY).eligibleForDeselection()).toBe(true);
  });

  it('has the assessments on or before the day, and the latest total minus the entry total', async () => {
    expect((await view.assessments()).map((a) => a.checkpoint)).toEqual([0, 1]);
    expect((await view.latestAssessment())?.checkpoint).toBe(1);
    expect(await view.pathwayChangeSinceEntry()).toBe(14 - 20);
    expect(await caseView(LOADERS, adopted, '2026-01-01').pathwayChangeSinceEntry()).toBeNull();
  });

  it('has the actions agreed before the day and not closed before it', async () => {
    expect((await view.openActions()).map((a) => a.id)).toEqual(['a1']);
  });
});

describe('a case as it is now', () => {
  const view = caseView(LOADERS, adopted);

  it('has every review, the latest giving its rating, and no greens in a row after a red', async () => {
    expect(await view.reviews()).toHaveLength(REVIEWS.length);
    expect((await view.lastReview())?.rating).toBe(RagRating.RED);
    expect(await view.consecutiveGreens()).toBe(0);
    expect(await view.eligibleForDeselection()).toBe(false);
  });

  it('is never eligible for deselection once it is no longer adopted', async () => {
    // Other rows are another request's loaders, with views of their own.
    const greensOnly = { ...LOADERS, reviewsByCaseId: loaderOf(REVIEWS.slice(1, 4)), caseViews: new CaseViews() } as unknown as IomLoaders;
    expect(await caseView(greensOnly, adopted).eligibleForDeselection()).toBe(true);
    expect(await caseView(greensOnly, ended).eligibleForDeselection()).toBe(false);
  });

  it('has every assessment, and actions open or in progress by their status', async () => {
    expect(await view.pathwayChangeSinceEntry()).toBe(9 - 20);
    expect((await view.openActions()).map((a) => a.id)).toEqual(['a1', 'a3']);
  });
});
