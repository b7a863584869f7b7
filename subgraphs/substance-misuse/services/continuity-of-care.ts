/**
 * Continuity of care: a person released from prison and referred on by prison treatment services
 * counts as engaged when a community treatment episode starts within 21 days of release. Derived
 * from the episodes, not stored beside them, so the two cannot disagree.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { daysBetween } from '../../kit/dates';
import { suppressPartition } from '../../kit/disclosure';
import type { DateRange } from '../../kit/dates';
import { TreatmentEpisode } from '../entities/treatment-episode.entity';
import { TreatmentCustodyRelease } from '../entities/treatment-custody-release.entity';

export const CONTINUITY_OF_CARE_DAYS = 21;

export interface ContinuityOfCare {
  releaseDate: string;
  communityTreatmentStart: string | null;
  daysToCommunityTreatment: number | null;
  /** Null while the 21 days are still running and no treatment has started. */
  engagedWithin21Days: boolean | null;
}

export function continuityOfCare(releases: TreatmentCustodyRelease[], episodes: TreatmentEpisode[], today: string): ContinuityOfCare[] {
  return releases.map((release, i) => {
    const nextRelease = releases[i + 1]?.releaseDate;
    const episode = episodes.find((e) => e.startDate >= release.releaseDate && (!nextRelease || e.startDate < nextRelease));
    const days = episode ? daysBetween(release.releaseDate, episode.startDate) : null;
    const windowOver = daysBetween(release.releaseDate, today) > CONTINUITY_OF_CARE_DAYS;
    return {
      releaseDate: release.releaseDate,
      communityTreatmentStart: episode?.startDate ?? null,
      daysToCommunityTreatment: days,
      engagedWithin21Days: days !== null && days <= CONTINUITY_OF_CARE_DAYS ? true : windowOver ? false : null,
    };
  });
}

export interface ContinuityOfCareFigures {
  releases: number | null;
  engagedWithin21Days: number | null;
  stillWithin21Days: number | null;
  rate: number | null;
  suppressed: string[];
}

/** Releases are people leaving custody: releases = engaged + still within 21 days + not engaged, protected as a partition; the rate goes with any suppressed count. */
export function protectedContinuity(releases: number, engaged: number, stillWithin: number): ContinuityOfCareFigures {
  const suppressed = suppressPartition('releases', releases, { engagedWithin21Days: engaged, stillWithin21Days: stillWithin, '~notEngaged': releases - engaged - stillWithin }, ['engagedWithin21Days']);
  if (suppressed.size) suppressed.add('rate');
  const decided = releases - stillWithin;
  return {
    releases: suppressed.has('releases') ? null : releases,
    engagedWithin21Days: suppressed.has('engagedWithin21Days') ? null : engaged,
    stillWithin21Days: suppressed.has('stillWithin21Days') ? null : stillWithin,
    rate: suppressed.has('rate') || !decided ? null : engaged / decided,
    suppressed: [...suppressed].sort(),
  };
}

/** The partnership's continuity-of-care rate for releases in a period: two statements whatever the number of people. */
export async function continuityOfCarePerformance(em: EntityManager, period: DateRange, today: string): Promise<ContinuityOfCareFigures> {
  const inPeriod = await em.find(TreatmentCustodyRelease, { releaseDate: { $gte: period.from, $lte: period.to } }, { fields: ['treatmentClientId'] });
  const clients = [...new Set(inPeriod.map((release) => release.treatmentClientId))];
  if (!clients.length) return protectedContinuity(0, 0, 0);
  const [releases, episodes] = await Promise.all([
    em.find(TreatmentCustodyRelease, { treatmentClientId: { $in: clients } }, { orderBy: { releaseDate: 'asc' } }),
    em.find(TreatmentEpisode, { treatmentClientId: { $in: clients } }, { orderBy: { startDate: 'asc' } }),
  ]);
  const outcomes = clients.flatMap((client) =>
    continuityOfCare(
      releases.filter((r) => r.treatmentClientId === client),
      episodes.filter((e) => e.treatmentClientId === client),
      today,
    ).filter((outcome) => outcome.releaseDate >= period.from && outcome.releaseDate <= period.to),
  );
  const decided = outcomes.filter((outcome) => outcome.engagedWithin21Days !== null);
  const engaged = decided.filter((outcome) => outcome.engagedWithin21Days).length;
  return protectedContinuity(outcomes.length, engaged, outcomes.length - decided.length);
}

export interface ContinuityCounts {
  releases: number;
  engagedWithin21Days: number;
  stillWithin21Days: number;
}

/**
 * For the hub's cohort measures: continuity-of-care counts of everyone the provider holds and of
 * each client asked about, for releases in a period, as they stood at the end of `asOf` (releases
 * and episodes recorded after it are left out). Two statements whatever the number of people.
 */
export async function continuityCountsByClient(em: EntityManager, clientIds: readonly string[], period: DateRange, asOf: string): Promise<{ everyone: ContinuityCounts; byClient: Map<string, ContinuityCounts> }> {
  const last = period.to < asOf ? period.to : asOf;
  const inPeriod = await em.find(TreatmentCustodyRelease, { releaseDate: { $gte: period.from, $lte: last } }, { fields: ['treatmentClientId'] });
  const clients = [...new Set(inPeriod.map((release) => release.treatmentClientId))];
  const [releases, episodes] = clients.length
    ? await Promise.all([
        em.find(TreatmentCustodyRelease, { treatmentClientId: { $in: clients }, releaseDate: { $lte: asOf } }, { orderBy: { releaseDate: 'asc' } }),
        em.find(TreatmentEpisode, { treatmentClientId: { $in: clients }, startDate: { $lte: asOf } }, { orderBy: { startDate: 'asc' } }),
      ])
    : [[], []];
  const countsOf = new Map<string, ContinuityCounts>();
  const everyone: ContinuityCounts = { releases: 0, engagedWithin21Days: 0, stillWithin21Days: 0 };
  for (const client of clients) {
    const outcomes = continuityOfCare(
      releases.filter((r) => r.treatmentClientId === client),
      episodes.filter((e) => e.treatmentClientId === client),
      asOf,
    ).filter((outcome) => outcome.releaseDate >= period.from && outcome.releaseDate <= last);
    const counts = {
      releases: outcomes.length,
      engagedWithin21Days: outcomes.filter((outcome) => outcome.engagedWithin21Days === true).length,
      stillWithin21Days: outcomes.filter((outcome) => outcome.engagedWithin21Days === null).length,
    };
    everyone.releases += counts.releases;
    everyone.engagedWithin21Days += counts.engagedWithin21Days;
    everyone.stillWithin21Days += counts.stillWithin21Days;
    countsOf.set(client, counts);
  }
  const none: ContinuityCounts = { releases: 0, engagedWithin21Days: 0, stillWithin21Days: 0 };
  return { everyone, byClient: new Map(clientIds.map((client) => [client, countsOf.get(client) ?? none])) };
}
