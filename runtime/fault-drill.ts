/**
 * Fault drills under load, shared by `npm run faults` and its shortened test: clients ask the
 * gateway for people (each by CRN, each answer compared with what the same person's answer was
 * while everything was up) while a partner subgraph is killed and restarted, or PostgreSQL is
 * killed with SIGKILL and started again. Every loop is bounded in requests and in time, and
 * every request goes to the loopback gateway.
 *
 * What an answer may be while a partner is down: exactly the person's own healthy answer, except
 * that the down partner's fields may be null with `SUBGRAPH_UNAVAILABLE` at exactly those paths;
 * any other difference is a problem (another field failing, another person's data, a changed
 * value). While PostgreSQL is down an answer may be refused (503) or carry errors; any answer
 * that carries someone's data must have its audit record, naming them, once the database is back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

/** A person's picture across the index and all four partners. */
export const DRILL_QUERY = `query FaultDrillPerson($crn: String!) {
  personByIdentifier(type: CRN, value: $crn) {
    id givenName familyName crn pncId
    nominal { pncId prolific } offences { committedOn crimeType }
    orders { type }
    accommodation { status }
    inTreatment
  }
}`;

/** The fields of DRILL_QUERY each partner answers. */
export const PARTNER_FIELDS: Record<string, string[]> = {
  police: ['nominal', 'offences'],
  probation: ['orders'],
  housing: ['accommodation'],
  'substance-misuse': ['inTreatment'],
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Picture = Record<string, Json>;

export interface DrillAnswer {
  crn: string;
  status: number;
  data?: { personByIdentifier: Picture | null } | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
  correlationId: string | null;
  /** ms since the load started. */
  startedAt: number;
  finishedAt: number;
}

export async function askForPerson(gatewayUrl: string, authorization: string, crn: string, started = performance.now()): Promise<DrillAnswer> {
  const startedAt = performance.now() - started;
  try {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: DRILL_QUERY, variables: { crn } }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json().catch(() => ({}))) as Pick<DrillAnswer, 'data' | 'errors'>;
    return { crn, status: response.status, ...body, correlationId: response.headers.get('x-correlation-id'), startedAt, finishedAt: performance.now() - started };
  } catch (error) {
    return { crn, status: 0, errors: [{ message: `no answer: ${(error as Error).message}` }], correlationId: null, startedAt, finishedAt: performance.now() - started };
  }
}

export interface LoadOptions {
  gatewayUrl: string;
  authorization: string;
  crns: string[];
  clients: number;
  /** Hard bounds: the load stops at whichever comes first, or when `stop()` is called. */
  maxRequests: number;
  maxMilliseconds: number;
}

export interface RunningLoad {
  /** Stops the clients after their current request; resolves with every answer. */
  stop(): Promise<DrillAnswer[]>;
  /** Answers so far. */
  answers: DrillAnswer[];
  /** ms since the load started. */
  elapsed(): number;
}

/** Clients asking back to back, each cycling through the people, until stopped or a bound is reached. */
export function startLoad(options: LoadOptions): RunningLoad {
  const answers: DrillAnswer[] = [];
  const started = performance.now();
  let stopping = false;
  let issued = 0;
  const client = async (index: number) => {
    for (let n = index; !stopping && issued < options.maxRequests && performance.now() - started < options.maxMilliseconds; n += options.clients) {
      issued++;
      answers.push(await askForPerson(options.gatewayUrl, options.authorization, options.crns[n % options.crns.length], started));
    }
  };
  const done = Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)));
  return {
    answers,
    elapsed: () => performance.now() - started,
    async stop() {
      stopping = true;
      await done;
      return answers;
    },
  };
}

/** Each person's answer while everything is up: what every later answer is compared with. */
export async function healthyPictures(gatewayUrl: string, authorization: string, crns: string[]): Promise<Map<string, Picture>> {
  const pictures = new Map<string, Picture>();
  for (const crn of crns) {
    const answer = await askForPerson(gatewayUrl, authorization, crn);
    const picture = answer.data?.personByIdentifier;
    if (answer.status !== 200 || answer.errors?.length || !picture) throw new Error(`The healthy answer for ${crn} had errors (HTTP ${answer.status}): ${JSON.stringify(answer.errors)}`);
    pictures.set(crn, picture);
  }
  return pictures;
}

const same = (a: Json | undefined, b: Json | undefined) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What is wrong with an answer given while `downPartner` may be down (null: everything up):
 * an empty list when it is exactly the person's healthy answer, or that answer with the down
 * partner's fields null and SUBGRAPH_UNAVAILABLE at exactly their paths.
 */
export function answerProblems(answer: DrillAnswer, healthy: Map<string, Picture>, downPartner: string | null): string[] {
  const expected = healthy.get(answer.crn);
  const where = `${answer.crn} (correlation ${answer.correlationId})`;
  if (!expected) return [`${where}: no healthy answer to compare with`];
  if (answer.status !== 200) return [`${where}: HTTP ${answer.status}`];
  const picture = answer.data?.personByIdentifier;
  if (!picture) return [`${where}: no person in the answer`];
  const problems: string[] = [];
  const mayFail = new Set(downPartner ? PARTNER_FIELDS[downPartner] : []);
  const unavailable = new Set<string>();
  for (const error of answer.errors ?? []) {
    const field = error.path?.length === 2 && error.path[0] === 'personByIdentifier' ? String(error.path[1]) : undefined;
    if (error.extensions?.code === 'SUBGRAPH_UNAVAILABLE' && field && mayFail.has(field)) unavailable.add(field);
    else problems.push(`${where}: unexpected error ${error.extensions?.code ?? ''} at ${JSON.stringify(error.path)}: ${error.message}`);
  }
  for (const [field, value] of Object.entries(expected)) {
    if (unavailable.has(field)) {
      if (picture[field] !== null) problems.push(`${where}: ${field} has data beside its SUBGRAPH_UNAVAILABLE error`);
    } else if (!same(picture[field], value)) {
      problems.push(`${where}: ${field} differs from this person's own answer`);
    }
  }
  return problems;
}

/** Whether an answer was cut short by the down partner (some of its fields unavailable). */
export function showsPartnerDown(answer: DrillAnswer, partner: string): boolean {
  return (answer.errors ?? []).some((e) => e.extensions?.code === 'SUBGRAPH_UNAVAILABLE' && PARTNER_FIELDS[partner].includes(String(e.path?.[1])));
}

/**
 * Answers that carried someone's data without an audit record naming them: must be none. Reads
 * the audit database after the drill, by each answer's correlation id.
 */
export async function disclosuresWithoutRecord(answers: DrillAnswer[], auditDatabaseUrl: string): Promise<string[]> {
  const disclosed = answers.filter((a) => a.status === 200 && a.data?.personByIdentifier);
  const client = new Client({ connectionString: auditDatabaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ correlation_id: string; people: string[] }>(
      'SELECT correlation_id, people FROM audit_record WHERE correlation_id = ANY($1::text[])',
      [disclosed.map((a) => a.correlationId ?? '')],
    );
    const recorded = new Map(rows.map((row) => [row.correlation_id, row.people]));
    return disclosed
      .filter((a) => !recorded.get(a.correlationId ?? '')?.includes(String(a.data!.personByIdentifier!.id)))
      .map((a) => `${a.crn} (correlation ${a.correlationId}): data returned without an audit record naming the person`);
  } finally {
    await client.end();
  }
}

/** PIDs whose parent is `pid` (read from /proc: Linux only, as the drill is). */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command may hold spaces and parentheses: the fields after its closing parenthesis are fixed.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) children.push(Number(entry));
    } catch {
      // Gone between listing and reading.
    }
  }
  return children;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Kills the embedded PostgreSQL on `dataDir` as a crash would: SIGKILL to the postmaster and every
 * backend at once, no shutdown, no checkpoint. Waits (bounded) until they are gone.
 */
export async function killPostgres(dataDir: string): Promise<void> {
  const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`No PostgreSQL pid in ${dataDir}.`);
  const victims = [pid, ...childrenOf(pid)];
  for (const victim of victims) {
    try {
      process.kill(victim, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  for (const deadline = Date.now() + 10_000; victims.some(alive) && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Waits (bounded) until `check` passes; returns whether it did. */
export async function waitUntil(check: () => Promise<boolean>, maxMilliseconds: number, everyMilliseconds = 250): Promise<boolean> {
  for (const deadline = Date.now() + maxMilliseconds; Date.now() < deadline; ) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, everyMilliseconds));
  }
  return false;
}
