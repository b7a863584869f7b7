/**
 * Facts about a synthetic person that more than one partner records, decided once so every
 * partner's data agrees: custody episodes (police, probation, housing and treatment all see a
 * release), and drug/alcohol treatment requirements (probation sets them, treatment providers
 * receive the referral). Each partner then adds its own detail from its own random stream.
 */
import { addDays } from '../subgraphs/kit/dates';
import type { SyntheticPerson, SyntheticPopulation } from './population';
import { recordedCustodyEpisodes } from './custody-timeline';

export interface CustodyEpisode {
  start: string;
  /** null while still in custody. */
  release: string | null;
}

export interface TreatmentRequirementFacts {
  start: string;
  /** Planned end; the requirement may have ended early or been breached (probation decides). */
  plannedEnd: string;
}

export interface SharedFacts {
  custody: CustodyEpisode[];
  /** The most recent release, if any. */
  lastRelease: string | null;
  /** Released within the last 12 months and under statutory supervision: on licence. */
  onLicence: boolean;
  drugRehabilitationRequirement: TreatmentRequirementFacts | null;
  alcoholTreatmentRequirement: TreatmentRequirementFacts | null;
}

/** A small seeded generator (mulberry32): cheap enough to make one per person. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cache = new WeakMap<SyntheticPopulation, Map<number, SharedFacts>>();

export function sharedFacts(population: SyntheticPopulation, person: SyntheticPerson): SharedFacts {
  let byIndex = cache.get(population);
  if (!byIndex) cache.set(population, (byIndex = new Map()));
  // A duplicate index record is the same person: same facts.
  const index = person.duplicateOf ?? person.index;
  const known = byIndex.get(index);
  if (known) return known;

  const random = seededRandom(population.seed * 1_000_003 + index);
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const today = population.referenceDate;
  const { profile } = person;

  const custody: CustodyEpisode[] = [];
  if (profile.custodyHistory) {
    const episodes = between(1, profile.offendingLevel === 'PROLIFIC' ? 3 : 2);
    let cursor = addDays(today, -between(900, 1800));
    for (let i = 0; i < episodes; i++) {
      const start = cursor;
      const release = addDays(start, between(60, 540));
      custody.push({ start, release });
      cursor = addDays(release, between(60, 400));
    }
    const last = custody[custody.length - 1];
    if (profile.inCustodyNow) {
      last.start = addDays(today, -between(20, 500));
      last.release = null;
    } else if (last.release! >= today) {
      // Released recently: most partners' release measures look at the last year.
      last.release = addDays(today, -between(10, 360));
      if (last.start >= last.release) last.start = addDays(last.release, -between(60, 300));
    }
  }
  // Drawn episodes can overlap or run past today; every partner gets the same cleaned history.
  custody.splice(0, custody.length, ...recordedCustodyEpisodes(custody, today));
  const lastRelease = [...custody].reverse().find((episode) => episode.release)?.release ?? null;
  const onLicence = profile.statutorySupervision && !!lastRelease && lastRelease >= addDays(today, -365);

  const usesDrugs = profile.substanceUse === 'DRUGS' || profile.substanceUse === 'DRUGS_AND_ALCOHOL';
  const usesAlcohol = profile.substanceUse === 'ALCOHOL' || profile.substanceUse === 'DRUGS_AND_ALCOHOL';
  const requirement = (chance: number): TreatmentRequirementFacts | null => {
    if (!profile.statutorySupervision || onLicence || random() >= chance) return null;
    const start = addDays(today, -between(14, 540));
    return { start, plannedEnd: addDays(start, between(180, 365)) };
  };
  const facts: SharedFacts = {
    custody,
    lastRelease,
    onLicence,
    drugRehabilitationRequirement: usesDrugs ? requirement(0.4) : null,
    alcoholTreatmentRequirement: usesAlcohol ? requirement(0.35) : null,
  };
  byIndex.set(index, facts);
  return facts;
}
