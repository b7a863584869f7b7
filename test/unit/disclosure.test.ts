import { shareOf, suppressPartition } from '../../subgraphs/kit/disclosure';
import { afterCompletionWindow, crimeCostFigures, financialYearPeriod, predictorTrendFigures, restsOf, treatmentYearFigures } from '../../subgraphs/iom/services/partner-outcomes';

/**
 * Disclosure control on hand-worked tables: each expected answer is reasoned out in the comment
 * above it from the rule (1–4 suppressed; a partition with exactly one unknown small part loses
 * its smallest other part too; a small total suppresses every part; zero is shown).
 */
describe('primary and secondary suppression of a partition', () => {
  it('a RAG spread of 1 red, 1 amber and 18 green: both small cells go, and two unknowns protect each other', () => {
    // reviewed 20 − 18 green = 2 = red + amber: which is which stays unknown.
    expect(suppressPartition('reviewed', 20, { red: 1, amber: 1, green: 18 })).toEqual(new Set(['red', 'amber']));
  });

  it('3 red, 8 amber, 9 green: red alone would be 20 − 8 − 9, so the smallest other part (amber) goes too', () => {
    expect(suppressPartition('reviewed', 20, { red: 3, amber: 8, green: 9 })).toEqual(new Set(['red', 'amber']));
  });

  it('a total of 4 suppresses the total and every part; zeros are shown', () => {
    expect(suppressPartition('reviewed', 4, { red: 0, amber: 1, green: 3 })).toEqual(new Set(['reviewed', 'red', 'amber', 'green']));
    expect(suppressPartition('reviewed', 12, { red: 0, amber: 6, green: 6 })).toEqual(new Set());
  });

  it('a hidden complement that is small suppresses the shown part: 10 of 12 would give 2 away', () => {
    expect(suppressPartition('people', 12, { count: 10, '~without': 2 })).toEqual(new Set(['count']));
    // A small count with a large complement: the count alone goes.
    expect(suppressPartition('people', 12, { count: 2, '~without': 10 })).toEqual(new Set(['count']));
  });

  it('a share suppresses its rate with its count', () => {
    expect(shareOf(12, 10)).toEqual({ people: 12, count: null, ratePercent: null, suppressed: ['count', 'ratePercent'] });
    expect(shareOf(20, 10)).toEqual({ people: 20, count: 10, ratePercent: 50, suppressed: [] });
    expect(shareOf(3, 1)).toEqual({ people: null, count: null, ratePercent: null, suppressed: ['count', 'people', 'ratePercent'] });
  });
});

describe("DRR/ATR year figures (Havering's table)", () => {
  it("Havering's 2016-17 DRR row (34 starts against 34, 23 completions against 17, 21 checked at six months, 13 clean): the 2 not checked would be 23 − 21, so the six-month figures go", () => {
    expect(treatmentYearFigures({ starts: 34, completions: 23, followedUp: 21, notReoffending: 13, startsTarget: 34, completionsTarget: 17 })).toEqual({
      starts: 34, startsTargetMet: true, completions: 23, completionsTargetMet: true, followedUp: null, notReoffending: null, notReoffendingPercent: null,
      suppressed: ['followedUp', 'notReoffending', 'notReoffendingPercent'],
    });
  });

  it('23 completions, 16 checked, 10 clean: every figure shown, 62.5% not reoffending', () => {
    expect(treatmentYearFigures({ starts: 34, completions: 23, followedUp: 16, notReoffending: 10, startsTarget: 34, completionsTarget: 17 })).toEqual({
      starts: 34, startsTargetMet: true, completions: 23, completionsTargetMet: true, followedUp: 16, notReoffending: 10, notReoffendingPercent: 62.5, suppressed: [],
    });
  });

  it('3 starts are suppressed with whether the target was met; 2 of 9 completions not yet followed up protect the followed-up count', () => {
    // completions 9 = followedUp 7 + 2 not followed up (hidden, small): followedUp goes, and with it the six-month figures.
    expect(treatmentYearFigures({ starts: 3, completions: 9, followedUp: 7, notReoffending: 6, startsTarget: 28, completionsTarget: 16 })).toEqual({
      starts: null, startsTargetMet: null, completions: 9, completionsTargetMet: false, followedUp: null, notReoffending: null, notReoffendingPercent: null,
      suppressed: ['followedUp', 'notReoffending', 'notReoffendingPercent', 'starts', 'startsTargetMet'],
    });
  });

  it('of 12 followed up, 10 not reoffending would give away 2 who did: suppressed with the rate', () => {
    expect(treatmentYearFigures({ starts: 20, completions: 12, followedUp: 12, notReoffending: 10, startsTarget: null, completionsTarget: null })).toMatchObject({
      startsTargetMet: null, followedUp: 12, notReoffending: null, notReoffendingPercent: null, suppressed: ['notReoffending', 'notReoffendingPercent'],
    });
  });

  it('a financial year runs April to March; a running year is counted to the day asked', () => {
    expect(financialYearPeriod(2025, '2026-06-30')).toEqual({ start: '2025-04-01', end: '2026-03-31', through: '2026-03-31', complete: true });
    expect(financialYearPeriod(2026, '2026-06-30')).toEqual({ start: '2026-04-01', end: '2027-03-31', through: '2026-06-30', complete: false });
  });

  it('six months after a completion start the next day and end six calendar months on', () => {
    expect(afterCompletionWindow('2025-08-31', '2026-06-30')).toEqual({ from: '2025-09-01', to: '2026-02-28' });
    expect(afterCompletionWindow('2026-01-01', '2026-06-30')).toBeNull();
  });
});

describe('predictor trend figures', () => {
  it('12 fell, 6 rose, 2 unchanged of 20 reassessed; 5 with no baseline, 5 not reassessed: all shown, 60% fell', () => {
    const directions = [...Array(12).fill('FELL'), ...Array(6).fill('ROSE'), ...Array(2).fill('UNCHANGED'), ...Array(5).fill('NO_BASELINE'), ...Array(5).fill('NOT_REASSESSED')];
    // unchanged 2 is small; with fell and rose shown it is 20 − 12 − 6, so rose (the smallest other, fell being kept) goes too.
    expect(predictorTrendFigures(directions)).toEqual({
      cohortSize: 30, noBaseline: 5, notReassessed: 5, reassessed: 20, fell: 12, rose: null, unchanged: null, fellPercent: 60, suppressed: ['rose', 'unchanged'],
    });
  });

  it('3 reassessed of 10: the reassessed count and everything over it are suppressed', () => {
    const directions = [...Array(3).fill('FELL'), ...Array(7).fill('NO_BASELINE')];
    // cohort 10 = reassessed 3 + noBaseline 7 + notReassessed 0: reassessed small, alone unknown → noBaseline goes too.
    expect(predictorTrendFigures(directions)).toEqual({
      cohortSize: 10, noBaseline: null, notReassessed: 0, reassessed: null, fell: null, rose: null, unchanged: null, fellPercent: null,
      suppressed: ['fell', 'fellPercent', 'noBaseline', 'reassessed', 'rose', 'unchanged'],
    });
  });
});

describe('cost of crime', () => {
  it('weights each crime type by its unit cost and counts types without one apart', () => {
    const costs = [
      { crimeType: 'BURGLARY_RESIDENTIAL', costCategory: 'Domestic burglary', unitCostPounds: 5930 },
      { crimeType: 'VIOLENCE_WITHOUT_INJURY', costCategory: 'Violence without injury', unitCostPounds: 5930 },
      { crimeType: 'STALKING_AND_HARASSMENT', costCategory: 'Violence without injury', unitCostPounds: 5930 },
    ];
    // Before: 2 burglaries (11,860) + 1 harassment (5,930) + 4 shoplifting (no cost) = 17,790.
    // After: 1 violence without injury (5,930) + 1 shoplifting. (17,790 − 5,930) / 17,790 = 66.67%.
    const figures = crimeCostFigures(
      new Map([['BURGLARY_RESIDENTIAL', 2], ['STALKING_AND_HARASSMENT', 1], ['SHOPLIFTING', 4]]),
      new Map([['VIOLENCE_WITHOUT_INJURY', 1], ['SHOPLIFTING', 1]]),
      costs,
    );
    expect(figures).toEqual({
      offencesBefore: 7, offencesAfter: 2, uncostedOffencesBefore: 4, uncostedOffencesAfter: 1, costBefore: 17790, costAfter: 5930, reductionPercent: 66.67,
      // 11,860 each in all: a tie, so by name.
      byCategory: [
        { costCategory: 'Domestic burglary', unitCostPounds: 5930, offencesBefore: 2, offencesAfter: 0, costBefore: 11860, costAfter: 0 },
        { costCategory: 'Violence without injury', unitCostPounds: 5930, offencesBefore: 1, offencesAfter: 1, costBefore: 5930, costAfter: 5930 },
      ],
    });
  });
});

describe('rests of wider groups (differencing between filters)', () => {
  it('is each wider group without this group, empty ones left out, optionally within a period', () => {
    const m = (hubId: string, startDate: string) => ({ hubId, startDate, endedOn: null });
    const group = [m('a', '2025-01-10'), m('b', '2025-02-10')];
    const wider = [[...group, m('c', '2025-01-20'), m('d', '2025-03-01')], [...group]];
    expect(restsOf(group, wider).map((rest) => rest.map((x) => x.hubId))).toEqual([['c', 'd']]);
    expect(restsOf(group, wider, (x) => x.startDate < '2025-02-01').map((rest) => rest.map((x) => x.hubId))).toEqual([['c']]);
  });
});
