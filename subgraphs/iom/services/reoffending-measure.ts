/**
 * The reoffending measure, computed where the data lives and returning counts alone. IOM knows
 * the cohort (hub ids and adoption dates); it asks the person index for the cohort's PNC IDs and
 * housing references, housing for their custody spells, and police to count offences in each
 * person's windows — all with the caller's own signed context, which must hold aggregate
 * statistics. Identifiers move between services, never to the caller: the answer is totals.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { IdentifierType } from '../../kit/identifiers';
import type { Sex } from '../../kit/sex';
import type { IsoDate } from '../../kit/dates';
import { forEachPackedRow, packedField, packRows, unpackAnswer } from '../../kit/packed-rows';
import { IomCaseStatus, type IomStrand } from '../entities/enums';
import { comparisonWindows, type ComparisonWindows, type CustodySpell, type DayRange } from './reoffending';
import { askPartner, cohortKeys, partnerAnswerMismatch, requireAnswer, requireList, type AskSubgraph } from './partner-asks';

export interface CohortFilter {
  adoptedFrom: IsoDate | null;
  adoptedTo: IsoDate;
  strand: IomStrand | null;
  cohortCode: string | null;
  sex: Sex | null;
  /** Age at referral, both ends included. */
  ageRange: [number, number] | null;
  /** The local authority holding the person's housing case (housing answers; IOM holds no area). */
  area: string | null;
}

export interface CohortMember {
  hubId: string;
  /** The person's first adoption within the range: the start date of the comparison. */
  startDate: IsoDate;
  /** The end of the case that began then; null while open. */
  endedOn: IsoDate | null;
}

/** Everyone adopted onto IOM in the range (one row per person, their first adoption in it); the area is not IOM's to judge (see `hubIdsInArea`). */
export async function cohortMembers(em: EntityManager, filter: CohortFilter): Promise<CohortMember[]> {
  const rows: { person_id: string; adopted_on: string; ended_on: string | null }[] = await em.getConnection().execute(
    `select distinct on (c.person_id) c.person_id, to_char(c.adopted_on, 'YYYY-MM-DD') as adopted_on, to_char(c.ended_on, 'YYYY-MM-DD') as ended_on
     from iom_case c join iom_cohort k on k.code = c.cohort_code
     where c.adopted_on is not null and c.status <> ? and c.adopted_on <= ? and (?::date is null or c.adopted_on >= ?::date)
       and (?::text is null or k.strand = ?::text) and (?::text is null or c.cohort_code = ?::text)
       and (?::text is null or c.sex = ?::text) and (?::int is null or c.age_at_referral between ?::int and ?::int)
     order by c.person_id, c.adopted_on, c.id`,
    [
      IomCaseStatus.DECLINED, filter.adoptedTo, filter.adoptedFrom, filter.adoptedFrom, filter.strand, filter.strand, filter.cohortCode, filter.cohortCode,
      filter.sex, filter.sex, filter.ageRange?.[0] ?? null, filter.ageRange?.[0] ?? null, filter.ageRange?.[1] ?? null,
    ],
  );
  return rows.map((row) => ({ hubId: row.person_id, startDate: row.adopted_on, endedOn: row.ended_on }));
}


export interface PartnerFacts {
  /** Each member's PNC ID (read by member: it may hold others' too, when the keys were given). */
  pncIdOf: Map<string, string>;
  custodyOf: Map<string, CustodySpell[]>;
}

/**
 * The identifiers a measure needs of each person, by hub id: the first PNC ID in order when the
 * index links several (whatever order the keys came in), and every housing reference.
 */
export interface MemberKeys {
  pncIdOf: Map<string, string>;
  referencesOf: Map<string, string[]>;
}

/** Adds one key from the person index to `keys`; kinds a measure does not use are passed over. */
function addKey(keys: MemberKeys, hubId: string, type: string, value: string): void {
  if (type === IdentifierType.PNC_ID) {
    const pncId = keys.pncIdOf.get(hubId);
    if (pncId === undefined || value < pncId) keys.pncIdOf.set(hubId, value);
  } else if (type === IdentifierType.HOUSING_REFERENCE) {
    const references = keys.referencesOf.get(hubId);
    if (references) references.push(value);
    else keys.referencesOf.set(hubId, [value]);
  }
}

/** The identifiers a measure needs of each member to ask police and housing about them. */
export const MEASURE_KEY_TYPES = [IdentifierType.PNC_ID, IdentifierType.HOUSING_REFERENCE];

/**
 * Each member's PNC ID and custody spells (from the housing record the index links them to).
 * `known` are the members' keys when the caller has them already (everyone on statutory
 * supervision: the index gave them with the hub ids); otherwise the index is asked.
 */
export async function partnerFacts(ask: AskSubgraph, members: readonly CohortMember[], known?: MemberKeys): Promise<PartnerFacts> {
  // The keys given are the members' own (and are only ever read by member): used as they are, not copied.
  const pncIdOf = known ? known.pncIdOf : new Map<string, string>();
  const custodyOf = new Map<string, CustodySpell[]>();
  if (members.length === 0) return { pncIdOf, custodyOf };
  let keys = known;
  if (!keys) {
    keys = { pncIdOf: new Map(), referencesOf: new Map() };
    for (const key of await cohortKeys(ask, [...new Set(members.map((member) => member.hubId))], MEASURE_KEY_TYPES)) addKey(keys, key.hubId, key.type, key.value);
  }
  const hubIdsOfReference = new Map<string, string[]>();
  for (const { hubId } of members) {
    if (!known) {
      const pncId = keys.pncIdOf.get(hubId);
      if (pncId !== undefined) pncIdOf.set(hubId, pncId);
    }
    const references = keys.referencesOf.get(hubId);
    if (references === undefined) continue;
    for (const reference of references) {
      const hubIds = hubIdsOfReference.get(reference);
      if (!hubIds) hubIdsOfReference.set(reference, [hubId]);
      else if (!hubIds.includes(hubId)) hubIds.push(hubId);
    }
  }
  if (hubIdsOfReference.size) {
    const spells = await askPartner<{ custodySpellsOf: string | null }>(
      ask,
      'housing',
      'query CustodySpells($references: String!) { custodySpellsOf(housingReferences: $references) }',
      { references: packRows([...hubIdsOfReference.keys()].map((reference) => [reference])) },
    );
    for (const [housingReference, start, release] of unpackAnswer(requireAnswer(spells.custodySpellsOf, 'housing'))) {
      for (const hubId of hubIdsOfReference.get(housingReference) ?? []) {
        const spell = { start, release: release || null };
        const spells = custodyOf.get(hubId);
        if (spells) spells.push(spell);
        else custodyOf.set(hubId, [spell]);
      }
    }
  }
  return { pncIdOf, custodyOf };
}

export interface WindowCount {
  recorded: number;
  detected: number;
}

/** The windows police are asked about (those with a PNC ID and a day in them), each with its position among all the windows, packed one per line. */
function packedWindows(windows: readonly { pncId: string | undefined; ranges: DayRange[] }[]): { positions: number[]; packed: string } {
  const positions: number[] = [];
  // Appended field by field (as `packRows` would pack [pncId, from, to, …]) rather than through an array per window.
  let packed = '';
  windows.forEach((window, position) => {
    if (!window.pncId || window.ranges.length === 0) return;
    packed += (positions.length ? '\n' : '') + packedField(window.pncId);
    for (const range of window.ranges) packed += `\t${packedField(range.from)}\t${packedField(range.to)}`;
    positions.push(position);
  });
  return { positions, packed };
}

/** Asks police to count offences in every window at once; a window of someone police do not know counts none. */
export async function countOffences(ask: AskSubgraph, windows: readonly { pncId: string | undefined; ranges: DayRange[] }[]): Promise<WindowCount[]> {
  const counts: WindowCount[] = windows.map(() => ({ recorded: 0, detected: 0 }));
  const { positions, packed } = packedWindows(windows);
  if (positions.length === 0) return counts;
  const answer = await askPartner<{ offenceCountsInWindows: string | null }>(ask, 'police', 'query CountOffences($windows: String!) { offenceCountsInWindows(windows: $windows) }', { windows: packed });
  // Row by row into the counts (`forEachPackedRow`), not an array per window's line.
  let row = 0;
  const linedUp = forEachPackedRow(requireAnswer(answer.offenceCountsInWindows, 'police'), 2, ([recorded, detected]) => {
    if (row < positions.length) counts[positions[row]] = { recorded: Number(recorded), detected: Number(detected) };
    row++;
  });
  if (!linedUp || row !== positions.length) throw partnerAnswerMismatch('police');
  return counts;
}

export interface MemberWindows {
  member: CohortMember;
  windows: ComparisonWindows;
}

/** No custody spells: one array for everyone without any, not one each. */
const NO_SPELLS: readonly CustodySpell[] = [];

export function windowsFor(members: readonly CohortMember[], facts: PartnerFacts, months: number, asOf: IsoDate): MemberWindows[] {
  return members.map((member) => ({ member, windows: comparisonWindows(member.startDate, months, facts.custodyOf.get(member.hubId) ?? NO_SPELLS, asOf) }));
}

/** Each member's identifier of one kind from the person index (the first, when the index links several), in one call. */
export async function personKeysOf(ask: AskSubgraph, hubIds: readonly string[], type: IdentifierType): Promise<Map<string, string>> {
  const keyOf = new Map<string, string>();
  if (hubIds.length === 0) return keyOf;
  for (const key of await cohortKeys(ask, hubIds, [type])) if (!keyOf.has(key.hubId)) keyOf.set(key.hubId, key.value);
  return keyOf;
}

export type TypeCounts = Map<string, WindowCount>;

/** Asks police to count offences per crime type in every window at once; windows without a PNC ID count none. */
export async function countOffencesByType(ask: AskSubgraph, windows: readonly { pncId: string | undefined; ranges: DayRange[] }[]): Promise<TypeCounts[]> {
  const counts: TypeCounts[] = windows.map(() => new Map());
  const { positions, packed } = packedWindows(windows);
  if (positions.length === 0) return counts;
  const answer = await askPartner<{ offenceCountsByCrimeType: string | null }>(ask, 'police', 'query CountOffencesByType($windows: String!) { offenceCountsByCrimeType(windows: $windows) }', { windows: packed });
  for (const [window, crimeType, recorded, detected] of unpackAnswer(requireAnswer(answer.offenceCountsByCrimeType, 'police'))) {
    const position = positions[Number(window)];
    if (position === undefined) throw partnerAnswerMismatch('police');
    counts[position].set(crimeType, { recorded: Number(recorded), detected: Number(detected) });
  }
  return counts;
}

export interface RequirementActivity {
  starts: { type: string; count: number; requirementIds: string[] }[];
  completions: { type: string; completedOn: IsoDate; pncId: string | null; requirementId: string }[];
}

/** DRR and ATR starts and completions in a period from probation, for everyone it supervises or the CRNs given. */
export async function requirementActivity(ask: AskSubgraph, from: IsoDate, to: IsoDate, crns: string[] | null): Promise<RequirementActivity> {
  const answer = await askPartner<{ treatmentRequirementActivity: RequirementActivity | null }>(
    ask,
    'probation',
    'query RequirementActivity($from: LocalDate!, $to: LocalDate!, $crns: [String!]) { treatmentRequirementActivity(from: $from, to: $to, crns: $crns) { starts { type count requirementIds } completions { type completedOn pncId requirementId } } }',
    { from, to, crns },
  );
  return requireAnswer(answer.treatmentRequirementActivity, 'probation');
}

/** Which way each person's reoffending predictor moved since their start date (probation decides; only the direction comes back). */
export async function predictorDirections(ask: AskSubgraph, people: readonly { crn: string; since: IsoDate }[], asOf: IsoDate): Promise<string[]> {
  if (people.length === 0) return [];
  const answer = await askPartner<{ reoffendingPredictorDirections: { ref: number; direction: string }[] | null }>(
    ask,
    'probation',
    'query PredictorDirections($people: [ProbationPredictorSinceInput!]!, $asOf: LocalDate!) { reoffendingPredictorDirections(people: $people, asOf: $asOf) { ref direction } }',
    { people: people.map((person, ref) => ({ ref, crn: person.crn, since: person.since })), asOf },
  );
  const directions = people.map(() => 'NO_BASELINE');
  for (const row of requireList(answer.reoffendingPredictorDirections, 'probation')) directions[row.ref] = row.direction;
  return directions;
}

/**
 * Everyone under statutory supervision whose first statutory order began on or before `to`, as a
 * cohort: probation names them by CRN with that order's start (their start date) and end, and the
 * person index gives their hub ids (someone the index does not link is left out: no other partner
 * could be asked about them) and, in the same call, their PNC IDs and housing references (`keys`,
 * for `partnerFacts`). A person with two CRNs counts once, from the earlier start.
 */
export async function supervisedMembers(ask: AskSubgraph, to: IsoDate): Promise<{ members: CohortMember[]; keys: MemberKeys }> {
  const keys: MemberKeys = { pncIdOf: new Map(), referencesOf: new Map() };
  const starts: { crn: string; startedOn: string; endedOn: string | null }[] = [];
  const startsLineUp = forEachPackedRow(
    requireAnswer((await askPartner<{ supervisionStarts: string | null }>(ask, 'probation', 'query SupervisionStarts($to: LocalDate!) { supervisionStarts(to: $to) }', { to })).supervisionStarts, 'probation'),
    3,
    ([crn, startedOn, endedOn]) => starts.push({ crn, startedOn, endedOn: endedOn || null }),
  );
  if (!startsLineUp) throw partnerAnswerMismatch('probation');
  if (starts.length === 0) return { members: [], keys };
  const hubIdOf = new Map<string, string>();
  const keysLineUp = forEachPackedRow(
    requireAnswer(
      (
        await askPartner<{ cohortKeysByIdentifier: string | null }>(
          ask,
          'people',
          'query SupervisedKeys($type: IdentifierType!, $values: String!, $types: [IdentifierType!]!) { cohortKeysByIdentifier(type: $type, values: $values, types: $types) }',
          { type: IdentifierType.CRN, values: packRows(starts.map((start) => [start.crn])), types: MEASURE_KEY_TYPES },
        )
      ).cohortKeysByIdentifier,
      'people',
    ),
    3,
    ([hubId, type, value]) => {
      if (type === IdentifierType.CRN) hubIdOf.set(value, hubId);
      else addKey(keys, hubId, type, value);
    },
  );
  if (!keysLineUp) throw partnerAnswerMismatch('people');
  const members = new Map<string, CohortMember>();
  for (const start of starts) {
    const hubId = hubIdOf.get(start.crn);
    if (!hubId) continue;
    const known = members.get(hubId);
    if (!known || start.startedOn < known.startDate) members.set(hubId, { hubId, startDate: start.startedOn, endedOn: start.endedOn });
  }
  return { members: [...members.values()], keys };
}
