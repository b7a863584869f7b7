import { CONTINUITY_OF_CARE_DAYS, continuityOfCare } from '../../subgraphs/substance-misuse/services/continuity-of-care';
import type { TreatmentCustodyRelease } from '../../subgraphs/substance-misuse/entities/treatment-custody-release.entity';
import type { TreatmentEpisode } from '../../subgraphs/substance-misuse/entities/treatment-episode.entity';

/**
 * Continuity of care from hand-built releases and episodes. The definition: engaged when a
 * community treatment episode starts within 21 days of release (day 21 included), before the
 * next release; not engaged once the 21 days have passed without one; open (null) while they run.
 */
const releases = (...dates: string[]) => dates.map((releaseDate, i) => ({ id: `r${i}`, treatmentClientId: 'TC00000001', releaseDate }) as TreatmentCustodyRelease);
const episodes = (...starts: string[]) => starts.map((startDate, i) => ({ id: `e${i}`, treatmentClientId: 'TC00000001', startDate }) as TreatmentEpisode);

describe('continuity of care after release', () => {
  it('is 21 days', () => {
    expect(CONTINUITY_OF_CARE_DAYS).toBe(21);
  });

  it('counts treatment starting on day 21 as engaged, and day 22 as not', () => {
    // 1 March + 21 days = 22 March; + 22 days = 23 March.
    expect(continuityOfCare(releases('2025-03-01'), episodes('2025-03-22'), '2025-12-31')).toEqual([
      { releaseDate: '2025-03-01', communityTreatmentStart: '2025-03-22', daysToCommunityTreatment: 21, engagedWithin21Days: true },
    ]);
    expect(continuityOfCare(releases('2025-03-01'), episodes('2025-03-23'), '2025-12-31')).toEqual([
      { releaseDate: '2025-03-01', communityTreatmentStart: '2025-03-23', daysToCommunityTreatment: 22, engagedWithin21Days: false },
    ]);
  });

  it('counts treatment starting on the day of release (0 days), not one before it', () => {
    expect(continuityOfCare(releases('2025-03-01'), episodes('2025-02-20', '2025-03-01'), '2025-12-31')[0]).toMatchObject({ communityTreatmentStart: '2025-03-01', daysToCommunityTreatment: 0, engagedWithin21Days: true });
  });

  it('leaves the outcome open while the 21 days run, and says not engaged after', () => {
    // Released 10 December: today 31 December is day 21, still within; 1 January is day 22.
    expect(continuityOfCare(releases('2025-12-10'), [], '2025-12-31')[0]).toEqual({ releaseDate: '2025-12-10', communityTreatmentStart: null, daysToCommunityTreatment: null, engagedWithin21Days: null });
    expect(continuityOfCare(releases('2025-12-10'), [], '2026-01-01')[0].engagedWithin21Days).toBe(false);
  });

  it('gives each release the first episode after it and before the next release', () => {
    // Released 1 Feb, back inside, released 1 Jun; the only episode starts 5 Jun: it belongs to the second release.
    expect(continuityOfCare(releases('2025-02-01', '2025-06-01'), episodes('2025-06-05'), '2025-12-31')).toEqual([
      { releaseDate: '2025-02-01', communityTreatmentStart: null, daysToCommunityTreatment: null, engagedWithin21Days: false },
      { releaseDate: '2025-06-01', communityTreatmentStart: '2025-06-05', daysToCommunityTreatment: 4, engagedWithin21Days: true },
    ]);
  });
});
