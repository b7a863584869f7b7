/**
 * Writing and verifying the audit log. The gateway appends one record per request that disclosed
 * or refused personal data, and must not return that data unless the append succeeded: `append`
 * therefore resolves only once the record is committed, and rejects on any failure (unreachable
 * database, invalid entry, refused insert).
 *
 * Group commit in one round trip. A writer keeps the head of the chain (last id, hash and time)
 * and sends every record waiting at that moment as one multi-row INSERT: one statement, one
 * transaction, one round trip, however many requests' records it carries. Records that arrive
 * while it is in flight wait for the next one, so an idle writer adds no delay and a busy one
 * writes hundreds of records per commit. Ids follow the head without gaps (head + 1, + 2…), and
 * each record's previousHash is the record before it, computed here with the one chain function.
 *
 * Several writers (several gateway processes) share the chain optimistically: the database
 * refuses a second record with the same id (primary key) or the same predecessor (a unique index
 * on previous_hash), so a writer whose head is stale gets a unique violation for the whole
 * statement, writes nothing, reads the head afresh and tries again. Nothing is ever written
 * against a stale head, so the chain cannot fork, and ids, times and links follow one order.
 */
import { Client, Pool, type PoolClient } from 'pg';
import { logger } from '../subgraphs/kit/logger';
import { chainHash, GENESIS_HASH, type ChainedFields } from './audit-chain';

export { AUDIT_OUTCOMES, type AuditEntry, type AuditEntryOutcome } from './audit-entry';
import { AUDIT_OUTCOMES, type AuditEntry } from './audit-entry';

export interface AuditWriter {
  append(entry: AuditEntry): Promise<{ id: string; hash: string }>;
  /** What the writer has done so far and its connection pool now (for metrics). */
  stats(): AuditWriterStats;
  close(): Promise<void>;
}

export interface AuditWriterStats {
  recordsCommitted: number;
  statements: Record<AuditBatchReport['result'], number>;
  pool: { used: number; idle: number; pending: number };
}

export interface ChainVerification {
  ok: boolean;
  records: number;
  firstBrokenId: string | null;
  reason: string | null;
}

/** What one statement sent to the audit database did: for metrics. */
export interface AuditBatchReport {
  records: number;
  milliseconds: number;
  /** committed; conflict (another writer moved the head first, retried); failed. */
  result: 'committed' | 'conflict' | 'failed';
}

export interface AuditWriterOptions {
  /** Most records in one statement (default 200; 17 parameters each, far below PostgreSQL's 65,535). */
  maxBatch?: number;
  /** Sees every statement the writer sends (the gateway's metrics). */
  onBatch?: (report: AuditBatchReport) => void;
  /** Connection pool size; one statement is in flight at a time, a second connection is spare. */
  poolSize?: number;
}

const DEFAULT_MAX_BATCH = 200;
/** How often one group of records may lose the race for the head to another writer before it fails (closed). */
const MAX_CONFLICTS = 50;
const UNIQUE_VIOLATION = '23505';

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
  const normalised = { ...entry, ...lists, withheld: [...new Set(withheld)].sort() };
  // PostgreSQL text cannot hold NUL: refused here, so one bad entry never fails the others written with it.
  const texts = [...REQUIRED_TEXT.map((field) => normalised[field]), normalised.operationName ?? '', normalised.executedOperationHash ?? '', ...LISTS.flatMap((field) => normalised[field]), ...normalised.withheld];
  if (texts.some((text) => text.includes('\0'))) throw new TypeError('Audit entry text must not contain NUL characters.');
  return normalised;
}

/** The last record of the chain, as a writer needs it to add the next. */
export interface ChainHead {
  id: bigint;
  hash: string;
  recordedAt: Date;
}

const EMPTY_HEAD: ChainHead = { id: 0n, hash: GENESIS_HASH, recordedAt: new Date(0) };

export interface ChainedRecord extends ChainedFields {
  previousHash: string;
  hash: string;
}

/**
 * Links entries onto the head in order: consecutive ids, times that never go back (the writer's
 * clock, but never before the head's, so time follows id order whichever process wrote last).
 */
export function chainOnto(head: ChainHead, entries: readonly AuditEntry[], now: Date): ChainedRecord[] {
  const recordedAt = new Date(Math.max(Math.floor(now.getTime()), head.recordedAt.getTime()));
  let previousHash = head.hash;
  return entries.map((entry, i) => {
    const fields: ChainedFields = { ...entry, id: String(head.id + BigInt(i + 1)), recordedAt };
    const hash = chainHash(previousHash, fields);
    const record = { ...fields, previousHash, hash };
    previousHash = hash;
    return record;
  });
}

const COLUMNS = [
  'id', 'recorded_at', 'subject', 'agency', 'role', 'purpose', 'operation_name', 'operation_hash',
  'people', 'disclosed', 'refused', 'outcome', 'correlation_id', 'previous_hash', 'hash', 'executed_operation_hash', 'withheld',
] as const;
const CASTS: Partial<Record<(typeof COLUMNS)[number], string>> = { id: 'bigint', recorded_at: 'timestamptz', people: 'text[]', disclosed: 'text[]', refused: 'text[]', withheld: 'text[]' };

/** One multi-row INSERT for a group of chained records: one statement, one transaction. */
export function insertStatement(records: readonly ChainedRecord[]): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const rows = records.map((record) => {
    const row = [record.id, record.recordedAt, record.subject, record.agency, record.role, record.purpose, record.operationName, record.operationHash,
      record.people, record.disclosed, record.refused, record.outcome, record.correlationId, record.previousHash, record.hash, record.executedOperationHash, record.withheld ?? []];
    const placeholders = row.map((value, column) => {
      values.push(value);
      const cast = CASTS[COLUMNS[column]];
      return cast ? `$${values.length}::${cast}` : `$${values.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  return { text: `INSERT INTO audit_record (${COLUMNS.join(', ')}) VALUES ${rows.join(', ')}`, values };
}

async function readHead(client: PoolClient): Promise<ChainHead> {
  const { rows } = await client.query<{ id: string; hash: string; recorded_at: Date }>('SELECT id::text AS id, hash, recorded_at FROM audit_record ORDER BY audit_record.id DESC LIMIT 1');
  return rows[0] ? { id: BigInt(rows[0].id), hash: rows[0].hash, recordedAt: rows[0].recorded_at } : EMPTY_HEAD;
}

/** An error the server sent about the statement (it has a SQLSTATE): the connection itself is fine. */
const sqlState = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
};

interface Waiting {
  entry: AuditEntry;
  resolve: (written: { id: string; hash: string }) => void;
  reject: (error: unknown) => void;
}

/**
 * Opens a writer on the audit database. Connects lazily: the first `append` is the first contact,
 * so a gateway can start while the audit database is still coming up, and still never returns
 * personal data without a record.
 */
export async function openAuditWriter(databaseUrl: string, options: AuditWriterOptions = {}): Promise<AuditWriter> {
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  const pool = new Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 2,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 10000,
    // A stuck statement must not hold every request of every gateway for ever.
    statement_timeout: 10000,
  });
  // An idle connection dropped by the server must not crash the gateway; the next append reconnects or fails.
  // Only the code and message: the error object drags the whole connection state into the log.
  pool.on('error', (error: Error & { code?: string }) => logger.warn({ code: error.code, reason: error.message }, 'audit database connection lost'));
  let closed = false;
  /** Unknown (undefined) at first and after any failure: read again before the next write. */
  let head: ChainHead | undefined;
  const waiting: Waiting[] = [];
  /** The one flush in flight, if any: records arriving meanwhile join the next group it sends. */
  let flushing: Promise<void> | undefined;

  const counts: Omit<AuditWriterStats, 'pool'> = { recordsCommitted: 0, statements: { committed: 0, conflict: 0, failed: 0 } };
  const report = (records: number, started: number, result: AuditBatchReport['result']) => {
    counts.statements[result]++;
    if (result === 'committed') counts.recordsCommitted += records;
    options.onBatch?.({ records, milliseconds: performance.now() - started, result });
  };

  /** Writes one group in one statement, retrying on a lost race for the head; rejects when it cannot. */
  async function write(entries: AuditEntry[]): Promise<ChainedRecord[]> {
    const client = await pool.connect();
    let broken: Error | undefined;
    // A connection lost while checked out is reported both to the pending query (which rejects
    // this write) and as an 'error' event, which must not crash the process.
    const onConnectionError = (error: Error) => {
      broken = error;
    };
    client.on('error', onConnectionError);
    try {
      for (let conflicts = 0; ; conflicts++) {
        head ??= await readHead(client);
        const records = chainOnto(head, entries, new Date());
        const statement = insertStatement(records);
        const started = performance.now();
        try {
          await client.query(statement);
        } catch (error) {
          head = undefined;
          const conflict = sqlState(error) === UNIQUE_VIOLATION;
          report(records.length, started, conflict ? 'conflict' : 'failed');
          if (conflict && conflicts < MAX_CONFLICTS) continue;
          if (!sqlState(error)) broken = error instanceof Error ? error : new Error(String(error));
          throw error;
        }
        report(records.length, started, 'committed');
        const last = records[records.length - 1];
        head = { id: BigInt(last.id), hash: last.hash, recordedAt: last.recordedAt };
        return records;
      }
    } catch (error) {
      head = undefined;
      if (!sqlState(error)) broken ??= error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.off('error', onConnectionError);
      // A connection that failed (rather than a statement refused) is not trusted again.
      client.release(broken);
    }
  }

  async function flush(): Promise<void> {
    try {
      while (waiting.length) {
        const group = waiting.splice(0, maxBatch);
        try {
          const records = await write(group.map((w) => w.entry));
          group.forEach((w, i) => w.resolve({ id: records[i].id, hash: records[i].hash }));
        } catch (error) {
          // Every record of the group is unwritten: each request fails closed.
          for (const w of group) w.reject(error);
        }
      }
    } finally {
      // In the same step as the last check of the queue: an append arriving after it starts a new flush.
      flushing = undefined;
    }
  }

  return {
    append(raw: AuditEntry): Promise<{ id: string; hash: string }> {
      if (closed) return Promise.reject(new Error('The audit writer is closed.'));
      let entry: AuditEntry;
      try {
        entry = normalise(raw);
      } catch (error) {
        return Promise.reject(error);
      }
      const written = new Promise<{ id: string; hash: string }>((resolve, reject) => waiting.push({ entry, resolve, reject }));
      flushing ??= flush();
      return written;
    },
    stats(): AuditWriterStats {
      return { ...counts, statements: { ...counts.statements }, pool: { used: pool.totalCount - pool.idleCount, idle: pool.idleCount, pending: pool.waitingCount } };
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await flushing;
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
