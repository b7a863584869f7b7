/**
 * MAPPA (Multi-Agency Public Protection Arrangements) facts about a synthetic person, decided once
 * so police (who record the category and level on the nominal) and probation (whose risk of
 * serious harm assessment follows from it) agree. Drawn from its own seeded stream, so adding it
 * changed no other partner's data.
 */
import type { SyntheticPerson, SyntheticPopulation } from './population';
import { seededRandom } from './shared-facts';

export interface MappaFacts {
  /** 1 registered sexual offender, 2 violent offender, 3 other dangerous offender. */
  category: 1 | 2 | 3;
  /** 1 ordinary agency management, 2 and 3 multi-agency (3 the highest oversight). */
  level: 1 | 2 | 3;
}

export function mappaFacts(population: SyntheticPopulation, person: SyntheticPerson): MappaFacts | null {
  const index = person.duplicateOf ?? person.index;
  const random = seededRandom(population.seed * 7_000_003 + index * 31 + 17);
  const { profile } = person;
  if (profile.offendingLevel === 'NONE') return null;
  const roll = random();
  let category: MappaFacts['category'] | null = null;
  if (roll < 0.012) category = 1;
  else if (profile.custodyHistory && (profile.offendingLevel !== 'OCCASIONAL' || profile.domesticAbusePerpetrator) && roll < 0.08) category = 2;
  else if (roll > 0.997) category = 3;
  if (category === null) return null;
  const levelRoll = random();
  return { category, level: levelRoll < 0.85 ? 1 : levelRoll < 0.98 ? 2 : 3 };
}
