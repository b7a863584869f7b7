/**
 * Continuity of care: a person released from prison and referred on by prison treatment services
 * counts as engaged when a community treatment episode starts within 21 days of release. Derived
 * from the episodes, not stored beside them, so the two cannot disagree.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { daysBetween } from '../../kit/dates';
import { suppressPartition } from '../../kit/disclosure';
import type { DateRange } from '../../kit/dates';
import { derivedId, type AnswerSet } from '../../kit/released-sets';
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

/**
 * The partnership's continuity-of-care rate for releases in a period: two statements whatever the
 * number of people. Each release is named in the sets by an id derived from the client and day,
 * for every count shown or worked out by subtraction (releases, engaged, still within 21 days, not
 * engaged): two periods or days whose releases differ by a few would tell of those few.
 */
export async function continuityOfCarePerformance(em: EntityManager, period: DateRange, today: string): Promise<{ figures: ContinuityOfCareFigures; sets: AnswerSet[] }> {
  const inPeriod = await em.find(TreatmentCustodyRelease, { releaseDate: { $gte: period.from, $lte: period.to } }, { fields: ['treatmentClientId'] });
  const clients = [...new Set(inPeriod.map((release) => release.treatmentClientId))];
  const [releases, episodes] = clients.length
    ? await Promise.all([
        em.find(TreatmentCustodyRelease, { treatmentClientId: { $in: clients } }, { orderBy: { releaseDate: 'asc' } }),
        em.find(TreatmentEpisode, { treatmentClientId: { $in: clients } }, { orderBy: { startDate: 'asc' } }),
      ])
    : [[], []];
  const outcomes = clients.flatMap((client) =>
    continuityOfCare(
      releases.filter((r) => r.treatmentClientId === client),
      episodes.filter((e) => e.treatmentClientId === client),
      today,
    )
      .filter((outcome) => outcome.releaseDate >= period.from && outcome.releaseDate <= period.to)
      .map((outcome) => ({ ...outcome, id: derivedId(`treatment-release|${client}|${outcome.releaseDate}`) })),
  );
  const decided = outcomes.filter((outcome) => outcome.engagedWithin21Days !== null);
  const engaged = decided.filter((outcome) => outcome.engagedWithin21Days).length;
  const parts: Record<string, string[]> = {
    releases: outcomes.map((outcome) => outcome.id),
    engaged: outcomes.filter((outcome) => outcome.engagedWithin21Days === true).map((outcome) => outcome.id),
    stillWithin21Days: outcomes.filter((outcome) => outcome.engagedWithin21Days === null).map((outcome) => outcome.id),
    notEngaged: outcomes.filter((outcome) => outcome.engagedWithin21Days === false).map((outcome) => outcome.id),
  };
  return {
    figures: protectedContinuity(outcomes.length, engaged, outcomes.length - decided.length),
    sets: Object.entries(parts).map(([name, members]) => ({ kind: `continuityOfCarePerformance.${name}`, parameters: '', members })),
  };
}

export interface ContinuityCounts {
  releases: number;
  engagedWithin21Days: number;
  stillWithin21Days: number;
}

/** Releases from `from` to `to`, counted as they stood at the end of `asOf`. */
export interface CountPeriod extends DateRange {
  asOf: string;
}

/**
 * For the hub's cohort measures: for each period, continuity-of-care counts of everyone the
 * provider holds and of each client asked about that had a release in it (the others had none),
 * as they stood at the end of the period's `asOf` (releases and episodes recorded after it are left
 * out). Two statements whatever the number of people or periods: the releases in any of the
 * periods, then those clients' releases and episodes, each period counted from them.
 */
export async function continuityCountsByClient(em: EntityManager, clientIds: readonly string[], periods: readonly CountPeriod[]): Promise<{ everyone: ContinuityCounts; byClient: Map<string, ContinuityCounts> }[]> {
  if (periods.length === 0) return [];
  const lastOf = (period: CountPeriod) => (period.to < period.asOf ? period.to : period.asOf);
  const earliest = periods.reduce((day, period) => (period.from < day ? period.from : day), periods[0].from);
  const latest = periods.reduce((day, period) => (lastOf(period) > day ? lastOf(period) : day), lastOf(periods[0]));
  const latestAsOf = periods.reduce((day, period) => (period.asOf > day ? period.asOf : day), periods[0].asOf);
  const inAny = await em.find(TreatmentCustodyRelease, { releaseDate: { $gte: earliest, $lte: latest } }, { fields: ['treatmentClientId', 'releaseDate'] });
  const clients = [...new Set(inAny.map((release) => release.treatmentClientId))];
  const [releases, episodes] = clients.length
    ? await Promise.all([
        em.find(TreatmentCustodyRelease, { treatmentClientId: { $in: clients }, releaseDate: { $lte: latestAsOf } }, { orderBy: { releaseDate: 'asc' } }),
        em.find(TreatmentEpisode, { treatmentClientId: { $in: clients }, startDate: { $lte: latestAsOf } }, { orderBy: { startDate: 'asc' } }),
      ])
    : [[], []];
  const asked = new Set(clientIds);
  const byClientOf = <R extends { treatmentClientId: string }>(rows: readonly R[]) => {
    const of = new Map<string, R[]>();
    for (const row of rows) of.set(row.treatmentClientId, [...(of.get(row.treatmentClientId) ?? []), row]);
    return of;
  };
  const releasesOf = byClientOf(releases);
  const episodesOf = byClientOf(episodes);
  return periods.map((period) => {
    const last = lastOf(period);
    const inPeriod = new Set(inAny.filter((release) => release.releaseDate >= period.from && release.releaseDate <= last).map((release) => release.treatmentClientId));
    const byClient = new Map<string, ContinuityCounts>();
    const everyone: ContinuityCounts = { releases: 0, engagedWithin21Days: 0, stillWithin21Days: 0 };
    for (const client of inPeriod) {
      const outcomes = continuityOfCare(
        (releasesOf.get(client) ?? []).filter((r) => r.releaseDate <= period.asOf),
        (episodesOf.get(client) ?? []).filter((e) => e.startDate <= period.asOf),
        period.asOf,
      ).filter((outcome) => outcome.releaseDate >= period.from && outcome.releaseDate <= last);
      const counts = {
        releases: outcomes.length,
        engagedWithin21Days: outcomes.filter((outcome) => outcome.engagedWithin21Days === true).length,
        stillWithin21Days: outcomes.filter((outcome) => outcome.engagedWithin21Days === null).length,
      };
      everyone.releases += counts.releases;
      everyone.engagedWithin21Days += counts.engagedWithin21Days;
      everyone.stillWithin21Days += counts.stillWithin21Days;
      if (asked.has(client) && counts.releases > 0) byClient.set(client, counts);
    }
    return { everyone, byClient };
  });
}
