/**
 * Which keys of a kind belong to restricted people a caller is not named on: every subgraph needs
 * this for every request, and a restriction must hold everywhere from the next request. The person
 * index keeps a version of everything that decides it (restrictions, merges, identifiers; raised
 * by triggers in the same transaction as each change). The gateway reads that version once per
 * request, after the request arrived, and signs it into the caller context; a subgraph reuses an
 * answer it read at exactly that version (rows.ts, `WithheldKeyCache`) and reads afresh for any
 * other version or a context without one. So a restriction committed before a request arrived is
 * in the answer that request gets, while the person index is asked once per request (by the
 * gateway) instead of once per request per subgraph.
 *
 * Plain JSON routes beside the person index's GraphQL, not GraphQL queries: the same signed caller
 * context, the same answer, without a GraphQL request's parsing, validation, plugins and answer
 * formatting on one side and a fetch Response on the other.
 *
 *   POST /row-keys/withheld   Authorization: Bearer <signed caller context>   {"type": "PNC_ID"}
 *   200 {"keys": [...], "version": "42"}  ·  400 unknown type  ·  401 no valid caller context  ·  500 not read
 *   POST /row-keys/withheld/version   Authorization: Bearer <signed caller context>   {}
 *   200 {"version": "42"}  ·  401 no valid caller context  ·  500 not read
 *
 * The client keeps its connections alive (dropped when idle, well before the server would) and
 * sends a request once more when a reused connection turned out closed before any answer: a
 * read, so sending it twice is harmless.
 */
import http from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { SUBGRAPH_CLIENT_IDLE_SOCKET_MS } from '../http-server';
import { traceHeaders } from '../telemetry';
import { ErrorCode } from '../errors';
import type { Caller } from './caller';
import { bearerToken, type CallerTokenVerifier } from './caller-token';
import { ROW_LOOKUP_TIMEOUT_MILLISECONDS, type RowKeyType, type WithheldKeyStore, type WithheldRead } from './rows';
import { isRowKeyType } from './row-key-type';
import { isWithheldVersion, WITHHELD_VERSION_PATH } from './withheld-version';

export const WITHHELD_KEYS_PATH = '/row-keys/withheld';

/** Concurrent connections from one subgraph to the person index at most. */
const MAX_SOCKETS = 32;
const agent = new http.Agent({ keepAlive: true, timeout: SUBGRAPH_CLIENT_IDLE_SOCKET_MS, maxSockets: MAX_SOCKETS, scheduling: 'lifo' });
const CLOSED_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

export function problem(code: string, message: string): string {
  return JSON.stringify({ errors: [{ message, extensions: { code } }] });
}

export async function verifiedCaller(authorization: string | undefined, verifyCaller: CallerTokenVerifier): Promise<{ caller: Caller; token: string } | undefined> {
  const token = bearerToken(authorization);
  if (!token) return undefined;
  try {
    return { caller: await verifyCaller(token), token };
  } catch {
    return undefined;
  }
}

/** Serves the routes on the person index, from its own database (`store` per request). */
export function serveWithheldKeys(app: FastifyInstance, verifyCaller: CallerTokenVerifier, store: () => WithheldKeyStore): void {
  const refused = (reply: FastifyReply) => reply.code(401).type('application/json; charset=utf-8').send(problem(ErrorCode.UNAUTHENTICATED, 'This service answers the hub gateway only.'));
  app.post(WITHHELD_KEYS_PATH, async (request, reply) => {
    const caller = (await verifiedCaller(request.headers.authorization, verifyCaller))?.caller;
    if (!caller) return refused(reply);
    const type = (request.body as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !isRowKeyType(type)) return reply.code(400).type('application/json; charset=utf-8').send(problem(ErrorCode.BAD_USER_INPUT, 'Unknown key type.'));
    const read = await store().read(caller, type);
    // A caller who may see no one is withheld nothing more.
    const keys = caller.rows === 'none' ? [] : read.keys;
    return reply.type('application/json; charset=utf-8').send(JSON.stringify({ keys, version: read.version }));
  });
  app.post(WITHHELD_VERSION_PATH, async (request, reply) => {
    if (!(await verifiedCaller(request.headers.authorization, verifyCaller))) return refused(reply);
    return reply.type('application/json; charset=utf-8').send(JSON.stringify({ version: await store().version() }));
  });
}

interface SendError extends Error {
  code?: string;
  reusedSocket?: boolean;
}

function post(url: URL, callerToken: string, body: string, signal: AbortSignal): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      url,
      { method: 'POST', agent, signal, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), authorization: `Bearer ${callerToken}`, ...traceHeaders() } },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 502, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    outgoing.on('error', (error: SendError) => {
      error.reusedSocket = outgoing.reusedSocket;
      reject(error);
    });
    outgoing.end(body);
  });
}

/** A version as the person index writes it: a decimal integer. */
/** Asks the person index which keys of a kind belong to restricted people withheld from the caller, and at which version. */
export function personIndexWithheldKeys(peopleUrl: () => string | undefined): (caller: Caller, callerToken: string, type: RowKeyType) => Promise<WithheldRead> {
  return async (_caller, callerToken, type) => {
    const base = peopleUrl();
    if (!base) throw new Error('no person index to ask');
    const answer = await postWithRetry(new URL(WITHHELD_KEYS_PATH, base), callerToken, JSON.stringify({ type }), ROW_LOOKUP_TIMEOUT_MILLISECONDS);
    if (answer.status !== 200) throw new Error(`restricted people lookup failed (HTTP ${answer.status})`);
    const { keys, version } = JSON.parse(answer.body) as { keys?: unknown; version?: unknown };
    if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'string') || !isWithheldVersion(version)) throw new Error('the person index gave no restrictions');
    return { keys: keys as string[], version };
  };
}

/** A read: sent once more when a reused connection turned out closed before any answer. */
async function postWithRetry(url: URL, callerToken: string, body: string, timeoutMilliseconds: number): Promise<{ status: number; body: string }> {
    const signal = AbortSignal.timeout(timeoutMilliseconds);
    let answer: { status: number; body: string };
    try {
      answer = await post(url, callerToken, body, signal);
    } catch (error) {
      const failed = error as SendError;
      const deadSocket = failed.reusedSocket === true && (CLOSED_SOCKET_CODES.has(failed.code ?? '') || failed.message === 'socket hang up');
      if (!deadSocket || signal.aborted) throw error;
      answer = await post(url, callerToken, body, signal);
    }
    return answer;
}
