/**
 * Scored matching end to end, on a hand-built index in its own databases: a run that joins one
 * pair automatically and queues the rest, the coordinator's queue (oldest first, paged, with
 * per-field evidence), confirming, rejecting (remembered), the open-IOM-case refusal, and a split
 * that gives every record back its own identifiers and keeps the history.
 */
import { randomUUID } from 'node:crypto';
import type { RunningHub } from '../../runtime/hub';
import { as, postGraphQL, startTestHub, tokenFor } from '../support/hub';
import { withSql } from '../support/sql';
import { ownDatabases } from '../support/own-databases';

interface Built {
  id: string;
  given: string;
  family: string;
  dob: string;
  postcode: string;
  keys?: [string, string, string][];
  reported?: [string, string][];
}

// Born in the 1930s: unlike anyone a seeded population would hold.
const A1: Built = { id: randomUUID(), given: 'Jonathan', family: 'Smith', dob: '1931-03-14', postcode: 'BK1 2AB', keys: [['PNC_ID', '2011/0123456X', 'POLICE']] };
const A2: Built = { id: randomUUID(), given: 'Jon', family: 'Smyth', dob: '1931-03-14', postcode: 'BK1 2AB', keys: [['HOUSING_REFERENCE', 'HOU-BRK-000101', 'HOUSING']], reported: [['PNC_ID', '2011/0123456X']] };
const B1: Built = { id: randomUUID(), given: 'Marcus', family: 'Pellow', dob: '1935-06-02', postcode: 'HM3 4CD', keys: [['CRN', 'X100201', 'PROBATION']] };
const B2: Built = { id: randomUUID(), given: 'Marcus', family: 'Pellow', dob: '1935-02-06', postcode: 'HM3 4CD', keys: [['TREATMENT_CLIENT_ID', 'TC00100202', 'SUBSTANCE_MISUSE']] };
const C1: Built = { id: randomUUID(), given: 'Aled', family: 'Quarrie', dob: '1937-09-09', postcode: 'SM2 5EF', keys: [['HOUSING_REFERENCE', 'HOU-STM-000301', 'HOUSING']] };
const C2: Built = { id: randomUUID(), given: 'Bryn', family: 'Quarrie', dob: '1937-09-09', postcode: 'SM2 5EF', keys: [['CRN', 'X100302', 'PROBATION']], reported: [['HOUSING_REFERENCE', 'HOU-STM-000301']] };
const D1: Built = { id: randomUUID(), given: 'Delia', family: 'Orrin', dob: '1939-11-20', postcode: 'WY4 1GH', keys: [['NHS_NUMBER', '9434765919', 'HEALTH']] };
const D2: Built = { id: randomUUID(), given: 'Delia', family: 'Orrin', dob: '1939-11-20', postcode: 'WY4 7JK', keys: [['HOUSING_REFERENCE', 'HOU-WYC-000402', 'HOUSING']], reported: [['NHS_NUMBER', '9434765919']] };
const E1: Built = { id: randomUUID(), given: 'Petra', family: 'Volk', dob: '1933-01-01', postcode: 'AS1 1AA', keys: [['CRN', 'X100501', 'PROBATION']] };
const E2: Built = { id: randomUUID(), given: 'Quentin', family: 'Volk', dob: '1934-05-05', postcode: 'AS1 1AA', keys: [['CRN', 'X100502', 'PROBATION']] };
// Arrives after the first run.
const F1: Built = { id: randomUUID(), given: 'Ffion', family: 'Tregarth', dob: '1938-04-30', postcode: 'FN2 3LM', keys: [['CRN', 'X100601', 'PROBATION']] };
const F2: Built = { id: randomUUID(), given: 'Fion', family: 'Tregarth', dob: '1938-04-30', postcode: 'FN2 3LM', keys: [['HOUSING_REFERENCE', 'HOU-FRN-000602', 'HOUSING']] };

async function insert(url: string, records: Built[]): Promise<void> {
  await withSql(url, async (client) => {
    for (const r of records) {
      await client.query(`insert into person (id, given_name, family_name, date_of_birth, sex, postcode) values ($1, $2, $3, $4, 'MALE', $5)`, [r.id, r.given, r.family, r.dob, r.postcode]);
      for (const [type, value, agency] of r.keys ?? []) {
        await client.query(`insert into person_identifier (person_id, type, value, source_agency, link_method) values ($1, $2, $3, $4, 'EXACT')`, [r.id, type, value, agency]);
      }
      for (const [type, value] of r.reported ?? []) await client.query(`insert into reported_identifier (person_id, type, value) values ($1, $2, $3)`, [r.id, type, value]);
    }
  });
}

async function openIomCase(url: string, personId: string): Promise<string> {
  const id = randomUUID();
  await withSql(url, (client) =>
    client.query(
      `insert into iom_case (id, person_id, cohort_code, status, sex, age_at_referral, source_agency, referral_reason, referred_on, neighbourhood_crime, domestic_abuse_perpetrator)
       values ($1, $2, 'FIXED', 'ADOPTED', 'FEMALE', 40, 'POLICE', 'Neighbourhood crime', '2026-01-05', true, false)`,
      [id, personId],
    ),
  );
  return id;
}

const QUEUE = `query($first: Int, $after: String) { matchReviewQueue(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id score blockedBy heldBack foundAt status person { id } candidate { id } evidence { field level weight detail } } } } }`;
const RUN = `mutation { runMatching { comparedPairs joined queued skippedBlocks } }`;
const HISTORY = `query($id: ID!) { person(id: $id) { id aliases identifiers { type value linkMethod } matchHistory { personId candidateId outcome automatic score reason decidedBy decidedByAgency supersededAt } } }`;

interface QueueItem {
  id: string;
  score: number;
  blockedBy: string[];
  heldBack: string[];
  foundAt: string;
  person: { id: string };
  candidate: { id: string };
  evidence: { field: string; level: string; weight: number }[];
}
interface QueuePage {
  matchReviewQueue: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: QueueItem }[] };
}
interface History {
  person: {
    id: string;
    aliases: string[];
    identifiers: { type: string; value: string; linkMethod: string }[];
    matchHistory: { personId: string; candidateId: string; outcome: string; automatic: boolean; reason: string; decidedBy: string; decidedByAgency: string | null; supersededAt: string | null }[];
  };
}

const pairOf = (item: QueueItem): string => [item.person.id, item.candidate.id].sort().join('+');
const pair = (a: Built, b: Built): string => [a.id, b.id].sort().join('+');

describe('scored matching: automatic joins, the review queue, splits', () => {
  let hub: RunningHub;
  let urls: Record<string, string>;
  let coordinatorSubject: string;
  const gql = <T>(query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) => postGraphQL<T>(hub.gatewayUrl, query, variables, headers);

  beforeAll(async () => {
    // Empty index and IOM databases of this file's own, filled by hand below.
    urls = await ownDatabases('review_queue', { empty: ['people', 'iom'] });
    await insert(urls.people, [A1, A2, B1, B2, C1, C2, D1, D2, E1, E2]);
    await openIomCase(urls.iom, D1.id);
    await openIomCase(urls.iom, D2.id);
    hub = await startTestHub({ databaseUrls: urls });
    coordinatorSubject = JSON.parse(Buffer.from((await tokenFor('iom-coordinator')).split('.')[1], 'base64url').toString()).sub;
  });
  afterAll(() => hub?.stop());

  it('a run joins the pair with an agreeing identifier and queues the pairs that need a person, each with why', async () => {
    const run = await gql<{ runMatching: { joined: number; queued: number } }>(RUN);
    expect(run.errors).toBeUndefined();
    expect(run.data!.runMatching).toMatchObject({ joined: 1, queued: 3 });

    // Jon Smyth (housing) joined Jonathan Smith (police): the old id answers with the survivor.
    const viaOld = await gql<History>(HISTORY, { id: A2.id });
    expect(viaOld.data!.person.id).toBe(A1.id);
    expect(viaOld.data!.person.aliases).toContain('Jon Smyth');
    expect(viaOld.data!.person.identifiers).toContainEqual({ type: 'HOUSING_REFERENCE', value: 'HOU-BRK-000101', linkMethod: 'AUTOMATIC' });
    expect(viaOld.data!.person.matchHistory).toEqual([
      expect.objectContaining({ personId: A1.id, candidateId: A2.id, outcome: 'CONFIRMED', automatic: true, decidedBy: 'hub-matcher', supersededAt: null }),
    ]);
    expect(viaOld.data!.person.matchHistory[0].reason).toContain('agreeing PNC_ID');
    expect(viaOld.data!.person.matchHistory[0].reason).toContain(`in a run started by ${coordinatorSubject} (IOM)`);

    const queue = await gql<QueuePage>(QUEUE, { first: 10 });
    const items = new Map(queue.data!.matchReviewQueue.edges.map(({ node }) => [pairOf(node), node]));
    expect([...items.keys()].sort()).toEqual([pair(B1, B2), pair(C1, C2), pair(D1, D2)].sort());
    // Marcus Pellow: day and month swapped, no identifier in common — scored below the join threshold.
    const marcus = items.get(pair(B1, B2))!;
    expect(marcus.heldBack).toEqual([]);
    expect(marcus.evidence).toContainEqual(expect.objectContaining({ field: 'DATE_OF_BIRTH', level: 'TRANSPOSED' }));
    expect(marcus.score).toBeCloseTo(marcus.evidence.reduce((sum, item) => sum + item.weight, 0) - 16.61, 0);
    // The Quarrie twins share their family's housing reference and score high, but the guard holds.
    expect(items.get(pair(C1, C2))!.heldBack).toEqual(['TWINS_GUARD']);
    expect(items.get(pair(C1, C2))!.score).toBeGreaterThanOrEqual(20);
    expect(items.get(pair(D1, D2))!.heldBack).toEqual(['OPEN_IOM_CASES']);
    expect(items.get(pair(D1, D2))!.blockedBy).toContain('SHARED_IDENTIFIER');
  });

  it('queues a newly matched record behind the older pairs, and pages oldest first', async () => {
    await insert(urls.people, [F1, F2]);
    const matched = await gql<{ matchPerson: { joined: number; queued: number } }>(`mutation($id: ID!) { matchPerson(personId: $id) { joined queued } }`, { id: F2.id });
    expect(matched.errors).toBeUndefined();
    expect(matched.data!.matchPerson).toEqual({ joined: 0, queued: 1 });

    const first = await gql<QueuePage>(QUEUE, { first: 3 });
    expect(first.data!.matchReviewQueue.totalCount).toBe(4);
    expect(first.data!.matchReviewQueue.pageInfo.hasNextPage).toBe(true);
    const second = await gql<QueuePage>(QUEUE, { first: 3, after: first.data!.matchReviewQueue.pageInfo.endCursor });
    expect(second.data!.matchReviewQueue.edges.map(({ node }) => pairOf(node))).toEqual([pair(F1, F2)]);
    const times = [...first.data!.matchReviewQueue.edges, ...second.data!.matchReviewQueue.edges].map(({ node }) => node.foundAt);
    expect([...times].sort()).toEqual(times);
    expect(second.data!.matchReviewQueue.pageInfo.hasNextPage).toBe(false);
  });

  it('confirming a queued pair merges it, records who and why, and takes it off the queue', async () => {
    const confirmed = await gql<{ confirmMatch: { id: string } }>(`mutation($p: ID!, $c: ID!) { confirmMatch(personId: $p, candidateId: $c, reason: "Same man: the treatment provider had his date of birth the American way round") { id } }`, { p: B1.id, c: B2.id });
    expect(confirmed.errors).toBeUndefined();
    const history = await gql<History>(HISTORY, { id: B2.id });
    expect(history.data!.person.id).toBe(B1.id);
    expect(history.data!.person.matchHistory[0]).toMatchObject({ outcome: 'CONFIRMED', automatic: false, decidedBy: coordinatorSubject, decidedByAgency: 'IOM', reason: expect.stringContaining('American way round') });
    const queue = await gql<QueuePage>(QUEUE, { first: 10 });
    expect(queue.data!.matchReviewQueue.edges.map(({ node }) => pairOf(node))).not.toContain(pair(B1, B2));
  });

  it('rejecting the twins is remembered: a later run does not queue them again', async () => {
    const rejected = await gql<{ rejectMatch: { outcome: string } }>(`mutation($p: ID!, $c: ID!) { rejectMatch(personId: $p, candidateId: $c, reason: "Twin brothers: checked with housing") { outcome } }`, { p: C2.id, c: C1.id });
    expect(rejected.data!.rejectMatch.outcome).toBe('REJECTED');
    const run = await gql<{ runMatching: { joined: number; queued: number } }>(RUN);
    expect(run.data!.runMatching).toEqual(expect.objectContaining({ joined: 0, queued: 0 }));
    const queue = await gql<QueuePage>(QUEUE, { first: 10 });
    expect(queue.data!.matchReviewQueue.edges.map(({ node }) => pairOf(node)).sort()).toEqual([pair(D1, D2), pair(F1, F2)].sort());
  });

  it('refuses to merge two people who each have an open IOM case, until one is closed', async () => {
    const confirm = () => gql<{ confirmMatch: { id: string } | null }>(`mutation($p: ID!, $c: ID!) { confirmMatch(personId: $p, candidateId: $c, reason: "Same woman, moved within Wyecliffe") { id } }`, { p: D1.id, c: D2.id });
    const refused = await confirm();
    expect(refused.data?.confirmMatch ?? null).toBeNull();
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0].message).toContain('open IOM case');
    const still = await gql<{ person: { id: string } }>(`query($id: ID!) { person(id: $id) { id } }`, { id: D2.id });
    expect(still.data!.person.id).toBe(D2.id);

    await withSql(urls.iom, (client) => client.query(`update iom_case set status = 'ENDED', ended_on = '2026-06-01' where person_id = $1`, [D2.id]));
    const merged = await confirm();
    expect(merged.errors).toBeUndefined();
    expect(merged.data!.confirmMatch!.id).toBe(D1.id);
  });

  it('splits a person back into its records: identifiers go home, added names go, the history keeps both decisions', async () => {
    const split = await gql<{ splitPerson: { id: string; aliases: string[]; identifiers: { value: string; linkMethod: string }[] }[] }>(
      `mutation($id: ID!) { splitPerson(personId: $id, reason: "Two men: the PNC ID was quoted wrongly on the housing referral") { id aliases identifiers { value linkMethod } } }`,
      { id: A1.id },
    );
    expect(split.errors).toBeUndefined();
    expect(split.data!.splitPerson.map((p) => p.id)).toEqual([A1.id, A2.id]);
    const [kept, restored] = split.data!.splitPerson;
    expect(kept.aliases).toEqual([]);
    expect(kept.identifiers).toEqual([{ value: '2011/0123456X', linkMethod: 'EXACT' }]);
    expect(restored.identifiers).toEqual([{ value: 'HOU-BRK-000101', linkMethod: 'EXACT' }]);

    // The old id answers with its own record again; so does the identifier it brought.
    const old = await gql<History>(HISTORY, { id: A2.id });
    expect(old.data!.person.id).toBe(A2.id);
    const byHousing = await gql<{ personByIdentifier: { id: string } }>(`{ personByIdentifier(type: HOUSING_REFERENCE, value: "HOU-BRK-000101") { id } }`);
    expect(byHousing.data!.personByIdentifier.id).toBe(A2.id);
    expect(old.data!.person.matchHistory.map((d) => [d.outcome, d.automatic, d.decidedBy, d.supersededAt === null])).toEqual([
      ['SPLIT', false, coordinatorSubject, true],
      ['CONFIRMED', true, 'hub-matcher', false],
    ]);

    // Split apart is remembered like a rejection: the next run neither joins nor queues the pair.
    const run = await gql<{ runMatching: { joined: number; queued: number } }>(RUN);
    expect(run.data!.runMatching).toEqual(expect.objectContaining({ joined: 0, queued: 0 }));
  });

  it('refuses a split without a reason, or of someone not made from other records, and changes nothing', async () => {
    const noReason = await gql(`mutation($id: ID!) { splitPerson(personId: $id, reason: "  ") { id } }`, { id: B1.id });
    expect(noReason.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(noReason.errors?.[0].message).toContain('reason');
    const single = await gql(`mutation($id: ID!) { splitPerson(personId: $id, reason: "checking") { id } }`, { id: E1.id });
    expect(single.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(single.errors?.[0].message).toContain('nothing to split');
    const stillMerged = await gql<{ person: { id: string } }>(`query($id: ID!) { person(id: $id) { id } }`, { id: B2.id });
    expect(stillMerged.data!.person.id).toBe(B1.id);
    const badPage = await gql(QUEUE, { first: 0 });
    expect(badPage.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives a caller without identity-linking null and FORBIDDEN for the queue, the run, decisions, splits and evidence', async () => {
    for (const headers of [await as('housing-officer'), await as('iom-coordinator', { purpose: 'case-conference' })]) {
      const queue = await gql<{ matchReviewQueue: unknown }>(QUEUE, { first: 5 }, headers);
      expect(queue.data?.matchReviewQueue ?? null).toBeNull();
      expect(queue.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
      for (const mutation of [RUN, `mutation { splitPerson(personId: "${B1.id}", reason: "try") { id } }`, `mutation { rejectMatch(personId: "${F1.id}", candidateId: "${F2.id}", reason: "try") { id } }`]) {
        const answer = await gql<Record<string, unknown>>(mutation, {}, headers);
        expect(Object.values(answer.data ?? {}).every((value) => value === null)).toBe(true);
        expect(answer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      }
    }
    // Nothing was split or decided by those attempts.
    const merged = await gql<{ person: { id: string } }>(`query($id: ID!) { person(id: $id) { id } }`, { id: B2.id });
    expect(merged.data!.person.id).toBe(B1.id);
    const queue = await gql<QueuePage>(QUEUE, { first: 10 });
    expect(queue.data!.matchReviewQueue.edges.map(({ node }) => pairOf(node))).toContain(pair(F1, F2));

    // A housing officer sees the housing client F2, but not the evidence or history about them.
    const housing = await gql<{ person: { id: string; matchHistory: unknown; candidateMatches: { score: unknown; evidence: unknown }[] } }>(
      `query($id: ID!) { person(id: $id) { id matchHistory { outcome } candidateMatches { score evidence { field } } } }`,
      { id: F2.id },
      await as('housing-officer'),
    );
    expect(housing.data!.person.id).toBe(F2.id);
    expect(housing.data!.person.matchHistory).toBeNull();
    expect(housing.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toContainEqual(['person.matchHistory', 'FORBIDDEN']);
  });
});
