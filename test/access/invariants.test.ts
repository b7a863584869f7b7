import { withSql } from '../support/sql';
import type { RunningHub } from '../../runtime/hub';
import { as, postGraphQL, startTestHub, type GraphQLResponse } from '../support/hub';
import { ownDatabases } from '../support/own-databases';
import { testPopulation } from '../support/population';
import { peopleNewToIom, REFER } from '../iom/iom-helpers';


/** Exactly one answer succeeded; every other is a clear BAD_USER_INPUT. */
function exactlyOneWins(responses: GraphQLResponse[], field: string): GraphQLResponse {
  const winners = responses.filter((r) => !r.errors && r.data?.[field]);
  const losers = responses.filter((r) => r.errors);
  expect(winners).toHaveLength(1);
  expect(losers).toHaveLength(responses.length - 1);
  for (const loser of losers) {
    expect(loser.errors).toHaveLength(1);
    expect(loser.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
  }
  return winners[0];
}

describe('database invariants under concurrent requests', () => {
  let hub: RunningHub;
  let urls: Record<string, string>;
  beforeAll(async () => {
    urls = await ownDatabases('invariants', { copies: ['iom', 'people'] });
    hub = await startTestHub({ databaseUrls: urls });
  });
  afterAll(() => hub.stop());

  it('one open IOM case per person: of parallel referrals exactly one is recorded', async () => {
    const person = peopleNewToIom().at(-1)!;
    const coordinator = await as('iom-coordinator');
    const referral = (n: number) => ({
      input: { personId: person.hubId, cohort: 'FIXED', sourceAgency: 'POLICE', reason: `Parallel referral ${n}.`, referredOn: '2026-06-10', sex: person.sex, dateOfBirth: person.dateOfBirth, neighbourhoodCrime: true },
    });
    const responses = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => postGraphQL(hub.gatewayUrl, REFER, referral(n), coordinator)));
    exactlyOneWins(responses, 'referToIom');
    for (const loser of responses.filter((r) => r.errors)) expect(loser.errors![0].message).toContain('already has an open IOM case');
    const stored = await withSql(urls.iom, (client) =>
      client.query<{ n: string }>(`select count(*) as n from iom_case where person_id = $1 and status in ('REFERRED', 'ACCEPTED', 'ADOPTED')`, [person.hubId]),
    );
    expect(Number(stored.rows[0].n)).toBe(1);
  });

  it('the index refuses a second open case even from a writer that skips the check', async () => {
    const person = peopleNewToIom().at(-2)!;
    await withSql(urls.iom, async (client) => {
      const insert = `insert into iom_case (person_id, cohort_code, status, sex, age_at_referral, source_agency, referral_reason, referred_on, neighbourhood_crime, domestic_abuse_perpetrator)
                      values ($1, 'FIXED', $2, 'MALE', 30, 'POLICE', 'direct', date '2026-06-01', true, false)`;
      await client.query(insert, [person.hubId, 'DECLINED']);
      await client.query(insert, [person.hubId, 'REFERRED']);
      await expect(client.query(insert, [person.hubId, 'ADOPTED'])).rejects.toMatchObject({ code: '23505', constraint: 'iom_case_one_open_case_per_person' });
      await client.query(`delete from iom_case where person_id = $1`, [person.hubId]);
    });
  });

  it('one current decision per pair: of a parallel confirm and reject, either way round, exactly one wins', async () => {
    const population = testPopulation();
    const duplicate = population.people.filter((p) => p.duplicateOf !== undefined).at(-1)!;
    const original = population.people[duplicate.duplicateOf!];
    const coordinator = await as('iom-coordinator');
    const [confirmed, rejected, rejectedReversed] = await Promise.all([
      postGraphQL(hub.gatewayUrl, `mutation($p: ID!, $c: ID!) { confirmMatch(personId: $p, candidateId: $c, reason: "Same person") { id } }`, { p: original.hubId, c: duplicate.hubId }, coordinator),
      postGraphQL(hub.gatewayUrl, `mutation($p: ID!, $c: ID!) { rejectMatch(personId: $p, candidateId: $c, reason: "Not the same person") { id } }`, { p: original.hubId, c: duplicate.hubId }, coordinator),
      postGraphQL(hub.gatewayUrl, `mutation($p: ID!, $c: ID!) { rejectMatch(personId: $p, candidateId: $c, reason: "Not the same person") { id } }`, { p: duplicate.hubId, c: original.hubId }, coordinator),
    ]);
    const results = [confirmed, rejected, rejectedReversed];
    const winners = results.filter((r) => !r.errors);
    expect(winners).toHaveLength(1);
    for (const loser of results.filter((r) => r.errors)) expect(loser.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    const stored = await withSql(urls.people, (client) =>
      client.query<{ outcome: string }>(
        `select outcome from match_decision where superseded_at is null and least(person_id, candidate_id) = least($1::uuid, $2::uuid) and greatest(person_id, candidate_id) = greatest($1::uuid, $2::uuid)`,
        [original.hubId, duplicate.hubId],
      ),
    );
    expect(stored.rows).toHaveLength(1);
    // A confirmation merges; a rejection leaves both records: the one stored is the one that won.
    const merged = await postGraphQL<{ person: { id: string } }>(hub.gatewayUrl, `query($id: ID!) { person(id: $id) { id } }`, { id: duplicate.hubId }, coordinator);
    expect(merged.data!.person.id).toBe(stored.rows[0].outcome === 'CONFIRMED' ? original.hubId : duplicate.hubId);
  });

  it('keeps history: a superseded decision stays beside the current one', async () => {
    const [a, b] = testPopulation().people.filter((p) => p.duplicateOf === undefined).slice(-2);
    await withSql(urls.people, async (client) => {
      const insert = `insert into match_decision (person_id, candidate_id, outcome, superseded_at) values ($1, $2, $3, $4)`;
      await client.query(insert, [a.hubId, b.hubId, 'REJECTED', new Date('2026-01-01')]);
      await client.query(insert, [b.hubId, a.hubId, 'REJECTED', null]);
      await expect(client.query(insert, [a.hubId, b.hubId, 'CONFIRMED', null])).rejects.toMatchObject({ code: '23505', constraint: 'match_decision_one_current_per_pair' });
      const kept = await client.query(`select count(*)::int as n from match_decision where least(person_id, candidate_id) = least($1::uuid, $2::uuid) and greatest(person_id, candidate_id) = greatest($1::uuid, $2::uuid)`, [a.hubId, b.hubId]);
      expect(kept.rows[0].n).toBe(2);
      await client.query(`delete from match_decision where (person_id = $1 and candidate_id = $2) or (person_id = $2 and candidate_id = $1)`, [a.hubId, b.hubId]);
    });
  });
});
