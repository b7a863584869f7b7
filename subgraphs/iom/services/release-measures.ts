/**
 * The figures of the after-release measures for a group of the IOM cohort — release housing
 * (housing counts) and continuity of care (the treatment provider counts) — with their
 * disclosure control. Pure logic: the measures supply what the partners answered.
 */
import { suppressPartition } from '../../kit/disclosure';
import type { ContinuityCounts, ReleaseHousingCounts } from './partner-asks';

export interface ReleaseRateFigures {
  releasesCounted: number | null;
  met: number | null;
  rate: number | null;
  suppressed: string[];
}

export interface ReleaseHousingFigures {
  accommodatedOnRelease: ReleaseRateFigures;
  settledThreeMonthsAfter: ReleaseRateFigures;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** A rate with any count suppressed is suppressed too: with the counts it would give the hidden one back. */
function rateFigures(counted: number, met: number, countedSuppressed: boolean): ReleaseRateFigures {
  const suppressed = countedSuppressed ? new Set(['releasesCounted', 'met']) : suppressPartition('releasesCounted', counted, { met, '~notMet': counted - met });
  if (suppressed.size) suppressed.add('rate');
  return {
    releasesCounted: suppressed.has('releasesCounted') ? null : counted,
    met: suppressed.has('met') ? null : met,
    rate: suppressed.has('rate') || counted === 0 ? null : round3(met / counted),
    suppressed: [...suppressed].sort(),
  };
}

/**
 * Accommodated on release is over every release; settled three months on over those whose three
 * months had passed out of custody, a part of the releases (the rest not yet due or back inside),
 * so that part is protected like any partition before its own split.
 */
export function releaseHousingFigures(counts: ReleaseHousingCounts): ReleaseHousingFigures {
  const dueSplit = suppressPartition('releases', counts.releases, { settledCounted: counts.settledCounted, '~notDue': counts.releases - counts.settledCounted });
  return {
    accommodatedOnRelease: rateFigures(counts.releases, counts.accommodatedOnRelease, dueSplit.has('releases')),
    settledThreeMonthsAfter: rateFigures(counts.settledCounted, counts.settledThreeMonthsAfter, dueSplit.has('settledCounted')),
  };
}

export function withheldReleaseHousing(): ReleaseHousingFigures {
  const withheld = (): ReleaseRateFigures => ({ releasesCounted: null, met: null, rate: null, suppressed: ['met', 'rate', 'releasesCounted'] });
  return { accommodatedOnRelease: withheld(), settledThreeMonthsAfter: withheld() };
}

export const anyReleaseHousingSuppressed = (figures: ReleaseHousingFigures) => figures.accommodatedOnRelease.suppressed.length + figures.settledThreeMonthsAfter.suppressed.length > 0;

export interface ContinuityFigures {
  releases: number | null;
  engagedWithin21Days: number | null;
  stillWithin21Days: number | null;
  rate: number | null;
  suppressed: string[];
}

/** Releases = engaged + still within 21 days + not engaged (hidden, but the rest of the total). */
export function continuityFigures(counts: ContinuityCounts): ContinuityFigures {
  const notEngaged = counts.releases - counts.engagedWithin21Days - counts.stillWithin21Days;
  const suppressed = suppressPartition('releases', counts.releases, { engagedWithin21Days: counts.engagedWithin21Days, stillWithin21Days: counts.stillWithin21Days, '~notEngaged': notEngaged }, ['engagedWithin21Days']);
  if (suppressed.size) suppressed.add('rate');
  const decided = counts.releases - counts.stillWithin21Days;
  return {
    releases: suppressed.has('releases') ? null : counts.releases,
    engagedWithin21Days: suppressed.has('engagedWithin21Days') ? null : counts.engagedWithin21Days,
    stillWithin21Days: suppressed.has('stillWithin21Days') ? null : counts.stillWithin21Days,
    rate: suppressed.has('rate') || decided === 0 ? null : round3(counts.engagedWithin21Days / decided),
    suppressed: [...suppressed].sort(),
  };
}

export function withheldContinuity(): ContinuityFigures {
  return { releases: null, engagedWithin21Days: null, stillWithin21Days: null, rate: null, suppressed: ['engagedWithin21Days', 'rate', 'releases', 'stillWithin21Days'] };
}

/** The sum of some members' counts. */
export function sumCounts<T extends object>(members: readonly string[], of: ReadonlyMap<string, T>, zero: T): T {
  const total = { ...zero } as Record<string, number>;
  for (const member of members) {
    const counts = of.get(member) as Record<string, number> | undefined;
    if (counts) for (const name of Object.keys(total)) total[name] += counts[name];
  }
  return total as T;
}

/** Everyone minus a group: what subtracting the group's answer from the partnership-wide one gives. */
export function minusCounts<T extends object>(everyone: T, group: T): T {
  const a = everyone as Record<string, number>;
  const b = group as Record<string, number>;
  return Object.fromEntries(Object.keys(a).map((name) => [name, a[name] - b[name]])) as T;
}
