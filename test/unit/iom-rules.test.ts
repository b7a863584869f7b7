import { Sex } from '../../subgraphs/kit/sex';
import { pathwaysFor, scoreColumns, type PathwayScoreValue } from '../../subgraphs/iom/services/pathways';
import { changeSinceEntry, consecutiveGreens, GREENS_FOR_DESELECTION, isOpenAction, isOverdue } from '../../subgraphs/iom/services/case-view';
import { NEXT_ACTION_STATUSES, unmetCriterion, type ReferralInput } from '../../subgraphs/iom/services/workflow';
import type { IomCohort } from '../../subgraphs/iom/entities/cohort.entity';
import type { PathwayAssessment } from '../../subgraphs/iom/entities/assessment.entity';
import type { ConferenceAction, RagReview } from '../../subgraphs/iom/entities/review.entity';
import { ConferenceActionStatus, IomPathway, IomStrand, RagRating } from '../../subgraphs/iom/entities/enums';

/** The IOM service's rules on hand-built values: no hub, no database. */

/** The seven pathways everyone is assessed on (alphabetical), and the two more for women. */
const MEN = ['ACCOMMODATION', 'ATTITUDES_THINKING_BEHAVIOUR', 'CHILDREN_AND_FAMILIES', 'DRUGS_AND_ALCOHOL', 'EDUCATION_TRAINING_EMPLOYMENT', 'FINANCE_BENEFIT_DEBT', 'HEALTH'] as IomPathway[];
const WOMEN = [...MEN, IomPathway.ABUSE_DOMESTIC_VIOLENCE, IomPathway.SEX_WORK];
const scored = (pathways: IomPathway[], values: number[]): PathwayScoreValue[] => pathways.map((pathway, i) => ({ pathway, score: values[i] }));
const badInput = (message: string) => expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }), message: expect.stringContaining(message) });

describe('pathway assessments', () => {
  it('assesses men on seven pathways and women on nine', () => {
    expect([...pathwaysFor(Sex.MALE)].sort()).toEqual(MEN);
    expect([...pathwaysFor(Sex.FEMALE)].sort()).toEqual([...WOMEN].sort());
  });

  it('stores a man\'s seven scores with their total and no women-only columns', () => {
    // 4 + 3 + 4 + 2 + 5 + 3 + 4 = 25
    expect(scoreColumns(Sex.MALE, scored(MEN, [4, 3, 4, 2, 5, 3, 4]))).toEqual({
      accommodation: 4, attitudesThinkingBehaviour: 3, childrenAndFamilies: 4, drugsAndAlcohol: 2, educationTrainingEmployment: 5, financeBenefitDebt: 3, health: 4,
      abuseDomesticViolence: null, sexWork: null, total: 25,
    });
  });

  it('adds a woman\'s two further pathways to her total, in any order given', () => {
    // 1 × 7 + 5 + 2 = 14
    const columns = scoreColumns(Sex.FEMALE, scored(WOMEN, [1, 1, 1, 1, 1, 1, 1, 5, 2]).reverse());
    expect(columns).toMatchObject({ abuseDomesticViolence: 5, sexWork: 2, total: 14 });
  });

  it('refuses a women-only pathway for a man, a pathway twice, one missing, and a score outside 1-5', () => {
    expect(() => scoreColumns(Sex.MALE, scored(WOMEN, [1, 1, 1, 1, 1, 1, 1, 1, 1]))).toThrow(badInput('for women only'));
    expect(() => scoreColumns(Sex.MALE, [...scored(MEN, [1, 1, 1, 1, 1, 1, 1]), { pathway: IomPathway.HEALTH, score: 2 }])).toThrow(badInput('scored twice'));
    expect(() => scoreColumns(Sex.FEMALE, scored(MEN, [1, 1, 1, 1, 1, 1, 1]))).toThrow(badInput('missing: ABUSE_DOMESTIC_VIOLENCE, SEX_WORK'));
    expect(() => scoreColumns(Sex.MALE, scored(MEN, [1, 1, 1, 1, 1, 1, 6]))).toThrow(badInput('it was 6'));
    expect(() => scoreColumns(Sex.MALE, scored(MEN, [0, 1, 1, 1, 1, 1, 1]))).toThrow(badInput('it was 0'));
    expect(() => scoreColumns(Sex.MALE, scored(MEN, [2.5, 1, 1, 1, 1, 1, 1]))).toThrow(badInput('whole number'));
  });

  it('measures change since entry from the first assessment', () => {
    const assessments = [{ total: 25 }, { total: 21 }, { total: 23 }] as PathwayAssessment[];
    expect(changeSinceEntry(assessments, assessments[0])).toBe(0);
    expect(changeSinceEntry(assessments, assessments[1])).toBe(21 - 25);
    expect(changeSinceEntry(assessments, assessments[2])).toBe(23 - 25);
    expect(changeSinceEntry([], { total: 20 } as PathwayAssessment)).toBeNull();
  });
});

describe('reviews and deselection', () => {
  const ratings = (...list: RagRating[]) => list.map((rating) => ({ rating }) as Pick<RagReview, 'rating'>);
  const { RED, AMBER, GREEN } = RagRating;

  it('counts greens in a row back from the latest review', () => {
    expect(GREENS_FOR_DESELECTION).toBe(3);
    expect(consecutiveGreens(ratings())).toBe(0);
    expect(consecutiveGreens(ratings(GREEN, GREEN, AMBER))).toBe(0);
    expect(consecutiveGreens(ratings(GREEN, RED, GREEN, GREEN))).toBe(2);
    expect(consecutiveGreens(ratings(AMBER, GREEN, GREEN, GREEN))).toBe(3);
  });
});

describe('conference actions', () => {
  const action = (values: Partial<ConferenceAction>) => ({ status: ConferenceActionStatus.OPEN, agreedOn: '2026-03-10', dueOn: '2026-04-01', closedOn: null, ...values }) as ConferenceAction;

  it('moves forward only: OPEN → IN_PROGRESS → DONE, CANCELLED from either; DONE and CANCELLED are final', () => {
    const { OPEN, IN_PROGRESS, DONE, CANCELLED } = ConferenceActionStatus;
    expect(NEXT_ACTION_STATUSES).toEqual({
      [OPEN]: [IN_PROGRESS, DONE, CANCELLED],
      [IN_PROGRESS]: [DONE, CANCELLED],
      [DONE]: [],
      [CANCELLED]: [],
    });
  });

  it('is open now while OPEN or IN_PROGRESS', () => {
    expect(isOpenAction(action({ status: ConferenceActionStatus.OPEN }))).toBe(true);
    expect(isOpenAction(action({ status: ConferenceActionStatus.IN_PROGRESS }))).toBe(true);
    expect(isOpenAction(action({ status: ConferenceActionStatus.DONE, closedOn: '2026-03-20' }))).toBe(false);
    expect(isOpenAction(action({ status: ConferenceActionStatus.CANCELLED, closedOn: '2026-03-20' }))).toBe(false);
  });

  it('was open on a day when agreed before it and not closed before it', () => {
    const closed = action({ status: ConferenceActionStatus.DONE, closedOn: '2026-04-14' });
    // Agreed at the conference of 10 March: not open at that conference, open at the next.
    expect(isOpenAction(closed, '2026-03-10')).toBe(false);
    expect(isOpenAction(closed, '2026-03-11')).toBe(true);
    // Closed on the day of a conference: that conference still saw it open; the next did not.
    expect(isOpenAction(closed, '2026-04-14')).toBe(true);
    expect(isOpenAction(closed, '2026-04-15')).toBe(false);
  });

  it('is overdue on a day after the day it was due', () => {
    expect(isOverdue({ dueOn: '2026-04-01' }, '2026-04-01')).toBe(false);
    expect(isOverdue({ dueOn: '2026-04-01' }, '2026-04-02')).toBe(true);
  });
});

describe('cohort entry criteria', () => {
  const cohort = (values: Partial<IomCohort>) =>
    ({ code: 'C', name: 'Test', strand: IomStrand.FREE, entryCriteria: '', capacity: 5, sex: null, minAge: null, maxAge: null, requiresNeighbourhoodCrime: false, requiresDomesticAbuse: false, displayOrder: 1, ...values }) as IomCohort;
  const referral = (values: Partial<ReferralInput> = {}) => ({ neighbourhoodCrime: false, domesticAbusePerpetrator: false, ...values }) as ReferralInput;

  it('takes anyone into a cohort without criteria', () => {
    expect(unmetCriterion(cohort({}), Sex.MALE, 40, referral())).toBeNull();
  });

  it('checks sex, the age range at referral (both ends included) and the offending the cohort needs', () => {
    expect(unmetCriterion(cohort({ sex: Sex.FEMALE }), Sex.MALE, 30, referral())).toContain('women only');
    expect(unmetCriterion(cohort({ sex: Sex.FEMALE }), Sex.FEMALE, 30, referral())).toBeNull();
    const transitionalAge = cohort({ minAge: 18, maxAge: 25 });
    expect(unmetCriterion(transitionalAge, Sex.MALE, 18, referral())).toBeNull();
    expect(unmetCriterion(transitionalAge, Sex.MALE, 25, referral())).toBeNull();
    expect(unmetCriterion(transitionalAge, Sex.MALE, 26, referral())).toContain('aged 25 or under at referral; this person was 26');
    expect(unmetCriterion(cohort({ minAge: 21 }), Sex.MALE, 20, referral())).toContain('aged 21 or over');
    expect(unmetCriterion(cohort({ requiresNeighbourhoodCrime: true }), Sex.MALE, 30, referral())).toContain('neighbourhood crime');
    expect(unmetCriterion(cohort({ requiresNeighbourhoodCrime: true }), Sex.MALE, 30, referral({ neighbourhoodCrime: true }))).toBeNull();
    expect(unmetCriterion(cohort({ requiresDomesticAbuse: true }), Sex.MALE, 30, referral())).toContain('domestic abuse');
    expect(unmetCriterion(cohort({ requiresDomesticAbuse: true }), Sex.MALE, 30, referral({ domesticAbusePerpetrator: true }))).toBeNull();
  });
});
