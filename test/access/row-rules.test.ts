import { Client } from 'pg';
import type { RunningHub } from '../../runtime/hub';
import { accessFor, loadAccessPolicy } from '../../subgraphs/kit/access/policy';
import { apiRootQueryFields } from '../support/root-fields';
import { as, postGraphQL, startTestHub, type GraphQLResponse } from '../support/hub';
import { ownDatabases } from '../support/own-databases';
import { testPopulation } from '../support/population';
import { DECIDE, REFER } from '../iom/iom-helpers';

/**
 * Outside their row rule a person is answered exactly as one who does not exist, by every root
 * field. The root fields come from the supergraph, so a new one fails here until it has a probe.
 */
const ROOT_FIELDS = apiRootQueryFields();

interface Outsider {
  hubId: string;
  pncId: string;
  familyName: string;
  caseId: string;
  conferenceId: string;
  /** A CRN held by someone outside every rule but probation's own (every CRN holder is probation's client). */
  crn: string;
}

type Probe = { query: string; variables: (o: Outsider) => Record<string, unknown> };

/** How to ask each root field about the outsider. */
const PROBES: Record<string, Probe> = {
  auditRecords: { query: `query($id: ID!) { auditRecords(filter: { personId: $id }, first: 5) { totalCount } }`, variables: (o) => ({ id: o.hubId }) },
  auditRecord: { query: `{ auditRecord(id: "1") { id outcome } }`, variables: () => ({}) },
  releaseHousingTargets: { query: `{ releaseHousingTargets { __typename } }`, variables: () => ({}) },
  releaseHousingPerformance: { query: `{ releaseHousingPerformance { __typename } }`, variables: () => ({}) },
  continuityOfCarePerformance: { query: `{ continuityOfCarePerformance { __typename } }`, variables: () => ({}) },
  iomMeasures: { query: `{ iomMeasures { __typename } }`, variables: () => ({}) },
  iomCohorts: { query: `{ iomCohorts { code caseload waitingList { id person { id } } } }`, variables: () => ({}) },
  iomCase: { query: `query($id: ID!) { iomCase(id: $id) { id status person { id } } }`, variables: (o) => ({ id: o.caseId }) },
  iomCases: { query: `{ iomCases(filter: { status: [DECLINED] }, first: 500) { totalCount edges { node { id person { id } } } } }`, variables: () => ({}) },
  caseConference: { query: `query($id: ID!) { caseConference(id: $id) { id agenda { case { id } person { id } } reviews { id } } }`, variables: (o) => ({ id: o.conferenceId }) },
  caseConferences: { query: `{ caseConferences(first: 50) { edges { node { id agenda { case { id } person { id } } } } } }`, variables: () => ({}) },
  person: { query: `query($id: ID!) { person(id: $id) { id familyName } }`, variables: (o) => ({ id: o.hubId }) },
  personByIdentifier: { query: `query($v: String!) { personByIdentifier(type: PNC_ID, value: $v) { id } }`, variables: (o) => ({ v: o.pncId }) },
  people: { query: `query($n: String!) { people(filter: { name: $n }, first: 500) { totalCount edges { node { id } } } }`, variables: (o) => ({ n: o.familyName }) },
  nominal: { query: `query($p: String!) { nominal(pncId: $p) { pncId person { id } } }`, variables: (o) => ({ p: o.pncId }) },
  nominals: { query: `{ nominals(first: 500) { totalCount edges { node { pncId } } } }`, variables: () => ({}) },
  probationCase: { query: `query($c: String!) { probationCase(crn: $c) { crn person { id } } }`, variables: (o) => ({ c: o.crn }) },
  personRestrictions: { query: `query($id: ID!) { personRestrictions(filter: { personId: $id, includeLifted: true }) { totalCount edges { node { personId } } } }`, variables: (o) => ({ id: o.hubId }) },
  matchReviewQueue: { query: `{ matchReviewQueue(first: 500) { totalCount edges { node { person { id } candidate { id } } } } }`, variables: () => ({}) },
};

/** Every profile and purpose whose rule leaves someone out (the coordinator managing cases sees everyone). */
const policy = loadAccessPolicy();
const CALLERS = Object.entries(policy.profiles).flatMap(([profile, p]) =>
  p.purposes.filter((purpose) => accessFor(p, purpose).rows !== 'everyone').map((purpose) => ({ profile, purpose, rows: accessFor(p, purpose).rows })),
);

function describeAnswer(field: string, response: GraphQLResponse): string {
  const error = response.errors?.find((e) => e.path?.[0] === field);
  if (error?.extensions?.code === 'FORBIDDEN') return 'FORBIDDEN';
  const value = response.data?.[field];
  if (value === null || value === undefined) return 'null';
  return 'answered, without them';
}

describe('every profile × every root field, about a person outside the rule', () => {
  let hub: RunningHub;
  let outsider: Outsider;
  const table = new Map<string, Map<string, string>>();
  beforeAll(async () => {
    // It records a referral of its own, and the partner-wide measures record what they answer (the check between answers).
    hub = await startTestHub({ databaseUrls: await ownDatabases('row_rules', { copies: ['iom', 'housing', 'substance-misuse'] }) });
    const coordinator = await as('iom-coordinator');
    // Everyone a conference counts (open cases) is inside some rule: the outsider is none of them.
    const open = await postGraphQL<{ iomCases: { edges: { node: { person: { id: string } } }[] } }>(
      hub.gatewayUrl,
      `{ iomCases(filter: { status: [ADOPTED, ACCEPTED, REFERRED] }, first: 500) { edges { node { person { id } } } } }`,
      {},
      coordinator,
    );
    const inConference = new Set(open.data!.iomCases.edges.map((edge) => edge.node.person.id));
    const population = testPopulation();
    // PNC ID only: no probation, housing or treatment client, and no open IOM case.
    const candidate = [...population.people]
      .reverse()
      .find((p) => p.identifiers.pncId && !p.identifiers.crn && !p.identifiers.housingReference && !p.identifiers.treatmentClientId && p.duplicateOf === undefined && p.profile.offendingLevel !== 'NONE' && !inConference.has(p.hubId))!;
    const crnHolder = [...population.people]
      .reverse()
      .find((p) => p.identifiers.crn && !p.identifiers.housingReference && !p.identifiers.treatmentClientId && p.duplicateOf === undefined && !inConference.has(p.hubId))!;
    // A declined referral: IOM holds a case about them, which no rule but the coordinator's lets out.
    const referred = await postGraphQL<{ referToIom: { id: string } }>(hub.gatewayUrl, REFER, {
      input: { personId: candidate.hubId, cohort: 'FIXED', sourceAgency: 'POLICE', reason: 'Outside every rule.', referredOn: '2026-06-01', sex: candidate.sex, dateOfBirth: candidate.dateOfBirth, neighbourhoodCrime: true },
    }, coordinator);
    expect(referred.errors).toBeUndefined();
    const declined = await postGraphQL(hub.gatewayUrl, DECIDE, { input: { caseId: referred.data!.referToIom.id, accept: false, decidedOn: '2026-06-02', reason: 'Not now.' } }, coordinator);
    expect(declined.errors).toBeUndefined();
    const conferences = await postGraphQL<{ caseConferences: { edges: { node: { id: string } }[] } }>(hub.gatewayUrl, `{ caseConferences(first: 1) { edges { node { id } } } }`, {}, coordinator);
    outsider = {
      hubId: candidate.hubId,
      pncId: candidate.identifiers.pncId!,
      familyName: candidate.familyName,
      caseId: referred.data!.referToIom.id,
      conferenceId: conferences.data!.caseConferences.edges[0].node.id,
      crn: crnHolder.identifiers.crn!,
    };
    // The coordinator sees them all: the probes would find them if the rule let them through.
    const seen = await postGraphQL(hub.gatewayUrl, `query($id: ID!, $p: String!, $c: String!, $case: ID!) { person(id: $id) { id } nominal(pncId: $p) { pncId } probationCase(crn: $c) { crn } iomCase(id: $case) { id } }`,
      { id: outsider.hubId, p: outsider.pncId, c: outsider.crn, case: outsider.caseId }, coordinator);
    expect(seen.errors).toBeUndefined();
    expect(seen.data).toEqual({ person: { id: outsider.hubId }, nominal: { pncId: outsider.pncId }, probationCase: { crn: outsider.crn }, iomCase: { id: outsider.caseId } });
  });
  afterAll(async () => {
    const callers = [...table.keys()];
    const lines = [`| root field | ${callers.join(' | ')} |`, `| --- | ${callers.map(() => '---').join(' | ')} |`];
    for (const field of ROOT_FIELDS) lines.push(`| \`${field}\` | ${callers.map((caller) => table.get(caller)?.get(field) ?? '').join(' | ')} |`);
    console.log(`Profile × root field, about a person outside the rule:\n${lines.join('\n')}`);
    await hub.stop();
  });

  it('has a probe for every root field in the supergraph', () => {
    expect(Object.keys(PROBES).sort()).toEqual(ROOT_FIELDS);
  });

  it('a case outside the rule cannot be changed either: the answer is the one for no case at all', async () => {
    const end = `mutation($input: IomCaseEndInput!) { endIomCase(input: $input) { id status } }`;
    const officer = await as('police-iom-officer');
    const nobody = '00000000-0000-4000-8000-000000000000';
    const outside = await postGraphQL(hub.gatewayUrl, end, { input: { caseId: outsider.caseId, endedOn: '2026-06-20', reason: 'MOVED_AWAY' } }, officer);
    const missing = await postGraphQL(hub.gatewayUrl, end, { input: { caseId: nobody, endedOn: '2026-06-20', reason: 'MOVED_AWAY' } }, officer);
    expect(outside.errors?.map((e) => [e.extensions?.code, e.message.replace(outsider.caseId, '<id>')])).toEqual(missing.errors?.map((e) => [e.extensions?.code, e.message.replace(nobody, '<id>')]));
    expect(missing.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const stillThere = await postGraphQL(hub.gatewayUrl, `query($id: ID!) { iomCase(id: $id) { status } }`, { id: outsider.caseId }, await as('iom-coordinator'));
    expect(stillThere.data).toEqual({ iomCase: { status: 'DECLINED' } });
  });

  const cases = CALLERS.flatMap((caller) => ROOT_FIELDS.map((field) => [`${caller.profile} (${caller.purpose})`, field, caller] as const));
  it.each(cases)('%s: %s', async (label, field, caller) => {
    const probe = PROBES[field];
    if (!probe) throw new Error(`No probe for the root field ${field}: add one to PROBES.`);
    const response = await postGraphQL(hub.gatewayUrl, probe.query, probe.variables(outsider), await as(caller.profile, { purpose: caller.purpose }));
    const text = JSON.stringify(response.data ?? null);
    // Nothing about them in the answer: not their hub id, PNC ID, IOM case — nor, for anyone but
    // probation's own practitioner, the outside CRN holder's case.
    expect(text).not.toContain(outsider.hubId);
    expect(text).not.toContain(outsider.pncId);
    expect(text).not.toContain(outsider.caseId);
    if (caller.profile !== 'probation-practitioner') expect(text).not.toContain(outsider.crn);
    // And no error that would tell them apart from someone who does not exist.
    expect(response.errors?.filter((e) => e.extensions?.code !== 'FORBIDDEN') ?? []).toEqual([]);
    if (!table.has(label)) table.set(label, new Map());
    table.get(label)!.set(field, describeAnswer(field, response));
  });
});

describe('the police IOM officer within the caseload', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it('uses nominal, nominals and probationCase for people on the caseload', async () => {
    const caseload = await postGraphQL<{ iomCases: { edges: { node: { person: { id: string; pncId: string | null; crn: string | null } } }[] } }>(
      hub.gatewayUrl,
      `{ iomCases(filter: { status: [ADOPTED] }, first: 500) { edges { node { person { id pncId crn } } } } }`,
      {},
      await as('iom-coordinator'),
    );
    const someone = caseload.data!.iomCases.edges.map((edge) => edge.node.person).find((p) => p.pncId && p.crn)!;
    const response = await postGraphQL(
      hub.gatewayUrl,
      `query($p: String!, $c: String!) { nominal(pncId: $p) { pncId person { id } } probationCase(crn: $c) { crn person { id } } nominals(first: 500) { edges { node { pncId } } } }`,
      { p: someone.pncId, c: someone.crn },
      await as('police-iom-officer'),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toMatchObject({ nominal: { pncId: someone.pncId, person: { id: someone.id } }, probationCase: { crn: someone.crn, person: { id: someone.id } } });
    expect((response.data!.nominals as { edges: { node: { pncId: string } }[] }).edges.map((edge) => edge.node.pncId)).toContain(someone.pncId);
  });
});

describe('membership is read, not carried', () => {
  const MARK = 'row-rule size test';
  // Thousands of cases are inserted into a copy of the IOM database of this block's own.
  let databaseUrls: Record<string, string>;
  beforeAll(async () => {
    databaseUrls = await ownDatabases('row_rules_size', { copies: ['iom'] });
  });
  const iomUrl = () => databaseUrls.iom;
  const withIom = async <T>(action: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: iomUrl() });
    await client.connect();
    try {
      return await action(client);
    } finally {
      await client.end();
    }
  };
  const removeInserted = () => withIom((client) => client.query(`delete from iom_case where referral_reason = $1`, [MARK]));
  afterAll(removeInserted);

  /** Adopted cases inserted directly until the caseload is `size` people, one of them `personId`. */
  async function caseloadOf(size: number, personId: string): Promise<number> {
    await removeInserted();
    return withIom(async (client) => {
      const { rows } = await client.query<{ n: string }>(`select count(distinct person_id) as n from iom_case where status = 'ADOPTED'`);
      const missing = size - Number(rows[0].n);
      await client.query(
        `insert into iom_case (person_id, cohort_code, status, sex, age_at_referral, source_agency, referral_reason, referred_on, neighbourhood_crime, domestic_abuse_perpetrator, adopted_on)
         select case when n = 1 then $3::uuid else gen_random_uuid() end, 'FIXED', 'ADOPTED', 'MALE', 30, 'POLICE', $1, date '2026-01-01', true, false, date '2026-01-02'
           from generate_series(1, $2::int) as n`,
        [MARK, missing, personId],
      );
      const after = await client.query<{ n: string }>(`select count(distinct person_id) as n from iom_case where status = 'ADOPTED'`);
      return Number(after.rows[0].n);
    });
  }

  it.each([1200, 12000])('keeps the caller context under 2 KB with %i people on the caseload, and still finds them', async (size) => {
    const fetches: { subgraph: string; callerContextBytes: number }[] = [];
    const hub = await startTestHub({ databaseUrls, onSubgraphFetch: (fetch) => fetches.push(fetch), rowCacheMilliseconds: 0 });
    try {
      const population = testPopulation();
      const coordinator = await as('iom-coordinator');
      const open = await postGraphQL<{ iomCases: { edges: { node: { person: { id: string } } }[] } }>(
        hub.gatewayUrl, `{ iomCases(filter: { status: [ADOPTED, ACCEPTED, REFERRED] }, first: 500) { edges { node { person { id } } } } }`, {}, coordinator);
      const busy = new Set(open.data!.iomCases.edges.map((edge) => edge.node.person.id));
      const someone = population.people.find((p) => p.identifiers.pncId && p.duplicateOf === undefined && !busy.has(p.hubId) && p.profile.offendingLevel !== 'NONE')!;
      expect(await caseloadOf(size, someone.hubId)).toBe(size);

      const response = await postGraphQL(hub.gatewayUrl, `query($id: ID!) { person(id: $id) { id familyName offences { committedOn } } }`, { id: someone.hubId }, await as('police-iom-officer'));
      expect(response.errors).toBeUndefined();
      expect(response.data).toMatchObject({ person: { id: someone.hubId, familyName: someone.familyName } });
      const largest = Math.max(...fetches.map((fetch) => fetch.callerContextBytes));
      console.log(`Caller context with ${size} people on the caseload: ${largest} bytes (Authorization header, ${fetches.length} subgraph requests)`);
      expect(fetches.length).toBeGreaterThanOrEqual(2);
      expect(largest).toBeGreaterThan(0);
      expect(largest).toBeLessThan(2048);
    } finally {
      await hub.stop();
      await removeInserted();
    }
  });

  it('fails closed: without the IOM caseload, a caseload-only caller sees no one and is told why', async () => {
    const hub = await startTestHub({ rowCacheMilliseconds: 0 });
    try {
      const caseload = await postGraphQL<{ iomCases: { edges: { node: { person: { id: string } } }[] } }>(
        hub.gatewayUrl, `{ iomCases(filter: { status: [ADOPTED] }, first: 1) { edges { node { person { id } } } } }`, {}, await as('iom-coordinator'));
      const id = caseload.data!.iomCases.edges[0].node.person.id;
      const query = `query($id: ID!) { person(id: $id) { id familyName } }`;
      const before = await postGraphQL(hub.gatewayUrl, query, { id }, await as('police-iom-officer'));
      expect(before.data).toMatchObject({ person: { id } });
      await hub.subgraphs.iom.stop();
      const after = await postGraphQL(hub.gatewayUrl, query, { id }, await as('police-iom-officer'));
      expect(after.data).toEqual({ person: null });
      expect(after.errors?.[0].extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
      // The coordinator's rule needs no membership: the index still answers them.
      const coordinator = await postGraphQL(hub.gatewayUrl, query, { id }, await as('iom-coordinator'));
      expect(coordinator.data).toMatchObject({ person: { id } });
    } finally {
      await hub.stop().catch(() => undefined);
    }
  });
});
