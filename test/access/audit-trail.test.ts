import type { RunningHub } from '../../runtime/hub';
import type { AuditEntry } from '../../audit-trail/audit-entry';
import { openAuditWriter, verifyAuditChain } from '../../audit-trail/audit-log';
import { as, asGateway, postGraphQL, startTestHub, testDatabaseUrls } from '../support/hub';
import { testPopulation } from '../support/population';
import { startDatabaseProxy } from '../support/tcp-proxy';
import { freshAuditDatabase } from '../audit/fresh-audit-database';

/** The fields of a record this file asks the audit subgraph for. */
type AuditRow = Omit<AuditEntry, 'operationHash' | 'executedOperationHash'>;

const AUDIT_QUERY = `query($person: ID!) { auditRecords(filter: { personId: $person }, first: 50) {
  edges { node { subject agency role purpose operationName people disclosed refused outcome correlationId } } } }`;

describe('the audit trail of disclosures', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());
  const population = testPopulation();

  const recordsAbout = async (hubId: string) => {
    const response = await postGraphQL<{ auditRecords: { edges: { node: AuditRow }[] } }>(hub.gatewayUrl, AUDIT_QUERY, { person: hubId }, await as('data-protection-officer'));
    expect(response.errors).toBeUndefined();
    return response.data!.auditRecords.edges.map((edge) => edge.node);
  };

  it('records who saw which fields about whom, when and why — and what was refused', async () => {
    // For the case conference purpose a housing officer sees the conference's people: someone on the IOM caseload.
    const caseload = await postGraphQL<{ iomCases: { edges: { node: { person: { id: string } } }[] } }>(
      hub.gatewayUrl,
      `{ iomCases(filter: { status: [ADOPTED] }, first: 500) { edges { node { person { id } } } } }`,
      {},
      await as('iom-coordinator'),
    );
    const onCaseload = new Set(caseload.data!.iomCases.edges.map((edge) => edge.node.person.id));
    const someone = population.people.find((p) => onCaseload.has(p.hubId) && p.identifiers.pncId && p.identifiers.crn && p.duplicateOf === undefined)!;
    const response = await postGraphQL(
      hub.gatewayUrl,
      `query HousingLook($id: ID!) { person(id: $id) { id givenName accommodation { status } offences { committedOn } } }`,
      { id: someone.hubId },
      await as('housing-officer', { purpose: 'case-conference', subject: 'housing-officer-7' }),
    );
    expect(response.data).toMatchObject({ person: { id: someone.hubId, givenName: someone.givenName, offences: null } });
    const correlationId = response.headers.get('x-correlation-id');
    const record = (await recordsAbout(someone.hubId)).find((row) => row.correlationId === correlationId);
    expect(record).toEqual({
      subject: 'housing-officer-7',
      agency: 'HOUSING',
      role: 'HOUSING_OFFICER',
      purpose: 'case-conference',
      operationName: 'HousingLook',
      people: [someone.hubId],
      disclosed: ['Person.accommodation', 'Person.givenName', 'Query.person'],
      refused: ['Person.offences'],
      outcome: 'PARTIAL',
      correlationId,
    });
  });

  it('records a refusal even when nothing was disclosed', async () => {
    const someone = population.people[0];
    const response = await postGraphQL(hub.gatewayUrl, `query Peek($id: ID!) { person(id: $id) { id } }`, { id: someone.hubId }, await as('analyst', { subject: 'analyst-3' }));
    expect(response.data).toEqual({ person: null });
    const correlationId = response.headers.get('x-correlation-id');
    const dpo = await postGraphQL<{ auditRecords: { edges: { node: AuditRow }[] } }>(
      hub.gatewayUrl,
      `{ auditRecords(filter: { subject: "analyst-3" }, first: 5) { edges { node { refused outcome correlationId people } } } }`,
      {},
      await as('data-protection-officer'),
    );
    expect(dpo.data!.auditRecords.edges.map((e) => e.node)).toContainEqual({ refused: ['Query.person'], outcome: 'REFUSED', correlationId, people: [] });
  });

  it('keeps the chain intact after many concurrent requests', async () => {
    const profiles = ['housing-officer', 'probation-practitioner', 'iom-coordinator', 'analyst', 'substance-misuse-worker'];
    const people = testPopulation().people.slice(0, 60);
    const before = await verifyAuditChain(testDatabaseUrls().audit);
    const responses = await Promise.all(
      people.map(async (person, i) =>
        postGraphQL(hub.gatewayUrl, `query($id: ID!) { person(id: $id) { id familyName } }`, { id: person.hubId }, await as(profiles[i % profiles.length])),
      ),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const verification = await verifyAuditChain(testDatabaseUrls().audit);
    expect(verification).toMatchObject({ ok: true, firstBrokenId: null });
    // One record for each request, whatever it disclosed or refused.
    expect(verification.records - before.records).toBe(people.length);
  });

  it('no one can change or delete audit records through the API: no mutation reaches the audit service or returns its records', async () => {
    // The audit subgraph, as it describes itself to the gateway, has no mutation at all.
    const sdl = await postGraphQL<{ _service: { sdl: string } }>(hub.subgraphs.audit.url, '{ _service { sdl } }', {}, await asGateway(hub, 'data-protection-officer'));
    expect(sdl.errors).toBeUndefined();
    expect(sdl.data!._service.sdl).toContain('auditRecords');
    expect(sdl.data!._service.sdl).not.toMatch(/type Mutation\b/);
    // And none of the hub's mutations, as the gateway serves them, returns an audit record.
    type TypeRef = { name: string | null; ofType: TypeRef | null };
    const introspection = await postGraphQL<{ __schema: { mutationType: { fields: { name: string; type: TypeRef }[] } } }>(
      hub.gatewayUrl,
      `{ __schema { mutationType { fields { name type { name ofType { name ofType { name ofType { name } } } } } } } }`,
      {},
      await as('data-protection-officer'),
    );
    expect(introspection.errors).toBeUndefined();
    const namedType = (type: TypeRef): string => type.name ?? namedType(type.ofType!);
    const mutations = introspection.data!.__schema.mutationType.fields.map((field) => [field.name, namedType(field.type)]);
    expect(mutations.length).toBeGreaterThan(0);
    expect(mutations.filter(([name, type]) => /audit/i.test(name) || /audit/i.test(type))).toEqual([]);
  });
});

describe('when the audit trail cannot be written', () => {
  it('returns no personal data (503), and answers again once it can', async () => {
    const real = await freshAuditDatabase('fail_closed');
    const { proxy, url: viaProxy } = await startDatabaseProxy(real);
    const audit = await openAuditWriter(viaProxy);
    const hub = await startTestHub({ audit });
    const someone = testPopulation().people[2];
    const query = `query($id: ID!) { person(id: $id) { id givenName } }`;
    try {
      const healthy = await postGraphQL(hub.gatewayUrl, query, { id: someone.hubId });
      expect(healthy.data).toEqual({ person: { id: someone.hubId, givenName: someone.givenName } });

      await proxy.down();
      const refused = await postGraphQL(hub.gatewayUrl, query, { id: someone.hubId });
      expect(refused.status).toBe(503);
      expect(refused.data ?? null).toBeNull();
      expect(refused.errors?.[0].extensions?.code).toBe('AUDIT_UNAVAILABLE');
      expect(JSON.stringify(refused)).not.toContain(someone.givenName);

      await proxy.up();
      let again: Awaited<ReturnType<typeof postGraphQL>> | undefined;
      for (let attempt = 0; attempt < 20 && again?.status !== 200; attempt++) {
        again = await postGraphQL(hub.gatewayUrl, query, { id: someone.hubId });
        if (again.status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(again?.data).toEqual({ person: { id: someone.hubId, givenName: someone.givenName } });
      expect((await verifyAuditChain(real)).ok).toBe(true);
    } finally {
      await hub.stop();
      await audit.close();
      await proxy.close();
    }
  });
});
