import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { RunningHub } from '../../runtime/hub';
import { pncCheckLetter } from '../../subgraphs/kit/identifiers';
import { apiRootQueryFields } from '../support/root-fields';
import { as, asGateway, postGraphQL, startTestHub, type GraphQLResponse } from '../support/hub';
import { WITHHELD_KEYS_PATH } from '../../subgraphs/kit/access/withheld-keys';
import { ownDatabases } from '../support/own-databases';

/**
 * Restricted persons: the coordinator (or the data protection officer) restricts someone to a
 * named person and a named team. Everyone else — whatever their row rule, in every subgraph and
 * every root field — gets exactly what they get for someone who does not exist; cohort measures
 * still count them. The root fields come from the supergraph, so a new one fails here until it
 * has a probe.
 */
const ROOT_FIELDS = apiRootQueryFields();

/** What a probe needs to ask about someone: the restricted person, or someone who does not exist. */
interface Subject {
  hubId: string;
  pncId: string;
  crn: string;
  familyName: string;
  caseId: string;
  neighbourhood: string;
}

/** The same conference for every probe: it exists whoever is asked about. */
let conferenceId = '';

type Data = Record<string, unknown>;
/**
 * - `lookup`: asked about the restricted person, the answer (errors included) equals the answer
 *   about someone who does not exist;
 * - `list`: the restricted person is left out, and each count falls by exactly what they added;
 * - `measure`: a cohort figure, unchanged by the restriction (they are still counted).
 */
type Probe =
  | { kind: 'lookup'; query: string; variables: (s: Subject) => Data }
  | { kind: 'list'; query: string; variables: (s: Subject) => Data; counts: (data: Data) => number[] }
  | { kind: 'measure'; query: string };

const edgesOf = (connection: unknown): unknown[] => ((connection as { edges?: unknown[] } | null)?.edges ?? []);
const agendaCounts = (conference: unknown): number[] => {
  const c = conference as { agendaSize: number; agenda: unknown[]; agendaSummary: { people: number; previousRed: number; previousAmber: number; previousGreen: number; notYetReviewed: number } } | null;
  if (!c) return [];
  const s = c.agendaSummary;
  return [c.agendaSize, c.agenda.length, s.people, s.previousRed + s.previousAmber + s.previousGreen + s.notYetReviewed];
};
const AGENDA = `agendaSize agenda { case { id } person { id familyName } } agendaSummary { people previousRed previousAmber previousGreen notYetReviewed }`;

const PROBES: Record<string, Probe> = {
  person: {
    kind: 'lookup',
    query: `query($id: ID!) { person(id: $id) { id familyName pncId offences { committedOn } orders { type } accommodation { status } inTreatment iom { status } } }`,
    variables: (s) => ({ id: s.hubId }),
  },
  personByIdentifier: { kind: 'lookup', query: `query($v: String!) { personByIdentifier(type: PNC_ID, value: $v) { id familyName nominal { prolific } } }`, variables: (s) => ({ v: s.pncId }) },
  nominal: { kind: 'lookup', query: `query($p: String!) { nominal(pncId: $p) { pncId neighbourhood person { id familyName } } }`, variables: (s) => ({ p: s.pncId }) },
  probationCase: { kind: 'lookup', query: `query($c: String!) { probationCase(crn: $c) { crn person { id } } }`, variables: (s) => ({ c: s.crn }) },
  iomCase: { kind: 'lookup', query: `query($id: ID!) { iomCase(id: $id) { id status person { id familyName } } }`, variables: (s) => ({ id: s.caseId }) },
  auditRecords: { kind: 'lookup', query: `query($id: ID!) { auditRecords(filter: { personId: $id }, first: 5) { totalCount } }`, variables: (s) => ({ id: s.hubId }) },
  auditRecord: { kind: 'lookup', query: `{ auditRecord(id: "1") { id } }`, variables: () => ({}) },
  personRestrictions: {
    // Only whoever manages restrictions may list them (they name the person by hub id only); to
    // anyone else the list is refused alike for everyone.
    kind: 'lookup',
    query: `query($id: ID!) { personRestrictions(filter: { personId: $id }) { totalCount } }`,
    variables: (s) => ({ id: s.hubId }),
  },
  matchReviewQueue: {
    kind: 'list',
    query: `{ matchReviewQueue(first: 500) { totalCount edges { node { person { id familyName } candidate { id familyName } } } } }`,
    variables: () => ({}),
    counts: (data) => [(data.matchReviewQueue as { totalCount: number } | null)?.totalCount ?? -1, edgesOf(data.matchReviewQueue).length],
  },
  people: {
    kind: 'list',
    query: `query($n: String!) { people(filter: { name: $n }, first: 500) { totalCount edges { node { id familyName } } } }`,
    variables: (s) => ({ n: s.familyName }),
    counts: (data) => [(data.people as { totalCount: number } | null)?.totalCount ?? -1, edgesOf(data.people).length],
  },
  nominals: {
    kind: 'list',
    query: `query($nb: String!) { nominals(filter: { neighbourhood: $nb }, first: 500) { totalCount edges { node { pncId person { id } } } } }`,
    variables: (s) => ({ nb: s.neighbourhood }),
    counts: (data) => [(data.nominals as { totalCount: number } | null)?.totalCount ?? -1, edgesOf(data.nominals).length],
  },
  iomCases: {
    kind: 'list',
    query: `{ iomCases(filter: { status: [ADOPTED] }, first: 500) { totalCount edges { node { id person { id } } } } }`,
    variables: () => ({}),
    counts: (data) => [(data.iomCases as { totalCount: number } | null)?.totalCount ?? -1, edgesOf(data.iomCases).length],
  },
  caseConference: { kind: 'list', query: `query($id: ID!) { caseConference(id: $id) { id ${AGENDA} } }`, variables: () => ({ id: conferenceId }), counts: (data) => agendaCounts(data.caseConference) },
  caseConferences: {
    kind: 'list',
    query: `{ caseConferences(first: 1) { totalCount edges { node { id ${AGENDA} } } } }`,
    variables: () => ({}),
    counts: (data) => edgesOf(data.caseConferences).flatMap((edge) => agendaCounts((edge as { node: unknown }).node)),
  },
  iomCohorts: { kind: 'measure', query: `{ iomCohorts { code caseload placesAvailable full waitingList { id person { id } } } }` },
  iomMeasures: { kind: 'measure', query: `{ iomMeasures { caseloadByStrand { strand adopted waiting } caseloadByCohort { cohortCode adopted waiting } ragSpreadAtLatestConference { red amber green } reoffending { cohortSize measurable suppressed } } }` },
  releaseHousingTargets: { kind: 'measure', query: `{ releaseHousingTargets { measure target } }` },
  releaseHousingPerformance: { kind: 'measure', query: `{ releaseHousingPerformance(from: "2025-07-01", to: "2026-06-30") { measures { measure releasesCounted met rate } } }` },
  continuityOfCarePerformance: { kind: 'measure', query: `{ continuityOfCarePerformance(from: "2025-07-01", to: "2026-06-30") { releases engagedWithin21Days } }` },
};

const RESTRICT = `mutation($input: RestrictPersonInput!) { restrictPerson(input: $input) { id personId reason allowedPeople allowedTeams restrictedBy restrictedAt liftedAt } }`;
const LIFT = `mutation($id: ID!, $reason: String!) { liftPersonRestriction(personId: $id, reason: $reason) { id personId liftedAt liftedBy liftReason } }`;

const NAMED_SUBJECT = `named-officer-${randomUUID().slice(0, 8)}`;
const NAMED_TEAM = `witness-protection-${randomUUID().slice(0, 8)}`;
const REASON = 'Prosecution witness: known to the defendant’s associates.';

/** Callers whose rule would include the restricted person, none of them named on the restriction. */
const OUTSIDERS = [
  { profile: 'iom-coordinator', purpose: 'case-management' },
  { profile: 'police-iom-officer', purpose: 'case-management' },
  { profile: 'probation-practitioner', purpose: 'case-conference' },
] as const;

/** Replaces one person's keys with another's, so answers about the two can be compared. */
function swapKeys(text: string, from: Subject, to: Subject): string {
  let result = text;
  for (const key of ['hubId', 'pncId', 'crn', 'caseId'] as const) result = result.split(from[key]).join(to[key]);
  return result;
}

function comparable(response: GraphQLResponse): unknown {
  return { status: response.status, data: response.data ?? null, errors: (response.errors ?? []).map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })) };
}

/** As `comparable`, with the argument a refusal names. */
function comparableWithArgument(response: GraphQLResponse): unknown {
  return { ...(comparable(response) as object), arguments: (response.errors ?? []).map((e) => e.extensions?.argumentName ?? null) };
}

const REFER = `mutation($input: IomReferralInput!) { referToIom(input: $input) { id status person { id } } }`;
const referralOf = (personId: string) => ({ personId, cohort: 'FIXED', sourceAgency: 'POLICE', reason: 'Referred by the test.', referredOn: '2026-06-01', sex: 'MALE', dateOfBirth: '1990-01-01', neighbourhoodCrime: true });

function mentions(response: GraphQLResponse, subject: Subject): boolean {
  const text = JSON.stringify(comparable(response));
  return [subject.hubId, subject.pncId, subject.caseId].some((key) => text.includes(key));
}

describe('restricted persons', () => {
  let hub: RunningHub;
  let restricted: Subject;
  let nobody: Subject;
  const before = new Map<string, GraphQLResponse>();
  const ask = async (field: string, subject: Subject | null, profile: string, options: { purpose?: string; subject?: string; team?: string } = {}) => {
    const probe = PROBES[field];
    const variables = probe.kind === 'measure' || !subject ? {} : probe.variables(subject);
    return postGraphQL(hub.gatewayUrl, probe.query, variables, await as(profile, options));
  };
  const dpo = () => as('data-protection-officer');

  /** Restrictions, records and referrals are written to copies of the person index and IOM of this file's own. */
  let databaseUrls: Record<string, string>;
  beforeAll(async () => {
    // The partner-wide measures record what they answer (the check between answers): on copies too.
    databaseUrls = await ownDatabases('restricted_persons', { copies: ['people', 'iom', 'housing', 'substance-misuse'] });
    hub = await startTestHub({ databaseUrls });
    const coordinator = await as('iom-coordinator');
    const conferences = await postGraphQL<{ caseConferences: { edges: { node: { id: string; agenda: { case: { id: string }; person: { id: string } }[] } }[] } }>(
      hub.gatewayUrl, `{ caseConferences(first: 1) { edges { node { id agenda { case { id } person { id } } } } } }`, {}, coordinator);
    const newest = conferences.data!.caseConferences.edges[0].node;
    conferenceId = newest.id;
    const onAgenda = new Set(newest.agenda.map((item) => item.person.id));
    // On the caseload and on the newest agenda, known to police and probation: inside the rule of every outsider.
    type CaseRow = { id: string; person: { id: string; familyName: string; pncId: string | null; crn: string | null; nominal: { neighbourhood: string } | null } };
    const cases = await postGraphQL<{ iomCases: { edges: { node: CaseRow }[] } }>(
      hub.gatewayUrl, `{ iomCases(filter: { status: [ADOPTED] }, first: 500) { edges { node { id person { id familyName pncId crn nominal { neighbourhood } } } } } }`, {}, coordinator);
    const chosen = cases.data!.iomCases.edges.map((edge) => edge.node).find((c) => c.person.pncId && c.person.crn && c.person.nominal && onAgenda.has(c.person.id))!;
    restricted = {
      hubId: chosen.person.id,
      pncId: chosen.person.pncId!,
      crn: chosen.person.crn!,
      familyName: chosen.person.familyName,
      caseId: chosen.id,
      neighbourhood: chosen.person.nominal!.neighbourhood,
    };
    const year = Number(restricted.pncId.slice(0, 4));
    nobody = {
      hubId: randomUUID(),
      pncId: `${year}/9999999${pncCheckLetter(year, 9999999)}`,
      crn: 'Z999999',
      familyName: 'Nosuchperson',
      caseId: randomUUID(),
      neighbourhood: restricted.neighbourhood,
    };
    // A pair in the matching review queue naming them (with someone else on the caseload).
    const other = cases.data!.iomCases.edges.map((edge) => edge.node).find((c) => c.person.id !== restricted.hubId)!;
    const queue = new Client({ connectionString: databaseUrls.people });
    await queue.connect();
    try {
      await queue.query(`insert into match_review (person_id, candidate_id, score, evidence, blocked_by) values ($1, $2, 5, '[]', '{DATE_OF_BIRTH_AND_POSTCODE}')`, [restricted.hubId, other.person.id]);
    } finally {
      await queue.end();
    }
    // Before: every outsider's answer to every probe, and proof that the probes find them.
    for (const outsider of OUTSIDERS) {
      for (const field of ROOT_FIELDS) {
        if (!PROBES[field]) continue;
        before.set(`${outsider.profile}:${field}`, await ask(field, restricted, outsider.profile, { purpose: outsider.purpose }));
      }
    }
    for (const field of ['person', 'personByIdentifier', 'nominal', 'iomCase', 'people', 'nominals', 'iomCases', 'caseConference', 'matchReviewQueue']) {
      expect(mentions(before.get(`iom-coordinator:${field}`)!, restricted)).toBe(true);
    }
    expect(mentions(before.get('probation-practitioner:probationCase')!, restricted)).toBe(true);

    const made = await postGraphQL<{ restrictPerson: { personId: string; allowedPeople: string[]; allowedTeams: string[]; liftedAt: string | null; restrictedBy: string } }>(
      hub.gatewayUrl, RESTRICT, { input: { personId: restricted.hubId, reason: REASON, allowedPeople: [NAMED_SUBJECT], allowedTeams: [NAMED_TEAM] } }, await as('iom-coordinator', { subject: 'coordinator-who-restricts' }));
    expect(made.errors).toBeUndefined();
    expect(made.data!.restrictPerson).toMatchObject({ personId: restricted.hubId, allowedPeople: [NAMED_SUBJECT], allowedTeams: [NAMED_TEAM], liftedAt: null, restrictedBy: 'coordinator-who-restricts' });
  });

  afterAll(() => hub?.stop());

  it('has a probe for every root field in the supergraph', () => {
    expect(Object.keys(PROBES).sort()).toEqual(ROOT_FIELDS);
  });

  const cases = OUTSIDERS.flatMap((outsider) => ROOT_FIELDS.map((field) => [outsider.profile, outsider.purpose, field] as const));
  it.each(cases)('%s (%s), not named: %s answers as for someone who does not exist', async (profile, purpose, field) => {
    const probe = PROBES[field];
    const after = await ask(field, restricted, profile, { purpose });
    const earlier = before.get(`${profile}:${field}`)!;
    expect(after.status).toBe(200);
    if (field === 'personRestrictions' && profile === 'iom-coordinator') {
      // The one exception: whoever manages restrictions sees that one holds (by hub id, no personal data).
      expect(after.data).toEqual({ personRestrictions: { totalCount: 1 } });
    } else if (probe.kind === 'lookup') {
      const aboutNobody = await ask(field, nobody, profile, { purpose });
      expect(swapKeys(JSON.stringify(comparable(after)), restricted, nobody)).toBe(JSON.stringify(comparable(aboutNobody)));
      expect(mentions(after, restricted)).toBe(false);
    } else if (probe.kind === 'list') {
      expect(mentions(after, restricted)).toBe(false);
      expect((comparable(after) as { errors: unknown }).errors).toEqual((comparable(earlier) as { errors: unknown }).errors);
      // Each count falls by exactly what the person added to it before: as if they did not exist.
      const was = probe.counts(earlier.data ?? {});
      const present = mentions(earlier, restricted) ? 1 : 0;
      expect(probe.counts(after.data ?? {})).toEqual(was.map((n) => n - present));
    } else {
      // Cohort figures still count them.
      expect(comparable(after)).toEqual(comparable(earlier));
    }
  });

  it.each([
    ['the person named', 'iom-coordinator', { subject: NAMED_SUBJECT }],
    ['a member of the team named', 'police-iom-officer', { team: NAMED_TEAM }],
  ] as const)('%s still sees them everywhere their rule reaches', async (_label, profile, options) => {
    for (const field of ['person', 'personByIdentifier', 'nominal', 'iomCase', 'iomCases', 'caseConference', 'nominals']) {
      const response = await ask(field, restricted, profile, options);
      expect(response.errors).toBeUndefined();
      expect(mentions(response, restricted)).toBe(true);
      expect(comparable(response)).toEqual(comparable(before.get(`${profile}:${field}`)!));
    }
  });

  it('a restriction is refused to anyone without the scope, and bad input is refused and changes nothing', async () => {
    const officer = await postGraphQL(hub.gatewayUrl, RESTRICT, { input: { personId: nobody.hubId, reason: 'x' } }, await as('police-iom-officer'));
    expect(officer.data).toEqual({ restrictPerson: null });
    expect(officer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const coordinator = await as('iom-coordinator');
    const refusals: [Data, string][] = [
      [{ personId: nobody.hubId, reason: REASON }, `No person has id ${nobody.hubId}`],
      [{ personId: 'not-an-id', reason: REASON }, 'is not a valid hub id'],
      [{ personId: restricted.hubId, reason: '   ' }, '"input.reason" is required'],
      [{ personId: restricted.hubId, reason: REASON, allowedTeams: [''] }, 'input.allowedTeams'],
    ];
    for (const [input, message] of refusals) {
      const response = await postGraphQL(hub.gatewayUrl, RESTRICT, { input }, coordinator);
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0].message).toContain(message);
    }
    // Their case cannot be changed by someone the restriction does not name: the error for no case at all.
    const end = `mutation($input: IomCaseEndInput!) { endIomCase(input: $input) { id status } }`;
    const onRestricted = await postGraphQL(hub.gatewayUrl, end, { input: { caseId: restricted.caseId, endedOn: '2026-06-20', reason: 'MOVED_AWAY' } }, coordinator);
    const onNobody = await postGraphQL(hub.gatewayUrl, end, { input: { caseId: nobody.caseId, endedOn: '2026-06-20', reason: 'MOVED_AWAY' } }, coordinator);
    expect(swapKeys(JSON.stringify(comparable(onRestricted)), restricted, nobody)).toBe(JSON.stringify(comparable(onNobody)));
    expect(onNobody.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    // Nor referred again: the refusal a second referral gets would name their open case. The
    // refusal is the one a hub id the person index never held gets, word for word.
    const referRestricted = await postGraphQL(hub.gatewayUrl, REFER, { input: referralOf(restricted.hubId) }, coordinator);
    const referNobody = await postGraphQL(hub.gatewayUrl, REFER, { input: referralOf(nobody.hubId) }, coordinator);
    expect(referRestricted.data).toEqual({ referToIom: null });
    expect(referRestricted.errors?.map((e) => [e.extensions?.code, e.message, e.extensions?.argumentName])).toEqual([['BAD_USER_INPUT', `No person has id ${restricted.hubId}.`, 'personId']]);
    expect(swapKeys(JSON.stringify(comparableWithArgument(referRestricted)), restricted, nobody)).toBe(JSON.stringify(comparableWithArgument(referNobody)));
    const notRestricted = await postGraphQL(hub.gatewayUrl, LIFT, { id: nobody.hubId, reason: 'No longer needed.' }, coordinator);
    expect(notRestricted.errors?.[0].message).toContain('is not restricted');
    const current = await postGraphQL<{ personRestrictions: { totalCount: number; edges: { node: { allowedTeams: string[] } }[] } }>(
      hub.gatewayUrl, `query($id: ID!) { personRestrictions(filter: { personId: $id }) { totalCount edges { node { allowedTeams } } } }`, { id: restricted.hubId }, await dpo());
    expect(current.errors).toBeUndefined();
    expect(current.data!.personRestrictions).toEqual({ totalCount: 1, edges: [{ node: { allowedTeams: [NAMED_TEAM] } }] });
  });

  it("the person index's withheld-keys route names the restricted person's keys to outsiders only, and answers only a signed caller context and a known kind of key", async () => {
    const url = new URL(WITHHELD_KEYS_PATH, hub.subgraphs.people.url).toString();
    const withheld = async (headers: Record<string, string>, type: string) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ type }) });
      return { status: response.status, body: (await response.json()) as { keys?: string[]; errors?: { extensions: { code: string } }[] } };
    };
    const outsider = await asGateway(hub, 'police-iom-officer');
    const pnc = await withheld(outsider, 'PNC_ID');
    expect(pnc.status).toBe(200);
    expect(pnc.body.keys).toContain(restricted.pncId);
    expect((await withheld(outsider, 'HUB_ID')).body.keys).toContain(restricted.hubId);
    // Named by subject or by team: nothing of theirs is withheld.
    expect((await withheld(await asGateway(hub, 'police-iom-officer', { subject: NAMED_SUBJECT }), 'PNC_ID')).body.keys).not.toContain(restricted.pncId);
    expect((await withheld(await asGateway(hub, 'police-iom-officer', { team: NAMED_TEAM }), 'PNC_ID')).body.keys).not.toContain(restricted.pncId);
    // No caller context, a caller's own sign-in token (not the gateway's signature), an unknown kind of key.
    expect(await withheld({}, 'PNC_ID')).toEqual({ status: 401, body: { errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })] } });
    expect((await withheld(await as('police-iom-officer'), 'PNC_ID')).status).toBe(401);
    expect(await withheld(outsider, 'SHOE_SIZE')).toEqual({ status: 400, body: { errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })] } });
  });

  it('restricting, every access by the people named, and every attempt by anyone else are audited', async () => {
    type Page = { auditRecords: { edges: { node: { subject: string; people: string[]; withheld: string[]; disclosed: string[]; outcome: string } }[] } };
    const records = await postGraphQL<Page>(hub.gatewayUrl, `query($id: ID!) { auditRecords(filter: { personId: $id }, first: 500) { edges { node { subject people withheld disclosed outcome } } } }`, { id: restricted.hubId }, await dpo());
    expect(records.errors).toBeUndefined();
    const nodes = records.data!.auditRecords.edges.map((edge) => edge.node);
    const restricting = nodes.find((node) => node.disclosed.includes('Mutation.restrictPerson'));
    expect(restricting).toMatchObject({ subject: 'coordinator-who-restricts', people: [restricted.hubId], outcome: 'DISCLOSED' });
    expect(nodes.some((node) => node.subject === NAMED_SUBJECT && node.people.includes(restricted.hubId))).toBe(true);
    // Outsiders asking by hub id, PNC ID, CRN or case: named as withheld, never as disclosed to.
    const attempts = nodes.filter((node) => node.withheld.includes(restricted.hubId));
    expect(attempts.length).toBeGreaterThan(0);
    for (const attempt of attempts) expect(attempt.people).not.toContain(restricted.hubId);
    const attemptedBy = new Set(attempts.map((node) => node.subject.replace(/-[0-9a-f]{8}$/, '')));
    expect(attemptedBy).toEqual(new Set(OUTSIDERS.map((outsider) => `dev-${outsider.profile}`)));
  });

  it('lifting is audited and brings them back for everyone their rule reaches; the history is kept', async () => {
    const coordinator = await as('iom-coordinator', { subject: 'coordinator-who-lifts' });
    const lifted = await postGraphQL<{ liftPersonRestriction: { personId: string; liftedBy: string; liftReason: string; liftedAt: string } }>(
      hub.gatewayUrl, LIFT, { id: restricted.hubId, reason: 'Trial concluded.' }, coordinator);
    expect(lifted.errors).toBeUndefined();
    expect(lifted.data!.liftPersonRestriction).toMatchObject({ personId: restricted.hubId, liftedBy: 'coordinator-who-lifts', liftReason: 'Trial concluded.' });
    for (const field of ['person', 'nominal', 'caseConference']) {
      expect(comparable(await ask(field, restricted, 'iom-coordinator'))).toEqual(comparable(before.get(`iom-coordinator:${field}`)!));
    }
    const history = await postGraphQL<{ personRestrictions: { totalCount: number } }>(
      hub.gatewayUrl, `query($id: ID!) { personRestrictions(filter: { personId: $id, includeLifted: true }) { totalCount } }`, { id: restricted.hubId }, await dpo());
    expect(history.data!.personRestrictions.totalCount).toBe(1);
    const records = await postGraphQL<{ auditRecords: { edges: { node: { subject: string; disclosed: string[] } }[] } }>(
      hub.gatewayUrl, `query($id: ID!) { auditRecords(filter: { personId: $id, subject: "coordinator-who-lifts" }, first: 50) { edges { node { subject disclosed } } } }`, { id: restricted.hubId }, await dpo());
    expect(records.data!.auditRecords.edges.some((edge) => edge.node.disclosed.includes('Mutation.liftPersonRestriction'))).toBe(true);
  });

  it('follows a restricted record through a merge: the record it was merged into is restricted too', async () => {
    const withPeople = async <T>(action: (client: Client) => Promise<T>): Promise<T> => {
      const client = new Client({ connectionString: databaseUrls.people });
      await client.connect();
      try {
        return await action(client);
      } finally {
        await client.end();
      }
    };
    const [merged, survivor] = [randomUUID(), randomUUID()];
    const pnc = `2001/9999998${pncCheckLetter(2001, 9999998)}`;
    const coordinator = await as('iom-coordinator');
    const named = await as('iom-coordinator', { subject: NAMED_SUBJECT });
    const lookup = `query($a: ID!, $b: ID!, $p: String!) { a: person(id: $a) { id } b: person(id: $b) { id } c: personByIdentifier(type: PNC_ID, value: $p) { id } }`;
    await withPeople(async (client) => {
      await client.query(`insert into person (id, given_name, family_name, date_of_birth, sex) values ($1, 'Merged', 'Record', '1990-01-01', 'MALE'), ($2, 'Surviving', 'Record', '1990-01-01', 'MALE')`, [merged, survivor]);
      await client.query(`insert into person_identifier (person_id, type, value, source_agency, link_method) values ($1, 'PNC_ID', $2, 'POLICE', 'CONFIRMED')`, [survivor, pnc]);
    });
    try {
      const made = await postGraphQL(hub.gatewayUrl, RESTRICT, { input: { personId: merged, reason: REASON, allowedPeople: [NAMED_SUBJECT] } }, coordinator);
      expect(made.errors).toBeUndefined();
      // Before the merge only the restricted record is hidden.
      expect((await postGraphQL(hub.gatewayUrl, lookup, { a: merged, b: survivor, p: pnc }, coordinator)).data).toEqual({ a: null, b: { id: survivor }, c: { id: survivor } });
      await withPeople((client) => client.query(`update person set merged_into = $2 where id = $1`, [merged, survivor]));
      expect((await postGraphQL(hub.gatewayUrl, lookup, { a: merged, b: survivor, p: pnc }, coordinator)).data).toEqual({ a: null, b: null, c: null });
      expect((await postGraphQL(hub.gatewayUrl, lookup, { a: merged, b: survivor, p: pnc }, named)).data).toEqual({ a: { id: survivor }, b: { id: survivor }, c: { id: survivor } });
    } finally {
      await withPeople(async (client) => {
        await client.query(`delete from person_restriction where person_id = $1`, [merged]);
        await client.query(`delete from person_identifier where person_id = $1`, [survivor]);
        await client.query(`delete from person where id in ($1, $2)`, [merged, survivor]);
      });
    }
  });
  it('subgraphs reuse withheld keys read at the version the gateway signs, and a restriction or lift made straight in the database holds from the next request', async () => {
    const people = new Client({ connectionString: databaseUrls.people });
    await people.connect();
    const version = async () => BigInt((await people.query<{ v: string }>('select version::text as v from withheld_version')).rows[0].v);
    const coordinator = await as('iom-coordinator');
    // Someone else on the caseload and known to police, inside an outsider's rule.
    const cases = await postGraphQL<{ iomCases: { edges: { node: { person: { id: string; pncId: string | null; nominal: { pncId: string } | null } } }[] } }>(
      hub.gatewayUrl, `{ iomCases(filter: { status: [ADOPTED] }, first: 500) { edges { node { person { id pncId nominal { pncId } } } } } }`, {}, coordinator);
    const person = cases.data!.iomCases.edges.map((edge) => edge.node.person).find((p) => p.id !== restricted.hubId && p.pncId && p.nominal)!;
    const pnc = person.pncId!;
    const NOMINAL = `query($p: String!) { nominal(pncId: $p) { pncId } }`;
    // A caller no earlier request was made as, so nothing of theirs is cached yet.
    const officer = await as('police-iom-officer', { purpose: 'case-management', subject: `officer-${randomUUID().slice(0, 8)}` });
    const named = await as('police-iom-officer', { purpose: 'case-management', subject: NAMED_SUBJECT });
    const withheldReads = () => hub.subgraphs.people.sqlCounter.lastStatements.filter((sql) => sql.includes('merge_chain')).length;
    try {
      // The first request reads the officer's withheld keys from the person index (police's and
      // the index's own); the second, at the same version, reads none: both come from the caches.
      hub.subgraphs.people.sqlCounter.reset();
      expect((await postGraphQL(hub.gatewayUrl, NOMINAL, { p: pnc }, officer)).data).toEqual({ nominal: { pncId: pnc } });
      expect(withheldReads()).toBeGreaterThan(0);
      hub.subgraphs.people.sqlCounter.reset();
      expect((await postGraphQL(hub.gatewayUrl, NOMINAL, { p: pnc }, officer)).data).toEqual({ nominal: { pncId: pnc } });
      expect(withheldReads()).toBe(0);

      // Restricted behind the hub's back: the version rises with it, and the very next request withholds them.
      const beforeRestriction = await version();
      await people.query(`insert into person_restriction (person_id, reason, allowed_people, restricted_by) values ($1, $2, $3, 'database-administrator')`, [person.id, REASON, [NAMED_SUBJECT]]);
      expect(await version()).toBeGreaterThan(beforeRestriction);
      expect((await postGraphQL(hub.gatewayUrl, NOMINAL, { p: pnc }, officer)).data).toEqual({ nominal: null });
      expect((await postGraphQL(hub.gatewayUrl, NOMINAL, { p: pnc }, named)).data).toEqual({ nominal: { pncId: pnc } });
      // A caller context without a version (not one the hub's gateway signs) is read afresh, never from a cache.
      const direct = await asGateway(hub, 'police-iom-officer', { purpose: 'case-management' });
      expect((await postGraphQL(hub.subgraphs.police.url, NOMINAL, { p: pnc }, direct)).data).toEqual({ nominal: null });

      // Lifted behind its back: back from the next request.
      await people.query(`update person_restriction set lifted_at = now(), lifted_by = 'database-administrator', lift_reason = 'Lifted by the test.' where person_id = $1 and lifted_at is null`, [person.id]);
      expect((await postGraphQL(hub.gatewayUrl, NOMINAL, { p: pnc }, officer)).data).toEqual({ nominal: { pncId: pnc } });

      // Every other change that decides withholding raises the version too; a change of name does not.
      const raisedBy = async (sql: string, params: unknown[]) => {
        const was = await version();
        await people.query(sql, params);
        return (await version()) > was;
      };
      const [merged, survivor] = [randomUUID(), randomUUID()];
      expect(await raisedBy(`insert into person (id, given_name, family_name, date_of_birth, sex) values ($1, 'Merged', 'Version', '1990-01-01', 'MALE'), ($2, 'Surviving', 'Version', '1990-01-01', 'MALE')`, [merged, survivor])).toBe(false);
      expect(await raisedBy(`insert into person_identifier (person_id, type, value, source_agency, link_method) values ($1, 'CRN', 'Z999990', 'PROBATION', 'CONFIRMED')`, [merged])).toBe(true);
      expect(await raisedBy(`update person_identifier set person_id = $2 where person_id = $1`, [merged, survivor])).toBe(true);
      expect(await raisedBy(`update person set given_name = 'Renamed' where id = $1`, [merged])).toBe(false);
      expect(await raisedBy(`update person set merged_into = $2 where id = $1`, [merged, survivor])).toBe(true);
      expect(await raisedBy(`delete from person_identifier where person_id = $1`, [survivor])).toBe(true);
      expect(await raisedBy(`delete from person where id in ($1, $2)`, [merged, survivor])).toBe(true);
    } finally {
      await people.query(`delete from person_restriction where person_id = $1`, [person.id]);
      await people.end();
    }
  });
  it('refers only someone the person index holds: an unknown hub id is refused and nothing is written; a merged-away one refers the survivor', async () => {
    const coordinator = await as('iom-coordinator');
    const [known, merged, survivor, unknown] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const people = new Client({ connectionString: databaseUrls.people });
    const iom = new Client({ connectionString: databaseUrls.iom });
    await Promise.all([people.connect(), iom.connect()]);
    const casesOf = async (id: string) => Number((await iom.query<{ n: string }>('select count(*) as n from iom_case where person_id = $1', [id])).rows[0].n);
    try {
      await people.query(`insert into person (id, given_name, family_name, date_of_birth, sex) values ($1, 'Known', 'Referral', '1990-01-01', 'MALE'), ($2, 'Merged', 'Referral', '1990-01-01', 'MALE'), ($3, 'Surviving', 'Referral', '1990-01-01', 'MALE')`, [known, merged, survivor]);
      await people.query('update person set merged_into = $2 where id = $1', [merged, survivor]);

      const refused = await postGraphQL(hub.gatewayUrl, REFER, { input: referralOf(unknown) }, coordinator);
      expect(refused.data).toEqual({ referToIom: null });
      expect(refused.errors?.map((e) => [e.extensions?.code, e.message, e.extensions?.argumentName])).toEqual([['BAD_USER_INPUT', `No person has id ${unknown}.`, 'personId']]);
      expect(await casesOf(unknown)).toBe(0);

      const accepted = await postGraphQL<{ referToIom: { id: string; status: string; person: { id: string } } }>(hub.gatewayUrl, REFER, { input: referralOf(known) }, coordinator);
      expect(accepted.errors).toBeUndefined();
      expect(accepted.data!.referToIom).toMatchObject({ status: 'REFERRED', person: { id: known } });
      expect(await casesOf(known)).toBe(1);

      // The index answers a merged-away hub id with the person it was merged into; so does the referral.
      const viaMerge = await postGraphQL<{ referToIom: { id: string; person: { id: string } } }>(hub.gatewayUrl, REFER, { input: referralOf(merged) }, coordinator);
      expect(viaMerge.errors).toBeUndefined();
      expect(viaMerge.data!.referToIom.person).toEqual({ id: survivor });
      expect([await casesOf(merged), await casesOf(survivor)]).toEqual([0, 1]);
    } finally {
      await iom.query('delete from iom_case where person_id in ($1, $2, $3)', [known, survivor, unknown]);
      await people.query('delete from person where id in ($1, $2, $3)', [merged, known, survivor]);
      await Promise.all([people.end(), iom.end()]);
    }
  });
  it('fails closed: while the person index cannot be reached, no one is referred', async () => {
    const someone = randomUUID();
    const people = new Client({ connectionString: databaseUrls.people });
    const iom = new Client({ connectionString: databaseUrls.iom });
    await Promise.all([people.connect(), iom.connect()]);
    try {
      await people.query(`insert into person (id, given_name, family_name, date_of_birth, sex) values ($1, 'Unreachable', 'Referral', '1990-01-01', 'MALE')`, [someone]);
      const coordinator = await as('iom-coordinator');
      // The last test here: the hub's own person index is stopped for good (afterAll stops the rest).
      await hub.subgraphs.people.stop();
      const refused = await postGraphQL(hub.gatewayUrl, `mutation($input: IomReferralInput!) { referToIom(input: $input) { id } }`, { input: referralOf(someone) }, coordinator);
      expect(refused.data).toEqual({ referToIom: null });
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['SUBGRAPH_UNAVAILABLE']);
      expect(Number((await iom.query<{ n: string }>('select count(*) as n from iom_case where person_id = $1', [someone])).rows[0].n)).toBe(0);
    } finally {
      await people.query('delete from person where id = $1', [someone]);
      await Promise.all([people.end(), iom.end()]);
    }
  });
});
