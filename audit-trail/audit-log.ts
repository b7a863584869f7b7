/**
 * Writing and verifying the audit log. The gateway appends one record per request that disclosed
 * or refused personal data, and must not return that data unless the append succeeded: `append`
 * therefore rejects on any failure (unreachable database, invalid entry, refused insert).
 *
 * Appends are serialised across every gateway process by a transaction-scoped advisory lock:
 * under it the writer reads the last hash, takes the next id and the time, and inserts, so ids,
 * times and the hash chain all follow the same order.
 */
import { Client, Pool, type PoolClient } from 'pg';
import { logger } from '../subgraphs/kit/logger';
import { chainHash, GENESIS_HASH, type ChainedFields } from './audit-chain';

export { AUDIT_OUTCOMES, type AuditEntry, type AuditEntryOutcome } from './audit-entry';
import { AUDIT_OUTCOMES, type AuditEntry } from './audit-entry';

export interface AuditWriter {
  append(entry: AuditEntry): Promise<{ id: string; hash: string }>;
  close(): Promise<void>;
}

export interface ChainVerification {
  ok: boolean;
  records: number;
  firstBrokenId: string | null;
  reason: string | null;
}

/** Key of the advisory lock every writer of the chain takes; any constant works if all agree. */
export const AUDIT_CHAIN_LOCK_KEY = '4007000001';

const REQUIRED_TEXT = ['subject', 'agency', 'role', 'purpose', 'operationHash', 'correlationId'] as const;
const LISTS = ['people', 'disclosed', 'refused'] as const;

/** Refuses an entry that would make a record nobody can interpret, before touching the database. */
function normalise(entry: AuditEntry): AuditEntry {
  for (const field of REQUIRED_TEXT) {
    if (typeof entry[field] !== 'string' || entry[field].length === 0) throw new TypeError(`Audit entry needs a non-empty "${field}".`);
  }
  if (entry.operationName !== null && typeof entry.operationName !== 'string') throw new TypeError('Audit entry "operationName" must be a string or null.');
  if (entry.executedOperationHash !== null && (typeof entry.executedOperationHash !== 'string' || entry.executedOperationHash.length === 0)) {
    throw new TypeError('Audit entry "executedOperationHash" must be a non-empty string or null.');
  }
  if (!AUDIT_OUTCOMES.includes(entry.outcome)) throw new TypeError(`Audit entry "outcome" must be one of ${AUDIT_OUTCOMES.join(', ')}.`);
  const lists = {} as Record<(typeof LISTS)[number], string[]>;
  for (const field of LISTS) {
    const value: unknown = entry[field];
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new TypeError(`Audit entry "${field}" must be a list of strings.`);
    // Sorted and de-duplicated: the same disclosure always hashes the same way, whatever order the gateway met it in.
    lists[field] = [...new Set(value as string[])].sort();
  }
  const withheld = entry.withheld ?? [];
  if (!Array.isArray(withheld) || !withheld.every((item) => typeof item === 'string')) throw new TypeError('Audit entry "withheld" must be a list of strings.');
  return { ...entry, ...lists, withheld: [...new Set(withheld)].sort() };
}

async function rollbackQuietly(client: PoolClient): Promise<void> {
  try {
    await client.query('ROLLBACK');
  } catch {
    // The connection is discarded below either way; the original error is what the caller needs.
  }
}

/**
 * Opens a writer on the audit database. Connects lazily: the first `append` is the first contact,
 * so a gateway can start while the audit database is still coming up, and still never returns
 * personal data without a record.
 */
export async function openAuditWriter(databaseUrl: string): Promise<AuditWriter> {
  const pool = new Pool({
    connectionString: databaseUrl,
    max: 4,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 10000,
    // A stuck lock holder must not hold every request of every gateway for ever.
    statement_timeout: 10000,
  });
  // An idle connection dropped by the server must not crash the gateway; the next append reconnects or fails.
  // Only the code and message: the error object drags the whole connection state into the log.
  pool.on('error', (error: Error & { code?: string }) => logger.warn({ code: error.code, reason: error.message }, 'audit database connection lost'));
  let closed = false;

  return {
    async append(raw: AuditEntry): Promise<{ id: string; hash: string }> {
      if (closed) throw new Error('The audit writer is closed.');
      const entry = normalise(raw);
      const client = await pool.connect();
      let failure: Error | undefined;
      // A connection lost while checked out is reported both to the pending query (which rejects
      // this append) and as an 'error' event, which must not crash the process.
      const onConnectionError = (error: Error) => {
        failure = error;
      };
      client.on('error', onConnectionError);
      try {
        // READ COMMITTED whatever the database default: the statement after the lock must see the last committed record.
        await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
        await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [AUDIT_CHAIN_LOCK_KEY]);
        const head = await client.query<{ previous_hash: string | null; id: string; recorded_at: Date }>(
          `SELECT (SELECT hash FROM audit_record ORDER BY id DESC LIMIT 1) AS previous_hash,
                  nextval(pg_get_serial_sequence('audit_record', 'id'))::text AS id,
                  date_trunc('milliseconds', clock_timestamp()) AS recorded_at`,
        );
        const { id, recorded_at: recordedAt } = head.rows[0];
        const previousHash = head.rows[0].previous_hash ?? GENESIS_HASH;
        const fields: ChainedFields = { id, recordedAt, ...entry };
        const hash = chainHash(previousHash, fields);
        await client.query(
          `INSERT INTO audit_record (id, recorded_at, subject, agency, role, purpose, operation_name, operation_hash,
                                     people, disclosed, refused, outcome, correlation_id, previous_hash, hash, executed_operation_hash, withheld)
           VALUES ($1::bigint, $2, $3, $4, $5, $6, $7, $8, $9::text[], $10::text[], $11::text[], $12, $13, $14, $15, $16, $17::text[])`,
          [id, recordedAt, entry.subject, entry.agency, entry.role, entry.purpose, entry.operationName, entry.operationHash,
            entry.people, entry.disclosed, entry.refused, entry.outcome, entry.correlationId, previousHash, hash, entry.executedOperationHash, entry.withheld ?? []],
        );
        await client.query('COMMIT');
        return { id, hash };
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        await rollbackQuietly(client);
        throw error;
      } finally {
        client.off('error', onConnectionError);
        // A connection that failed mid-transaction is not trusted again.
        client.release(failure);
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

interface StoredRecord {
  id: string;
  recorded_at: Date;
  subject: string;
  agency: string;
  role: string;
  purpose: string;
  operation_name: string | null;
  operation_hash: string;
  people: string[];
  disclosed: string[];
  refused: string[];
  outcome: string;
  correlation_id: string;
  previous_hash: string;
  hash: string;
  executed_operation_hash: string | null;
  withheld: string[];
}

const BATCH = 1000;

/**
 * Walks the whole log in id order, in one read-only snapshot, recomputing every hash. Stops at
 * the first record whose link or contents do not match. Throws when the database cannot be read.
 */
export async function verifyAuditChain(databaseUrl: string): Promise<ChainVerification> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    let expectedPrevious = GENESIS_HASH;
    let lastId = '0';
    let records = 0;
    for (;;) {
      const { rows } = await client.query<StoredRecord>(
        `SELECT id::text AS id, recorded_at, subject, agency, role, purpose, operation_name, operation_hash,
                people, disclosed, refused, outcome, correlation_id, previous_hash, hash, executed_operation_hash, withheld
           FROM audit_record WHERE audit_record.id > $1::bigint ORDER BY audit_record.id LIMIT ${BATCH}`,
        [lastId],
      );
      for (const row of rows) {
        records++;
        if (row.previous_hash !== expectedPrevious) {
          const reason = lastId === '0'
            ? 'previousHash of the first record is not 64 zeros: records before it were removed'
            : `previousHash does not match the hash of record ${lastId}: a record between them was removed or inserted, or record ${lastId} was changed`;
          return { ok: false, records, firstBrokenId: row.id, reason };
        }
        const recomputed = chainHash(row.previous_hash, {
          id: row.id,
          recordedAt: row.recorded_at,
          subject: row.subject,
          agency: row.agency,
          role: row.role,
          purpose: row.purpose,
          operationName: row.operation_name,
          operationHash: row.operation_hash,
          people: row.people,
          disclosed: row.disclosed,
          refused: row.refused,
          outcome: row.outcome,
          correlationId: row.correlation_id,
          executedOperationHash: row.executed_operation_hash,
          withheld: row.withheld,
        });
        if (recomputed !== row.hash) {
          return { ok: false, records, firstBrokenId: row.id, reason: 'hash does not match the contents of the record: it was changed after it was written' };
        }
        expectedPrevious = row.hash;
        lastId = row.id;
      }
      if (rows.length < BATCH) break;
    }
    return { ok: true, records, firstBrokenId: null, reason: null };
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
  }
}
