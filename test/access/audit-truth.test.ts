import { createHash } from 'node:crypto';
import type { RunningHub } from '../../runtime/hub';
import type { AuditEntry } from '../../audit-trail/audit-entry';
import { consentRecordedOn } from '../../synthetic/seeds/substance-misuse';
import { ANONYMOUS, as, postGraphQL, startTestHub, type GraphQLResponse } from '../support/hub';
import { testPopulation } from '../support/population';
import { signCallerToken } from '../../subgraphs/kit/access/caller-token';
import { askPersonIndex, AUDIT_LOOKUPS_IN_FLIGHT, GATEWAY_CALLER } from '../../gateway/access/audit-people';

/**
 * The audit record tells the truth about each request: expected records are worked out here from
 * the request itself (who asked, the document sent, the people whose data the answer holds, the
 * refusals made anywhere) and compared field by field.
 */
/** A record as the audit subgraph answers it: the entry the gateway wrote. */
type AuditRow = AuditEntry;

const RECORD_FIELDS = 'subject agency role purpose operationName operationHash executedOperationHash people disclosed refused outcome correlationId';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('an audit record that tells the truth', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());
  const population = testPopulation();

  const recordsOf = async (subject: string): Promise<AuditRow[]> => {
    const response = await postGraphQL<{ auditRecords: { edges: { node: AuditRow }[] } }>(
      hub.gatewayUrl,
      `query($s: String!) { auditRecords(filter: { subject: $s }, first: 50) { edges { node { ${RECORD_FIELDS} } } } }`,
      { s: subject },
      await as('data-protection-officer'),
    );
    expect(response.errors).toBeUndefined();
    return response.data!.auditRecords.edges.map((edge) => edge.node);
  };
  const recordOf = async (subject: string, response: GraphQLResponse) => {
    const correlationId = response.headers.get('x-correlation-id');
    const record = (await recordsOf(subject)).find((row) => row.correlationId === correlationId);
    expect(record).toBeDefined();
    return record!;
  };

  /** Today's IOM caseload as the index links it: hub id, PNC ID and CRN of everyone adopted. */
  const caseload = async () => {
    const response = await postGraphQL<{ iomCases: { edges: { node: { person: { id: string; pncId: string | null; crn: string | null } } }[] } }>(
      hub.gatewayUrl,
      `{ iomCases(filter: { status: [ADOPTED] }, first: 500) { edges { node { person { id pncId crn } } } } }`,
      {},
      await as('iom-coordinator'),
    );
    expect(response.errors).toBeUndefined();
    return response.data!.iomCases.edges.map((edge) => edge.node.person);
  };

  it('names everyone whose data left through a partner list, though the answer holds no hub id', async () => {
    const officer = 'audit-officer-1';
    const query = `query Nominals { nominals(first: 3) { edges { node { pncId prolific } } } }`;
    const response = await postGraphQL<{ nominals: { edges: { node: { pncId: string } }[] } }>(hub.gatewayUrl, query, {}, await as('police-iom-officer', { subject: officer }));
    expect(response.errors).toBeUndefined();
    const returned = response.data!.nominals.edges.map((edge) => edge.node.pncId);
    expect(returned).toHaveLength(3);
    const byPnc = new Map((await caseload()).map((person) => [person.pncId, person.id]));
    const record = await recordOf(officer, response);
    expect(record).toMatchObject({
      subject: officer,
      agency: 'POLICE',
      role: 'IOM_OFFICER',
      purpose: 'case-management',
      operationName: 'Nominals',
      operationHash: sha256(query),
      people: returned.map((pnc) => byPnc.get(pnc)).sort(),
      disclosed: ['PoliceNominal.prolific', 'PoliceNominalEdge.node', 'Query.nominals'],
      refused: [],
      outcome: 'DISCLOSED',
    });
    expect(record.executedOperationHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the person behind a probation case looked up by CRN', async () => {
    const practitioner = 'audit-practitioner-1';
    const someone = population.people.find((p) => p.identifiers.crn && p.duplicateOf === undefined)!;
    const query = `query Case($crn: String!) { probationCase(crn: $crn) { crn deliveryUnit } }`;
    const response = await postGraphQL(hub.gatewayUrl, query, { crn: someone.identifiers.crn }, await as('probation-practitioner', { subject: practitioner }));
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ probationCase: { crn: someone.identifiers.crn, deliveryUnit: expect.any(String) } });
    expect(await recordOf(practitioner, response)).toMatchObject({ people: [someone.hubId], refused: [], outcome: 'DISCLOSED', operationHash: sha256(query) });
  });

  it('gives each lookup sent to the person index together the hub ids of its own keys only', async () => {
    const [a, b] = population.people.filter((p) => p.identifiers.crn && p.identifiers.pncId && p.duplicateOf === undefined);
    const token = await signCallerToken(hub.callerTokenKeys, GATEWAY_CALLER);
    const answers = await askPersonIndex(hub.subgraphs.people.url, token, [
      [`CRN:${a.identifiers.crn}`],
      [`PNC_ID:${b.identifiers.pncId}`, `CRN:${b.identifiers.crn}`],
      ['CRN:X000000'],
      [`PNC_ID:${a.identifiers.pncId}`, `PNC_ID:${b.identifiers.pncId}`],
    ]);
    expect(answers).toEqual([[a.hubId], [b.hubId], [], expect.arrayContaining([a.hubId, b.hubId])]);
    expect((answers[3] as string[]).length).toBe(2);
  });

  it('names each of many requests audited at once its own person', async () => {
    // More requests at once than lookups the gateway keeps in flight: the rest go to the index together.
    const people = population.people.filter((p) => p.identifiers.crn && p.duplicateOf === undefined).slice(0, AUDIT_LOOKUPS_IN_FLIGHT * 4);
    const query = `query Case($crn: String!) { probationCase(crn: $crn) { crn } }`;
    const responses = await Promise.all(
      people.map(async (person, i) => postGraphQL(hub.gatewayUrl, query, { crn: person.identifiers.crn }, await as('probation-practitioner', { subject: `audit-together-${i}` }))),
    );
    for (const [i, response] of responses.entries()) {
      expect(response.errors).toBeUndefined();
      expect(await recordOf(`audit-together-${i}`, response)).toMatchObject({ people: [people[i].hubId], outcome: 'DISCLOSED' });
    }
  });

  it('shows a refusal made in a subgraph (clinical consent): PARTIAL, with the field refused', async () => {
    const worker = 'audit-treatment-worker-1';
    const clients = population.people.filter((p) => p.identifiers.treatmentClientId && p.duplicateOf === undefined);
    const withoutConsent = clients.find((p) => !consentRecordedOn(p.identifiers.treatmentClientId!, population.referenceDate) && !p.profile.statutorySupervision)!;
    const query = `query Clinical($v: String!) { personByIdentifier(type: TREATMENT_CLIENT_ID, value: $v) { id inTreatment drugTests { testDate } } }`;
    const response = await postGraphQL(hub.gatewayUrl, query, { v: withoutConsent.identifiers.treatmentClientId }, await as('substance-misuse-worker', { subject: worker }));
    expect(response.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['personByIdentifier', 'drugTests'], 'FORBIDDEN']]);
    const record = await recordOf(worker, response);
    expect(record).toMatchObject({ people: [withoutConsent.hubId], refused: ['Person.drugTests'], outcome: 'PARTIAL' });
    expect(record.disclosed).toEqual(expect.arrayContaining(['Person.inTreatment', 'Query.personByIdentifier']));
  });

  it('writes NO_PERSONAL_DATA when the person asked for does not exist', async () => {
    const coordinator = 'audit-coordinator-1';
    const query = `query Nobody($id: ID!) { person(id: $id) { id givenName } }`;
    const response = await postGraphQL(hub.gatewayUrl, query, { id: '00000000-0000-4000-8000-000000000000' }, await as('iom-coordinator', { subject: coordinator }));
    expect(response.data).toEqual({ person: null });
    expect(await recordOf(coordinator, response)).toMatchObject({ people: [], refused: [], outcome: 'NO_PERSONAL_DATA', operationName: 'Nobody' });
  });

  it('writes ERROR, not DISCLOSED, for bad input', async () => {
    const coordinator = 'audit-coordinator-2';
    const response = await postGraphQL(hub.gatewayUrl, `query Bad { nominal(pncId: "not-a-pnc") { pncId } }`, {}, await as('iom-coordinator', { subject: coordinator }));
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await recordOf(coordinator, response)).toMatchObject({ people: [], refused: [], outcome: 'ERROR' });
  });

  it('keeps the client document hash and the executed (rewritten) one apart', async () => {
    const housing = 'audit-housing-1';
    const someone = population.people.find((p) => p.identifiers.housingReference && p.identifiers.pncId && p.duplicateOf === undefined)!;
    const query = `query Look($id: ID!) { person(id: $id) { id givenName offences { committedOn } } }`;
    const response = await postGraphQL(hub.gatewayUrl, query, { id: someone.hubId }, await as('housing-officer', { subject: housing }));
    expect(response.data).toEqual({ person: { id: someone.hubId, givenName: someone.givenName, offences: null } });
    const record = await recordOf(housing, response);
    expect(record).toMatchObject({ people: [someone.hubId], disclosed: ['Person.givenName', 'Query.person'], refused: ['Person.offences'], outcome: 'PARTIAL' });
    expect(record.operationHash).toBe(sha256(query));
    expect(record.executedOperationHash).toMatch(/^[0-9a-f]{64}$/);
    expect(record.executedOperationHash).not.toBe(record.operationHash);
  });

  it('records a request refused for its token (401) and for its purpose (403)', async () => {
    const before = (await recordsOf('unverified:anonymous')).length;
    const unauthenticated = await postGraphQL(hub.gatewayUrl, `{ person(id: "x") { id } }`, {}, ANONYMOUS);
    expect(unauthenticated.status).toBe(401);
    const after = await recordsOf('unverified:anonymous');
    expect(after).toHaveLength(before + 1);
    expect(after[0]).toMatchObject({ outcome: 'REFUSED', refused: ['request:UNAUTHENTICATED'], people: [], disclosed: [] });

    const wrongPurpose = await postGraphQL(hub.gatewayUrl, `{ person(id: "x") { id } }`, {}, await as('housing-officer', { subject: 'audit-housing-403', purpose: 'analysis' }));
    expect(wrongPurpose.status).toBe(403);
    expect(await recordsOf('audit-housing-403')).toEqual([
      expect.objectContaining({ agency: 'HOUSING', role: 'HOUSING_OFFICER', purpose: 'analysis', outcome: 'REFUSED', refused: ['request:FORBIDDEN'], people: [] }),
    ]);
  });

  it('never passes the rows subgraphs report on to the caller', async () => {
    const response = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await as('iom-coordinator')) },
      body: JSON.stringify({ query: `{ nominals(first: 2) { edges { node { pncId } } } }` }),
    });
    const body = (await response.json()) as { extensions?: Record<string, unknown> };
    expect(JSON.stringify(body.extensions ?? {})).not.toContain('hubDisclosedRows');
  });
});

describe('a purpose narrows what a profile may do', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());
  const someone = testPopulation().people.find((p) => p.identifiers.pncId && p.duplicateOf === undefined)!;

  it('a coordinator declaring analysis gets cohort measures but not offences, nor anyone at all', async () => {
    const response = await postGraphQL<{ person: unknown; iomMeasures: { asOf: string } | null }>(
      hub.gatewayUrl,
      `query($id: ID!) { person(id: $id) { id offences { committedOn } } iomMeasures { asOf } }`,
      { id: someone.hubId },
      await as('iom-coordinator', { purpose: 'analysis' }),
    );
    expect(response.data!.person).toBeNull();
    expect(response.data!.iomMeasures).not.toBeNull();
    expect(response.errors?.find((e) => JSON.stringify(e.path) === '["person"]')?.extensions?.code).toBe('FORBIDDEN');
    const offences = await postGraphQL(hub.gatewayUrl, `query($p: String!) { nominal(pncId: $p) { recordedOffenceCount } }`, { p: someone.identifiers.pncId }, await as('iom-coordinator', { purpose: 'analysis' }));
    expect(offences.data).toEqual({ nominal: null });
    expect(offences.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('the same coordinator declaring case management reads the offences', async () => {
    const response = await postGraphQL<{ person: { offences: unknown[] } }>(
      hub.gatewayUrl,
      `query($id: ID!) { person(id: $id) { offences { committedOn } } }`,
      { id: someone.hubId },
      await as('iom-coordinator', { purpose: 'case-management' }),
    );
    expect(response.errors).toBeUndefined();
    expect(Array.isArray(response.data!.person.offences)).toBe(true);
  });
});
