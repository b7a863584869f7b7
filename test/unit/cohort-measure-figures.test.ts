import { protectedCaseload } from '../../subgraphs/iom/services/measures';
import { continuityFigures, releaseHousingFigures } from '../../subgraphs/iom/services/release-measures';
import { IomStrand } from '../../subgraphs/iom/entities/enums';

describe('release housing figures', () => {
  it('shows 10 of 15 accommodated and 5 of 10 settled when no count is small', () => {
    expect(releaseHousingFigures({ releases: 15, accommodatedOnRelease: 10, settledCounted: 10, settledThreeMonthsAfter: 5 })).toEqual({
      accommodatedOnRelease: { releasesCounted: 15, met: 10, rate: 0.667, suppressed: [] },
      settledThreeMonthsAfter: { releasesCounted: 10, met: 5, rate: 0.5, suppressed: [] },
    });
  });

  it('hides 13 of 15 accommodated: 15 − 13 would show the two who were not', () => {
    // The two not accommodated are the lone hidden part: the other part (met) goes, and the rate with it.
    expect(releaseHousingFigures({ releases: 15, accommodatedOnRelease: 13, settledCounted: 10, settledThreeMonthsAfter: 5 }).accommodatedOnRelease).toEqual({
      releasesCounted: 15, met: null, rate: null, suppressed: ['met', 'rate'],
    });
  });

  it('hides the settled measure when 12 of 15 releases were due: the three not due would show', () => {
    expect(releaseHousingFigures({ releases: 15, accommodatedOnRelease: 10, settledCounted: 12, settledThreeMonthsAfter: 6 }).settledThreeMonthsAfter).toEqual({
      releasesCounted: null, met: null, rate: null, suppressed: ['met', 'rate', 'releasesCounted'],
    });
  });

  it('hides everything for three releases', () => {
    const figures = releaseHousingFigures({ releases: 3, accommodatedOnRelease: 3, settledCounted: 0, settledThreeMonthsAfter: 0 });
    expect(figures.accommodatedOnRelease).toEqual({ releasesCounted: null, met: null, rate: null, suppressed: ['met', 'rate', 'releasesCounted'] });
  });
});

describe('continuity of care figures', () => {
  it('shows 5 engaged of the 10 decided of 15 releases', () => {
    expect(continuityFigures({ releases: 15, engagedWithin21Days: 5, stillWithin21Days: 5 })).toEqual({ releases: 15, engagedWithin21Days: 5, stillWithin21Days: 5, rate: 0.5, suppressed: [] });
  });

  it('hides a small still-running count and the rate; the engaged stay, as two parts remain unknown', () => {
    // 20 releases: 12 engaged, 2 still within 21 days, 6 not engaged (hidden: 20 − 12 − 2). The 2 goes; 20 − 12 = 8 is
    // the 2 and the 6 together, so neither can be told apart and nothing more goes — but the rate (12 / 18) would give the 2 back.
    expect(continuityFigures({ releases: 20, engagedWithin21Days: 12, stillWithin21Days: 2 })).toEqual({
      releases: 20, engagedWithin21Days: 12, stillWithin21Days: null, rate: null, suppressed: ['rate', 'stillWithin21Days'],
    });
  });
});

describe('caseload tables', () => {
  it('suppresses a small cohort with the smallest other cohort of its strand, and a small strand with every cohort in it', () => {
    const tables = protectedCaseload([
      { cohortCode: 'FIXED', strand: IomStrand.FIXED, capacity: 60, adopted: 40, waiting: 0 },
      { cohortCode: 'FREE_FEMALE', strand: IomStrand.FREE, capacity: 20, adopted: 12, waiting: 3 },
      { cohortCode: 'FREE_YOUNG', strand: IomStrand.FREE, capacity: 10, adopted: 2, waiting: 0 },
      { cohortCode: 'FLEX', strand: IomStrand.FLEX, capacity: 20, adopted: 4, waiting: 0 },
    ]);
    // FREE: 14 adopted, FREE_YOUNG's 2 is small and 14 − 12 would give it back: FREE_FEMALE goes too; the strand total shows.
    // FREE waiting 3 is a small total: every FREE cohort's waiting count goes. FLEX: 4 in all, hidden with its one cohort.
    expect(tables.cohorts).toEqual([
      { cohortCode: 'FIXED', strand: 'FIXED', capacity: 60, adopted: 40, waiting: 0, suppressed: [] },
      { cohortCode: 'FREE_FEMALE', strand: 'FREE', capacity: 20, adopted: null, waiting: null, suppressed: ['adopted', 'waiting'] },
      { cohortCode: 'FREE_YOUNG', strand: 'FREE', capacity: 10, adopted: null, waiting: null, suppressed: ['adopted', 'waiting'] },
      { cohortCode: 'FLEX', strand: 'FLEX', capacity: 20, adopted: null, waiting: 0, suppressed: ['adopted'] },
    ]);
    expect(tables.strands).toEqual([
      { strand: 'FIXED', capacity: 60, adopted: 40, waiting: 0, suppressed: [] },
      { strand: 'FLEX', capacity: 20, adopted: null, waiting: 0, suppressed: ['adopted'] },
      { strand: 'FREE', capacity: 30, adopted: 14, waiting: null, suppressed: ['waiting'] },
    ]);
  });
});
