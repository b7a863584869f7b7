/**
 * Prison-release housing outcomes, derived from the accommodation history rather than stored
 * beside it, so the two can never disagree: a release is the end of an IN_CUSTODY period.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { addMonths } from '../../kit/dates';
import { suppressPartition } from '../../kit/disclosure';
import { AccommodationPeriod } from '../entities/accommodation-period.entity';
import { ACCOMMODATED_STATUSES, AccommodationStatus, ReleaseHousingMeasure, SETTLED_STATUSES } from '../entities/enums';
import { ReleaseHousingTarget } from '../entities/release-housing-target.entity';
import type { DateRange } from '../../kit/dates';
import { derivedId, type AnswerSet } from '../../kit/released-sets';

export interface ReleaseOutcome {
  releaseDate: string;
  statusOnRelease: AccommodationStatus | null;
  accommodatedOnRelease: boolean;
  threeMonthsAfter: string;
  /** Null until three months have passed. */
  statusThreeMonthsAfter: AccommodationStatus | null;
  /** Null until three months have passed, or when back in custody by then (not counted). */
  settledThreeMonthsAfter: boolean | null;
}

/** What the release measures read of a period. */
type PeriodDates = Pick<AccommodationPeriod, 'status' | 'startDate' | 'endDate'>;

/** The period covering a date in a person's history (ordered by start), if any. */
export function periodOn<P extends PeriodDates>(periods: P[], date: string): P | null {
  return periods.find((period) => period.startDate <= date && (period.endDate === null || date < period.endDate)) ?? null;
}

export function releaseOutcomes(periods: PeriodDates[], today: string): ReleaseOutcome[] {
  return periods
    .filter((period) => period.status === AccommodationStatus.IN_CUSTODY && period.endDate !== null && period.endDate <= today)
    .map((custody) => {
      const releaseDate = custody.endDate as string;
      const statusOnRelease = periodOn(periods, releaseDate)?.status ?? null;
      const threeMonthsAfter = addMonths(releaseDate, 3);
      const due = threeMonthsAfter <= today;
      const statusThreeMonthsAfter = due ? (periodOn(periods, threeMonthsAfter)?.status ?? null) : null;
      return {
        releaseDate,
        statusOnRelease,
        accommodatedOnRelease: statusOnRelease !== null && ACCOMMODATED_STATUSES.has(statusOnRelease),
        threeMonthsAfter,
        statusThreeMonthsAfter,
        settledThreeMonthsAfter:
          statusThreeMonthsAfter === null || statusThreeMonthsAfter === AccommodationStatus.IN_CUSTODY ? null : SETTLED_STATUSES.has(statusThreeMonthsAfter),
      };
    });
}

export interface MeasureResult {
  measure: ReleaseHousingMeasure;
  releasesCounted: number | null;
  met: number | null;
  rate: number | null;
  target: number | null;
  targetSource: string | null;
  meetsTarget: boolean | null;
  suppressed: string[];
}

/** A partner-wide answer: its figures, and the releases each count is of (for the check between answers). */
export interface ReleaseHousingAnswer {
  measures: MeasureResult[];
  sets: AnswerSet[];
}

/**
 * The partnership's release measures for releases in a period: two statements whatever the number
 * of people (the releases in the period, then those people's histories). Each release is named in
 * the sets by an id derived from its reference and day, for every count shown or worked out by
 * subtraction: two periods or days whose releases differ by a few would tell of those few.
 */
export async function releaseHousingPerformance(em: EntityManager, period: DateRange, today: string): Promise<ReleaseHousingAnswer> {
  const releases = await em.find(AccommodationPeriod, { status: AccommodationStatus.IN_CUSTODY, endDate: { $gte: period.from, $lte: period.to } }, { fields: ['housingReference'] });
  const references = [...new Set(releases.map((release) => release.housingReference))];
  const [histories, targets] = await Promise.all([
    references.length
      ? em.find(AccommodationPeriod, { housingReference: { $in: references } }, { orderBy: { housingReference: 'asc', startDate: 'asc' } })
      : Promise.resolve([] as AccommodationPeriod[]),
    em.find(ReleaseHousingTarget, {}),
  ]);
  const byReference = new Map<string, AccommodationPeriod[]>();
  for (const row of histories) {
    const list = byReference.get(row.housingReference);
    if (list) list.push(row);
    else byReference.set(row.housingReference, [row]);
  }
  const outcomes = [...byReference.entries()].flatMap(([reference, periods]) =>
    releaseOutcomes(periods, today)
      .filter((outcome) => outcome.releaseDate >= period.from && outcome.releaseDate <= period.to)
      .map((outcome) => ({ ...outcome, id: derivedId(`housing-release|${reference}|${outcome.releaseDate}`) })),
  );
  const onRelease = outcomes.map((outcome) => outcome.accommodatedOnRelease);
  const atThreeMonths = outcomes.map((outcome) => outcome.settledThreeMonthsAfter).filter((settled): settled is boolean => settled !== null);
  // Releases are people leaving custody: the counts go through disclosure control. The releases the
  // settled measure counts are a part of all releases (the rest not yet due, or back inside).
  const dueSplit = suppressPartition('releases', onRelease.length, { settledCounted: atThreeMonths.length, '~notDue': onRelease.length - atThreeMonths.length });
  const result = (measure: ReleaseHousingMeasure, counted: boolean[], countedSuppressed: boolean): MeasureResult => {
    const target = targets.find((row) => row.measure === measure) ?? null;
    const met = counted.filter(Boolean).length;
    const suppressed = countedSuppressed ? new Set(['releasesCounted', 'met']) : suppressPartition('releasesCounted', counted.length, { met, '~notMet': counted.length - met });
    // With the counts, a rate (or whether it reached the target) would give a hidden one back.
    if (suppressed.size) for (const name of ['rate', 'meetsTarget']) suppressed.add(name);
    const rate = counted.length ? met / counted.length : null;
    return {
      measure,
      releasesCounted: suppressed.has('releasesCounted') ? null : counted.length,
      met: suppressed.has('met') ? null : met,
      rate: suppressed.has('rate') ? null : rate,
      target: target?.target ?? null,
      targetSource: target?.source ?? null,
      meetsTarget: suppressed.has('meetsTarget') || rate === null || target === null ? null : rate >= target.target,
      suppressed: [...suppressed].sort(),
    };
  };
  const idsWhere = (keep: (outcome: (typeof outcomes)[number]) => boolean) => outcomes.filter(keep).map((outcome) => outcome.id);
  const parts: Record<string, string[]> = {
    releases: idsWhere(() => true),
    accommodated: idsWhere((outcome) => outcome.accommodatedOnRelease),
    notAccommodated: idsWhere((outcome) => !outcome.accommodatedOnRelease),
    settledCounted: idsWhere((outcome) => outcome.settledThreeMonthsAfter !== null),
    settledNotCounted: idsWhere((outcome) => outcome.settledThreeMonthsAfter === null),
    settled: idsWhere((outcome) => outcome.settledThreeMonthsAfter === true),
    notSettled: idsWhere((outcome) => outcome.settledThreeMonthsAfter === false),
  };
  return {
    measures: [
      result(ReleaseHousingMeasure.ACCOMMODATED_ON_RELEASE, onRelease, dueSplit.has('releases')),
      result(ReleaseHousingMeasure.SETTLED_THREE_MONTHS_AFTER_RELEASE, atThreeMonths, dueSplit.has('settledCounted')),
    ],
    sets: Object.entries(parts).map(([name, members]) => ({ kind: `releaseHousingPerformance.${name}`, parameters: '', members })),
  };
}

export interface ReleaseCounts {
  /** Releases from custody in the period. */
  releases: number;
  accommodatedOnRelease: number;
  /** Releases whose three months had passed with the person out of custody: those the settled measure counts. */
  settledCounted: number;
  settledThreeMonthsAfter: number;
}

const NO_RELEASES: ReleaseCounts = { releases: 0, accommodatedOnRelease: 0, settledCounted: 0, settledThreeMonthsAfter: 0 };

function add(a: ReleaseCounts, b: ReleaseCounts): ReleaseCounts {
  return {
    releases: a.releases + b.releases,
    accommodatedOnRelease: a.accommodatedOnRelease + b.accommodatedOnRelease,
    settledCounted: a.settledCounted + b.settledCounted,
    settledThreeMonthsAfter: a.settledThreeMonthsAfter + b.settledThreeMonthsAfter,
  };
}

/** Releases from `from` to `to`, counted as the histories stood at the end of `asOf`. */
export interface CountPeriod extends DateRange {
  asOf: string;
}

/**
 * For the hub's cohort measures: for each period, the release counts of everyone housing holds and
 * of each of the references asked about that had a release in it (the others had none), as the
 * histories stood at the end of the period's `asOf` (a period begun after it is not yet recorded;
 * one running past it is still open). Two statements whatever the number of people or periods: the
 * releases in any of the periods, then those people's histories, each period counted from them.
 */
export async function releaseCountsByReference(
  em: EntityManager,
  references: readonly string[],
  periods: readonly CountPeriod[],
): Promise<{ everyone: ReleaseCounts; byReference: Map<string, ReleaseCounts> }[]> {
  if (periods.length === 0) return [];
  const lastOf = (period: CountPeriod) => (period.to < period.asOf ? period.to : period.asOf);
  const earliest = periods.reduce((day, period) => (period.from < day ? period.from : day), periods[0].from);
  const latest = periods.reduce((day, period) => (lastOf(period) > day ? lastOf(period) : day), lastOf(periods[0]));
  const latestAsOf = periods.reduce((day, period) => (period.asOf > day ? period.asOf : day), periods[0].asOf);
  const releases = await em.find(AccommodationPeriod, { status: AccommodationStatus.IN_CUSTODY, endDate: { $gte: earliest, $lte: latest } }, { fields: ['housingReference', 'endDate'] });
  const released = [...new Set(releases.map((release) => release.housingReference))];
  const histories = released.length
    ? await em.find(AccommodationPeriod, { housingReference: { $in: released }, startDate: { $lte: latestAsOf } }, { orderBy: { housingReference: 'asc', startDate: 'asc' } })
    : [];
  const historyOf = new Map<string, AccommodationPeriod[]>();
  for (const row of histories) historyOf.set(row.housingReference, [...(historyOf.get(row.housingReference) ?? []), row]);
  const asked = new Set(references);
  return periods.map((period) => {
    const last = lastOf(period);
    const inPeriod = new Set(releases.filter((release) => release.endDate !== null && release.endDate >= period.from && release.endDate <= last).map((release) => release.housingReference));
    const byReference = new Map<string, ReleaseCounts>();
    let everyone = NO_RELEASES;
    for (const reference of inPeriod) {
      // As it stood at the end of asOf: a period begun later is not yet recorded, one ending later was still open then.
      const asItStood: PeriodDates[] = (historyOf.get(reference) ?? [])
        .filter((row) => row.startDate <= period.asOf)
        .map((row) => ({ status: row.status, startDate: row.startDate, endDate: row.endDate !== null && row.endDate > period.asOf ? null : row.endDate }));
      const outcomes = releaseOutcomes(asItStood, period.asOf).filter((outcome) => outcome.releaseDate >= period.from && outcome.releaseDate <= period.to);
      const counts: ReleaseCounts = {
        releases: outcomes.length,
        accommodatedOnRelease: outcomes.filter((outcome) => outcome.accommodatedOnRelease).length,
        settledCounted: outcomes.filter((outcome) => outcome.settledThreeMonthsAfter !== null).length,
        settledThreeMonthsAfter: outcomes.filter((outcome) => outcome.settledThreeMonthsAfter === true).length,
      };
      everyone = add(everyone, counts);
      if (asked.has(reference) && counts.releases > 0) byReference.set(reference, counts);
    }
    return { everyone, byReference };
  });
}
