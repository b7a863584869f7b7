/**
 * Which keys of a kind belong to restricted people a caller is not named on: every subgraph reads
 * this from the person index for every request (a restriction holds everywhere from the moment it
 * is made, so it is never cached), which makes it the hub's most frequent internal call. It is a
 * plain JSON route beside the person index's GraphQL, not a GraphQL query: the same signed caller
 * context, the same answer, without a GraphQL request's parsing, validation, plugins and answer
 * formatting on one side and a fetch Response on the other, which had cost about a tenth of every
 * partner's CPU and a good part of the person index's.
 *
 *   POST /row-keys/withheld   Authorization: Bearer <signed caller context>   {"type": "PNC_ID"}
 *   200 {"keys": [...]}  ·  400 unknown type  ·  401 no valid caller context  ·  500 not read
 *
 * The client keeps its connections alive (dropped when idle, well before the server would) and
 * sends a request once more when a reused connection turned out closed before any answer: a
 * read, so sending it twice is harmless.
 */
import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import { SUBGRAPH_CLIENT_IDLE_SOCKET_MS } from '../http-server';
import { traceHeaders } from '../telemetry';
import { ErrorCode } from '../errors';
import type { Caller } from './caller';
import type { CallerTokenVerifier } from './caller-token';
import { ROW_LOOKUP_TIMEOUT_MILLISECONDS, type RowKeyType, type WithheldKeySource } from './rows';
import { isRowKeyType } from './row-key-type';

export const WITHHELD_KEYS_PATH = '/row-keys/withheld';

/** Concurrent connections from one subgraph to the person index at most. */
const MAX_SOCKETS = 32;
const agent = new http.Agent({ keepAlive: true, timeout: SUBGRAPH_CLIENT_IDLE_SOCKET_MS, maxSockets: MAX_SOCKETS, scheduling: 'lifo' });
const CLOSED_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

function problem(code: string, message: string): string {
  return JSON.stringify({ errors: [{ message, extensions: { code } }] });
}

/** Serves the route on the person index: `read` answers for one verified caller and kind of key. */
export function serveWithheldKeys(app: FastifyInstance, verifyCaller: CallerTokenVerifier, read: (caller: Caller, callerToken: string, type: RowKeyType) => Promise<readonly string[]>): void {
  app.post(WITHHELD_KEYS_PATH, async (request, reply) => {
    const token = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    let caller: Caller | undefined;
    try {
      if (token) caller = await verifyCaller(token);
    } catch {
      caller = undefined;
    }
    if (!token || !caller) return reply.code(401).type('application/json; charset=utf-8').send(problem(ErrorCode.UNAUTHENTICATED, 'This service answers the hub gateway only.'));
    const type = (request.body as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !isRowKeyType(type)) return reply.code(400).type('application/json; charset=utf-8').send(problem(ErrorCode.BAD_USER_INPUT, 'Unknown key type.'));
    // A caller who may see no one is withheld nothing more.
    const keys = caller.rows === 'none' ? [] : await read(caller, token, type);
    return reply.type('application/json; charset=utf-8').send(JSON.stringify({ keys }));
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

/** Asks the person index which keys of a kind belong to restricted people withheld from the caller. */
export function personIndexWithheldKeys(peopleUrl: () => string | undefined): WithheldKeySource {
  return async (_caller, callerToken, type) => {
    const base = peopleUrl();
    if (!base) throw new Error('no person index to ask');
    const url = new URL(WITHHELD_KEYS_PATH, base);
    const body = JSON.stringify({ type });
    const signal = AbortSignal.timeout(ROW_LOOKUP_TIMEOUT_MILLISECONDS);
    let answer: { status: number; body: string };
    try {
      answer = await post(url, callerToken, body, signal);
    } catch (error) {
      const failed = error as SendError;
      const deadSocket = failed.reusedSocket === true && (CLOSED_SOCKET_CODES.has(failed.code ?? '') || failed.message === 'socket hang up');
      if (!deadSocket || signal.aborted) throw error;
      answer = await post(url, callerToken, body, signal);
    }
    if (answer.status !== 200) throw new Error(`restricted people lookup failed (HTTP ${answer.status})`);
    const keys = (JSON.parse(answer.body) as { keys?: unknown }).keys;
    if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'string')) throw new Error('the person index gave no restrictions');
    return keys as string[];
  };
}
