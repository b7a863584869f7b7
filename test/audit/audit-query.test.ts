import { randomUUID } from 'node:crypto';
import type { RunningHub } from '../../runtime/hub';
import { openAuditWriter, verifyAuditChain, type AuditWriter } from '../../audit-trail/audit-log';
import { ANONYMOUS, as, asGateway, countSqlStatements, postGraphQL, startTestHub, testDatabaseUrls } from '../support/hub';
import { entry } from './fresh-audit-database';

interface RecordNode {
  id: string;
  recordedAt: string;
  subject: string | null;
  agency: string;
  role: string;
  purpose: string;
  operationName: string | null;
  people: string[] | null;
  disclosed: string[];
  refused: string[];
  outcome: string;
  correlationId: string;
  previousHash: string;
  hash: string;
}

interface Page {
  auditRecords: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: RecordNode }[];
  } | null;
}

const PAGE = `query AuditTrail($filter: AuditRecordFilter, $first: Int, $after: String) {
  auditRecords(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id recordedAt subject agency role purpose operationName people disclosed refused outcome correlationId previousHash hash } }
  }
}`;

describe('the audit log in GraphQL, through the gateway', () => {
  let hub: RunningHub;
  let writer: AuditWriter;
  const person = randomUUID();
  const bystander = randomUUID();
  const written: { id: string; correlationId: string }[] = [];
  let officer: Record<string, string>;
  const ask = <TData = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) => postGraphQL<TData>(hub.gatewayUrl, query, variables, officer);

  beforeAll(async () => {
    hub = await startTestHub();
    officer = await as('data-protection-officer');
    writer = await openAuditWriter(testDatabaseUrls().audit);
    for (let i = 0; i < 7; i++) {
      const correlationId = `trail-${person}-${i}`;
      const result = await writer.append(
        entry({
          subject: i % 2 ? 'housing-officer-07' : 'probation-practitioner-12',
          agency: i % 2 ? 'HOUSING' : 'PROBATION',
          role: i % 2 ? 'HOUSING_OFFICER' : 'PROBATION_PRACTITIONER',
          people: i === 3 ? [bystander] : [person, bystander],
          disclosed: ['Person.familyName'],
          refused: i % 2 ? ['Person.offences'] : [],
          outcome: i % 2 ? 'PARTIAL' : 'DISCLOSED',
          correlationId,
        }),
      );
      written.push({ id: result.id, correlationId });
    }
  });
  afterAll(async () => {
    await writer.close();
    await hub.stop();
  });

  it('answers who saw what about a person, when and why, newest first', async () => {
    const response = await ask<Page>(PAGE, { filter: { personId: person } });
    expect(response.errors).toBeUndefined();
    const connection = response.data!.auditRecords!;
    expect(connection.totalCount).toBe(6);
    const expected = written.filter((_, i) => i !== 3).reverse();
    expect(connection.edges.map((edge) => edge.node.correlationId)).toEqual(expected.map((w) => w.correlationId));
    expect(connection.edges.map((edge) => edge.node.id)).toEqual(expected.map((w) => w.id));
    const newest = connection.edges[0].node;
    expect(newest).toMatchObject({
      subject: 'probation-practitioner-12',
      agency: 'PROBATION',
      purpose: 'CASE_MANAGEMENT',
      operationName: 'PersonSummary',
      people: [person, bystander].sort(),
      disclosed: ['Person.familyName'],
      outcome: 'DISCLOSED',
    });
    expect(Date.parse(newest.recordedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(connection.edges[1].node.refused).toEqual(['Person.offences']);
    expect(newest.previousHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('combines filters: subject, agency, outcome and time', async () => {
    const partial = await ask<Page>(PAGE, { filter: { personId: person, agency: 'HOUSING', outcome: 'PARTIAL' } });
    expect(partial.data!.auditRecords!.edges.map((edge) => edge.node.correlationId)).toEqual([written[5], written[1]].map((w) => w.correlationId));
    const bySubject = await ask<Page>(PAGE, { filter: { personId: bystander, subject: 'housing-officer-07' } });
    expect(bySubject.data!.auditRecords!.totalCount).toBe(3);
    const future = await ask<Page>(PAGE, { filter: { personId: person, from: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(future.data!.auditRecords).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    const past = await ask<Page>(PAGE, { filter: { personId: person, from: '2020-01-01T00:00:00Z', to: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(past.data!.auditRecords!.totalCount).toBe(6);
  });

  it('pages with a cursor without gaps or repeats, in a constant number of statements', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const response: Awaited<ReturnType<typeof postGraphQL<Page>>> = await ask<Page>(PAGE, { filter: { personId: person }, first: 4, after });
      expect(response.errors).toBeUndefined();
      const connection: NonNullable<Page['auditRecords']> = response.data!.auditRecords!;
      seen.push(...connection.edges.map((edge) => edge.node.correlationId));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(written.filter((_, i) => i !== 3).reverse().map((w) => w.correlationId));
    const statements = await countSqlStatements(hub, () => ask<Page>(PAGE, { filter: { personId: bystander }, first: 7 }));
    expect(statements.audit).toBe(2);
  });

  it('finds one record by id', async () => {
    const response = await ask<{ auditRecord: RecordNode | null }>(`query($id: ID!) { auditRecord(id: $id) { id correlationId hash } }`, { id: written[2].id });
    expect(response.data!.auditRecord).toMatchObject({ id: written[2].id, correlationId: written[2].correlationId });
    const missing = await ask<{ auditRecord: RecordNode | null }>(`query { auditRecord(id: "999999999") { id } }`);
    expect(missing.data).toEqual({ auditRecord: null });
  });

  it('refuses malformed input with BAD_USER_INPUT', async () => {
    const badPerson = await ask(PAGE, { filter: { personId: 'someone' } });
    expect(badPerson.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const badCursor = await ask(PAGE, { after: 'not-a-cursor' });
    expect(badCursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const badId = await ask(`query { auditRecord(id: "1; drop table audit_record") { id } }`);
    expect(badId.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const backwards = await ask(PAGE, { filter: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } });
    expect(backwards.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('offers no way to change or delete a record', async () => {
    const response = await ask(`query { __schema { mutationType { fields { name } } } }`);
    const mutations = (response.data as { __schema: { mutationType: { fields: { name: string }[] } | null } }).__schema.mutationType?.fields.map((f) => f.name) ?? [];
    expect(mutations.filter((name) => /audit/i.test(name))).toEqual([]);
  });

  it('is closed to every caller without the audit scope, at the gateway and in the subgraph', async () => {
    for (const profile of ['iom-coordinator', 'police-iom-officer', 'analyst']) {
      const response = await postGraphQL<Page>(hub.gatewayUrl, PAGE, { filter: { personId: person } }, await as(profile));
      expect(response.data).toEqual({ auditRecords: null });
      expect(response.errors?.find((e) => e.extensions?.code === 'FORBIDDEN' && JSON.stringify(e.path) === '["auditRecords"]')).toBeDefined();
    }
    const anonymous = await postGraphQL<Page>(hub.gatewayUrl, PAGE, {}, ANONYMOUS);
    expect(anonymous.status).toBe(401);
    expect(JSON.stringify(anonymous)).not.toContain(person);
    const direct = await postGraphQL<Page>(hub.subgraphs.audit.url, PAGE, { filter: { personId: person } }, await asGateway(hub, 'iom-coordinator'));
    expect(direct.data?.auditRecords ?? null).toBeNull();
    expect(direct.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const directOfficer = await postGraphQL<Page>(hub.subgraphs.audit.url, PAGE, { filter: { personId: person } }, await asGateway(hub, 'data-protection-officer'));
    expect(directOfficer.data?.auditRecords?.totalCount).toBe(6);
  });

  it('leaves the hub audit chain intact', async () => {
    expect(await verifyAuditChain(testDatabaseUrls().audit)).toMatchObject({ ok: true, firstBrokenId: null });
  });
});
