/**
 * Traces and metrics as an operator sees them: the standard OTEL_* variables point the hub at a
 * small OTLP/HTTP receiver run here, one request's trace must reach from the gateway through the
 * subgraphs to their SQL, and /metrics on the gateway and on a subgraph must count what happened
 * without a word of personal data.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, trace } from '@opentelemetry/api';
import type { RunningHub } from '../../runtime/hub';
import { logTraceFields } from '../../subgraphs/kit/telemetry';
import { ANONYMOUS, as, postGraphQL, startTestHub } from '../support/hub';
import { testPopulation } from '../support/population';

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: OtlpAttribute[];
}
interface OtlpBody {
  resourceSpans: { resource: { attributes: OtlpAttribute[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
}

const SERVER = 2;
const CLIENT = 3;

const attribute = (span: OtlpSpan, key: string) => {
  const found = span.attributes.find((a) => a.key === key)?.value;
  return found?.stringValue ?? (found?.intValue === undefined ? undefined : String(found.intValue));
};

/** Collects what the hub's OTLP exporter sends: JSON on POST /v1/traces. */
async function startOtlpReceiver(): Promise<{ url: string; spans: OtlpSpan[]; bodies: string[]; close(): Promise<void> }> {
  const spans: OtlpSpan[] = [];
  const bodies: string[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces' && request.method === 'POST') {
        bodies.push(body);
        for (const resource of (JSON.parse(body) as OtlpBody).resourceSpans) for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, spans, bodies, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function scrape(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const response = await fetch(url.replace(/\/graphql$/, '/metrics'), { headers });
  return { status: response.status, text: await response.text() };
}

/** The value of one sample, e.g. `hub_graphql_requests_total{operation="other",outcome="ok",service="gateway"}`. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const [, labelText, value] = /^[^{]+\{([^}]*)\} (\S+)$/.exec(line) ?? [];
    const present = Object.fromEntries([...(labelText ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => present[k] === v)) return Number(value);
  }
  return 0;
}

describe('traces across gateway, subgraphs and SQL, and metrics at /metrics', () => {
  const saved = { ...process.env };
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let hub: RunningHub;
  // A housing client too, so a housing officer sees them and is refused their police and probation data.
  const someone = testPopulation().people.find((p) => p.duplicateOf === undefined && p.identifiers.pncId && p.identifiers.crn && p.identifiers.housingReference)!;
  const QUERY = `query PersonIomCaseByCrn($crn: String!) { personByIdentifier(type: CRN, value: $crn) { id givenName familyName nominal { pncId } orders { type } } }`;
  let correlationId: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    // Only the standard variables: the hub reads nothing else to trace.
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
    process.env.OTEL_BSP_SCHEDULE_DELAY = '200';
    hub = await startTestHub();
    const answer = await postGraphQL<{ personByIdentifier: { id: string } }>(hub.gatewayUrl, QUERY, { crn: someone.identifiers.crn });
    expect(answer.errors).toBeUndefined();
    correlationId = answer.headers.get('x-correlation-id')!;
  });
  afterAll(async () => {
    await hub?.stop();
    await receiver?.close();
    process.env = saved;
  });

  it('one trace holds the gateway\'s request, each subgraph it asked, and the SQL they sent', async () => {
    // Wait for the batch exporter (a 200 ms schedule here) to deliver.
    const deadline = Date.now() + 10_000;
    const root = () => receiver.spans.find((s) => s.kind === SERVER && attribute(s, 'hub.service') === 'gateway' && attribute(s, 'hub.correlation_id') === correlationId);
    const delivered = (traceId: string) =>
      receiver.spans.some((s) => s.traceId === traceId && s.kind === CLIENT && attribute(s, 'db.namespace')?.includes('police')) &&
      receiver.spans.some((s) => s.traceId === traceId && attribute(s, 'url.path') === '/audit/hub-ids');
    while (Date.now() < deadline && !(root() && delivered(root()!.traceId))) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const gatewaySpan = root();
    expect(gatewaySpan).toBeDefined();
    expect(gatewaySpan!.parentSpanId || undefined).toBeUndefined();
    const inTrace = receiver.spans.filter((s) => s.traceId === gatewaySpan!.traceId);
    const byId = new Map(inTrace.map((s) => [s.spanId, s]));
    const ancestors = (span: OtlpSpan): OtlpSpan[] => {
      const chain: OtlpSpan[] = [];
      for (let parent = byId.get(span.parentSpanId ?? ''); parent; parent = byId.get(parent.parentSpanId ?? '')) chain.push(parent);
      return chain;
    };

    // Each subgraph the plan visits answered inside the gateway's trace, as a descendant of its request.
    // (Its GraphQL requests: the person index's restrictions-version read is in the trace too, but
    // one read may serve several requests, so it carries no one request's correlation id.)
    for (const service of ['people', 'police', 'probation']) {
      const subgraphSpan = inTrace.find((s) => s.kind === SERVER && attribute(s, 'hub.service') === service && attribute(s, 'url.path') === '/graphql');
      expect(subgraphSpan).toBeDefined();
      expect(ancestors(subgraphSpan!)).toContain(gatewaySpan);
      // The subgraph kept the gateway's correlation id too.
      expect(attribute(subgraphSpan!, 'hub.correlation_id')).toBe(correlationId);
    }
    // The audit's lookup of who the answer named (police reported a PNC ID) is the person index's
    // plain route, not a GraphQL request, and in the request's trace as well.
    const auditLookup = inTrace.find((s) => s.kind === SERVER && attribute(s, 'hub.service') === 'people' && attribute(s, 'url.path') === '/audit/hub-ids');
    expect(auditLookup).toBeDefined();
    expect(ancestors(auditLookup!)).toContain(gatewaySpan);
    // SQL statements are children of the subgraph request that sent them, and of the gateway's.
    const sql = inTrace.filter((s) => s.kind === CLIENT && attribute(s, 'db.system') === 'postgresql');
    const policeSql = sql.find((s) => attribute(s, 'db.namespace')!.endsWith('_police'));
    expect(policeSql).toBeDefined();
    const chain = ancestors(policeSql!);
    expect(chain.some((s) => attribute(s, 'hub.service') === 'police')).toBe(true);
    expect(chain).toContain(gatewaySpan);

    // No personal data in what was exported: not the CRN asked for, nor the name or PNC ID answered.
    const exported = receiver.bodies.join('\n');
    for (const personal of [someone.identifiers.crn!, someone.identifiers.pncId!, someone.familyName]) expect(exported).not.toContain(personal);
  });

  it('logs written inside a traced request carry its trace and span ids', () => {
    const span = trace.getTracer('test').startSpan('log line');
    const fields = context.with(trace.setSpan(context.active(), span), () => logTraceFields());
    span.end();
    expect(fields).toMatchObject({ trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId });
    expect(fields.trace_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('the gateway counts requests by operation, subgraph fetches, refusals and audit appends, without personal data', async () => {
    await postGraphQL(hub.gatewayUrl, `{ person(id: "00000000-0000-4000-8000-000000000000") { id } }`, {}, ANONYMOUS);
    const refused = await postGraphQL(hub.gatewayUrl, QUERY, { crn: someone.identifiers.crn }, await as('housing-officer'));
    expect(refused.errors?.filter((e) => e.extensions?.code === 'FORBIDDEN').length).toBeGreaterThanOrEqual(2);
    const { status, text } = await scrape(hub.gatewayUrl);
    expect(status).toBe(200);
    expect(sample(text, 'hub_graphql_requests_total', { service: 'gateway', operation: 'PersonIomCaseByCrn', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'hub_graphql_request_duration_seconds_count', { service: 'gateway', operation: 'PersonIomCaseByCrn' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'hub_subgraph_fetch_duration_seconds_count', { subgraph: 'people', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'hub_subgraph_fetch_duration_seconds_count', { subgraph: 'police', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'hub_refusals_total', { kind: 'unauthenticated' })).toBe(1);
    // The housing officer may not see police or probation data: refused at the gateway, field by field.
    expect(sample(text, 'hub_refusals_total', { kind: 'field' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'hub_audit_append_duration_seconds_count', { result: 'committed' })).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'hub_audit_records_committed_total', {})).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/hub_db_pool_connections\{[^}]*database="audit"/);
    expect(text).toMatch(/hub_process_resident_memory_bytes/);
    for (const personal of [someone.identifiers.crn!, someone.identifiers.pncId!, someone.familyName, someone.givenName]) expect(text).not.toContain(personal);
  });

  it('each subgraph serves its own metrics: requests by the operation the gateway ran, and its database pool', async () => {
    const { status, text } = await scrape(hub.subgraphs.police.url);
    expect(status).toBe(200);
    expect(sample(text, 'hub_graphql_requests_total', { service: 'police', operation: 'PersonIomCaseByCrn', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/hub_db_pool_connections\{[^}]*database="police"[^}]*state="idle"/);
    expect(text).not.toContain('service="gateway"');
    expect(text).not.toContain(someone.identifiers.pncId!);
  });

  it('answers /metrics only to this host, or to the bearer of HUB_METRICS_TOKEN when one is set', async () => {
    expect((await scrape(hub.gatewayUrl, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
    process.env.HUB_METRICS_TOKEN = 'operator-secret-for-the-test';
    try {
      expect((await scrape(hub.gatewayUrl)).status).toBe(401);
      expect((await scrape(hub.subgraphs.people.url, { authorization: 'Bearer wrong' })).status).toBe(401);
      expect((await scrape(hub.gatewayUrl, { authorization: 'Bearer operator-secret-for-the-test' })).status).toBe(200);
    } finally {
      delete process.env.HUB_METRICS_TOKEN;
    }
  });
});
