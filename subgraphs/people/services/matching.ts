/**
 * Candidate matches between index records and what confirming or rejecting one does. A candidate
 * is another unmerged record with the same date of birth and either the same name, or a close
 * name and the same postcode. Rejected pairs are never offered again.
 */
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { registerEnumType } from 'type-graphql';
import { badUserInput } from '../../kit/errors';
import { englandDateAt } from '../../kit/dates';
import { Person } from '../entities/person.entity';
import { LinkMethod, PersonIdentifier } from '../entities/person-identifier.entity';
import { MatchDecision, MatchOutcome } from '../entities/match-decision.entity';
import type { PeopleLoaders } from './person-loaders';
import { HUB_ID } from '../../kit/access/rows';

export enum MatchReason {
  SAME_NAME_AND_DATE_OF_BIRTH = 'SAME_NAME_AND_DATE_OF_BIRTH',
  CLOSE_NAME_SAME_DATE_OF_BIRTH_AND_POSTCODE = 'CLOSE_NAME_SAME_DATE_OF_BIRTH_AND_POSTCODE',
}
registerEnumType(MatchReason, {
  name: 'MatchReason',
  description: 'Why two index records may be the same person.',
  valuesConfig: {
    SAME_NAME_AND_DATE_OF_BIRTH: { description: 'Same given and family name (or an alias) and the same date of birth.' },
    CLOSE_NAME_SAME_DATE_OF_BIRTH_AND_POSTCODE: { description: 'A name at most two edits away, the same date of birth and the same postcode.' },
  },
});

export interface Candidate {
  candidate: Person;
  reason: MatchReason;
}

const normalise = (name: string): string => name.toLowerCase().replace(/[^a-z]/g, '');

function namesOf(person: Person): string[] {
  return [`${person.givenName} ${person.familyName}`, ...person.aliases].map(normalise);
}

/** Levenshtein distance, stopping early once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = 2): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      // A transposition of neighbours counts as one edit, as in a mistyped name.
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j], (previous[j - 2] ?? 0) + 1);
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}

export function matchReason(person: Person, other: Person): MatchReason | null {
  if (person.id === other.id || person.dateOfBirth !== other.dateOfBirth) return null;
  const mine = namesOf(person);
  const theirs = namesOf(other);
  if (mine.some((name) => theirs.includes(name))) return MatchReason.SAME_NAME_AND_DATE_OF_BIRTH;
  const samePostcode = !!person.postcode && !!other.postcode && normalise(person.postcode) === normalise(other.postcode);
  if (samePostcode && mine.some((a) => theirs.some((b) => editDistance(a, b) <= 2))) {
    return MatchReason.CLOSE_NAME_SAME_DATE_OF_BIRTH_AND_POSTCODE;
  }
  return null;
}

/** Batched: the pool and the decisions for many people load in one statement each. */
export async function candidatesFor(loaders: PeopleLoaders, person: Person): Promise<Candidate[]> {
  const [pool, decisions] = await Promise.all([
    loaders.peopleByDateOfBirth.load(person.dateOfBirth),
    loaders.decisionsByPersonId.load(person.id),
  ]);
  const decided = new Set(decisions.map((pair) => pair.otherId));
  const visible = await loaders.rows.visibleKeys(HUB_ID);
  const candidates: Candidate[] = [];
  for (const other of pool) {
    if (decided.has(other.id) || !visible.has(other.id)) continue;
    const reason = matchReason(person, other);
    if (reason) candidates.push({ candidate: other, reason });
  }
  return candidates;
}

async function loadPair(loaders: PeopleLoaders, personId: string, candidateId: string): Promise<{ person: Person; candidate: Person }> {
  if (personId === candidateId) throw badUserInput('A person cannot be matched with themselves: personId and candidateId are the same.');
  const [person, candidate] = await Promise.all([loaders.personRecordById.load(personId), loaders.personRecordById.load(candidateId)]);
  // Someone the caller may not see is, to them, someone who does not exist.
  const rows = await loaders.rows.visibleKeys(HUB_ID);
  const visible = (record: Person | null): record is Person => !!record && rows.has(record.id);
  if (!visible(person)) throw badUserInput(`No person has id ${personId}.`, { argumentName: 'personId' });
  if (!visible(candidate)) throw badUserInput(`No person has id ${candidateId}.`, { argumentName: 'candidateId' });
  for (const record of [person, candidate]) {
    if (record.mergedInto) throw badUserInput(`Person ${record.id} has already been merged into ${record.mergedInto}; decide on that record instead.`);
  }
  return { person, candidate };
}

/** The database refused a second current decision for the pair: someone else decided it first. */
function decidedMeanwhile(error: unknown): never {
  if (error instanceof UniqueConstraintViolationException) {
    throw badUserInput('This pair was decided by someone else a moment ago; reload it to see their decision.');
  }
  throw error;
}

async function requireOpenCandidate(loaders: PeopleLoaders, person: Person, candidate: Person): Promise<void> {
  const decided = (await loaders.decisionsByPersonId.load(person.id)).find((pair) => pair.otherId === candidate.id);
  if (decided) {
    throw badUserInput(`This pair was already ${decided.decision.outcome.toLowerCase()} on ${englandDateAt(decided.decision.decidedAt)}.`);
  }
  if (!matchReason(person, candidate)) {
    throw badUserInput(
      `Person ${candidate.id} is not a candidate match for ${person.id}: a candidate needs the same date of birth and the same name, or a close name and the same postcode.`,
    );
  }
}

/**
 * Merges the candidate into the person: its identifiers move across (marked CONFIRMED), its name
 * and aliases become aliases, and the candidate record points at the person from then on.
 */
export async function confirmMatch(em: EntityManager, loaders: PeopleLoaders, personId: string, candidateId: string, reason: string | null): Promise<Person> {
  const { person, candidate } = await loadPair(loaders, personId, candidateId);
  await requireOpenCandidate(loaders, person, candidate);
  await em.transactional(async (tx) => {
    // The decision first: a concurrent decision on the same pair waits on it, then fails, before anything merges.
    await tx.insert(MatchDecision, { personId: person.id, candidateId: candidate.id, outcome: MatchOutcome.CONFIRMED, reason });
    await tx.nativeUpdate(PersonIdentifier, { personId: candidate.id }, { personId: person.id, linkMethod: LinkMethod.CONFIRMED, linkedAt: new Date() });
    const aliases = new Set(person.aliases);
    for (const name of [`${candidate.givenName} ${candidate.familyName}`, ...candidate.aliases]) {
      if (normalise(name) !== normalise(`${person.givenName} ${person.familyName}`)) aliases.add(name);
    }
    await tx.nativeUpdate(Person, { id: person.id }, { aliases: [...aliases], postcode: person.postcode ?? candidate.postcode });
    await tx.nativeUpdate(Person, { id: candidate.id }, { mergedInto: person.id });
  }).catch(decidedMeanwhile);
  loaders.personRecordById.clearAll();
  loaders.identifiersByPersonId.clearAll();
  const merged = await em.fork().findOneOrFail(Person, { id: person.id });
  return merged;
}

export async function rejectMatch(em: EntityManager, loaders: PeopleLoaders, personId: string, candidateId: string, reason: string | null): Promise<MatchDecision> {
  const { person, candidate } = await loadPair(loaders, personId, candidateId);
  await requireOpenCandidate(loaders, person, candidate);
  const decision = em.create(MatchDecision, { personId: person.id, candidateId: candidate.id, outcome: MatchOutcome.REJECTED, reason });
  await em.flush().catch(decidedMeanwhile);
  return decision;
}

