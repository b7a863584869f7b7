import { chainHash, GENESIS_HASH } from '../../audit-trail/audit-chain';
import { Client } from 'pg';
import { openAuditWriter, verifyAuditChain, type AuditBatchReport, type AuditWriter } from '../../audit-trail/audit-log';
import { dropDatabase } from '../../subgraphs/kit/database';
import { startDatabaseProxy } from '../support/tcp-proxy';
import { entry, freshAuditDatabase } from './fresh-audit-database';
import { withSql } from '../support/sql';

interface Row {
  id: string;
  previous_hash: string;
  hash: string;
  correlation_id: string;
}

const allRows = (url: string) =>
  withSql(url, async (client) => (await client.query<Row>('SELECT id::text AS id, previous_hash, hash, correlation_id FROM audit_record ORDER BY audit_record.id')).rows);

describe('the audit log writer and its hash chain', () => {
  let url: string;
  let writer: AuditWriter;
  beforeAll(async () => {
    url = await freshAuditDatabase('log');
    writer = await openAuditWriter(url);
  });
  afterAll(async () => {
    await writer.close();
    await dropDatabase(url);
  });

  it('verifies an empty log', async () => {
    expect(await verifyAuditChain(url)).toEqual({ ok: true, records: 0, firstBrokenId: null, reason: null });
  });

  it('chains the first record to 64 zeros and each next one to the hash before it', async () => {
    const first = await writer.append(entry({ correlationId: 'first' }));
    const second = await writer.append(entry({ correlationId: 'second', outcome: 'PARTIAL', refused: ['Person.offences'] }));
    expect(second.id).toBe(String(Number(first.id) + 1));
    const [a, b] = await allRows(url);
    expect(a).toMatchObject({ id: first.id, previous_hash: GENESIS_HASH, hash: first.hash });
    expect(b).toMatchObject({ id: second.id, previous_hash: first.hash, hash: second.hash });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyAuditChain(url)).toEqual({ ok: true, records: 2, firstBrokenId: null, reason: null });
  });

  it('hashes exactly the documented serialisation', async () => {
    const written = await writer.append(entry({ correlationId: 'documented', people: ['b', 'a', 'b'], operationName: null }));
    const stored = await withSql(url, async (client) => (await client.query('SELECT *, id::text AS id FROM audit_record WHERE id = $1', [written.id])).rows[0]);
    expect(stored.people).toEqual(['a', 'b']);
    const serialised = JSON.stringify([
      written.id, (stored.recorded_at as Date).toISOString(), stored.subject, stored.agency, stored.role, stored.purpose,
      null, stored.operation_hash, ['a', 'b'], stored.disclosed, stored.refused, stored.outcome, 'documented', stored.executed_operation_hash,
    ]);
    expect(stored.executed_operation_hash).toBe('b'.repeat(64));
    const { createHash } = await import('node:crypto');
    expect(written.hash).toBe(createHash('sha256').update(stored.previous_hash + serialised).digest('hex'));
    const normalised = entry({ correlationId: 'documented', people: ['a', 'b'], disclosed: ['Person.familyName', 'Person.givenName'], operationName: null });
    expect(chainHash(stored.previous_hash, { ...normalised, id: written.id, recordedAt: stored.recorded_at })).toBe(written.hash);
  });

  it('hashes a record without an executed document hash (as written before it existed) in the original form', async () => {
    const written = await writer.append(entry({ correlationId: 'before-executed-hash', executedOperationHash: null }));
    const stored = await withSql(url, async (client) => (await client.query('SELECT *, id::text AS id FROM audit_record WHERE id = $1', [written.id])).rows[0]);
    expect(stored.executed_operation_hash).toBeNull();
    const serialised = JSON.stringify([
      written.id, (stored.recorded_at as Date).toISOString(), stored.subject, stored.agency, stored.role, stored.purpose,
      stored.operation_name, stored.operation_hash, stored.people, stored.disclosed, stored.refused, stored.outcome, 'before-executed-hash',
    ]);
    const { createHash } = await import('node:crypto');
    expect(written.hash).toBe(createHash('sha256').update(stored.previous_hash + serialised).digest('hex'));
    expect((await verifyAuditChain(url)).ok).toBe(true);
  });

  it('hashes the restricted people withheld after everything else, only when there are any, and notices them removed', async () => {
    const written = await writer.append(entry({ correlationId: 'withheld', people: [], withheld: ['r2', 'r1', 'r2'], outcome: 'NO_PERSONAL_DATA' }));
    const stored = await withSql(url, async (client) => (await client.query('SELECT *, id::text AS id FROM audit_record WHERE id = $1', [written.id])).rows[0]);
    expect(stored.withheld).toEqual(['r1', 'r2']);
    const serialised = JSON.stringify([
      written.id, (stored.recorded_at as Date).toISOString(), stored.subject, stored.agency, stored.role, stored.purpose,
      stored.operation_name, stored.operation_hash, [], stored.disclosed, stored.refused, 'NO_PERSONAL_DATA', 'withheld', stored.executed_operation_hash, ['r1', 'r2'],
    ]);
    const { createHash } = await import('node:crypto');
    expect(written.hash).toBe(createHash('sha256').update(stored.previous_hash + serialised).digest('hex'));
    // An empty list is left out of the hash: every record written before the field existed still verifies.
    const plain = await writer.append(entry({ correlationId: 'none-withheld' }));
    const storedPlain = await withSql(url, async (client) => (await client.query('SELECT *, id::text AS id FROM audit_record WHERE id = $1', [plain.id])).rows[0]);
    expect(storedPlain.withheld).toEqual([]);
    expect(chainHash(storedPlain.previous_hash, { ...entry({ correlationId: 'none-withheld', disclosed: ['Person.familyName', 'Person.givenName'] }), id: plain.id, recordedAt: storedPlain.recorded_at })).toBe(plain.hash);
    expect((await verifyAuditChain(url)).ok).toBe(true);
  });

  it('keeps ids and the chain continuous under 200 concurrent appends', async () => {
    const before = (await allRows(url)).length;
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => writer.append(entry({ correlationId: `concurrent-${i}` }))));
    expect(new Set(results.map((r) => r.id)).size).toBe(200);
    const rows = await allRows(url);
    expect(rows).toHaveLength(before + 200);
    for (let i = 1; i < rows.length; i++) {
      expect(BigInt(rows[i].id)).toBe(BigInt(rows[i - 1].id) + 1n);
      expect(rows[i].previous_hash).toBe(rows[i - 1].hash);
    }
    const written = new Set(rows.map((row) => row.correlation_id));
    for (let i = 0; i < 200; i++) expect(written.has(`concurrent-${i}`)).toBe(true);
    expect(await verifyAuditChain(url)).toEqual({ ok: true, records: before + 200, firstBrokenId: null, reason: null });
  });

  it('keeps one chain when several writers (several gateway processes) append at once', async () => {
    const others = await Promise.all([openAuditWriter(url), openAuditWriter(url)]);
    try {
      const writers = [writer, ...others];
      await Promise.all(Array.from({ length: 60 }, (_, i) => writers[i % 3].append(entry({ correlationId: `writer-${i % 3}-${i}` }))));
    } finally {
      await Promise.all(others.map((other) => other.close()));
    }
    expect((await verifyAuditChain(url)).ok).toBe(true);
  });

  it('groups the records of many requests into few statements, one round trip each', async () => {
    const batches: AuditBatchReport[] = [];
    const grouping = await openAuditWriter(url, { onBatch: (report) => batches.push(report) });
    try {
      await Promise.all(Array.from({ length: 300 }, (_, i) => grouping.append(entry({ correlationId: `grouped-${i}` }))));
    } finally {
      await grouping.close();
    }
    const committed = batches.filter((b) => b.result === 'committed');
    expect(committed.reduce((sum, b) => sum + b.records, 0)).toBe(300);
    // The first statement carries the first record; everything that queued meanwhile goes in the next few (at most 200 each).
    expect(committed.length).toBeLessThanOrEqual(4);
    expect(Math.max(...committed.map((b) => b.records))).toBeGreaterThan(1);
    expect((await verifyAuditChain(url)).ok).toBe(true);
  });

  it('keeps one exact chain when two writers append hundreds of records at once, each reading the other\'s head', async () => {
    const before = (await allRows(url)).length;
    const reports: AuditBatchReport[] = [];
    const [a, b] = await Promise.all([openAuditWriter(url, { onBatch: (r) => reports.push(r) }), openAuditWriter(url, { onBatch: (r) => reports.push(r) })]);
    try {
      // Waves, so both writers have records queued while the other commits: their heads go stale and are refused.
      for (let wave = 0; wave < 5; wave++) {
        await Promise.all(Array.from({ length: 80 }, (_, i) => (i % 2 ? a : b).append(entry({ correlationId: `two-writers-${wave}-${i}` }))));
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    const rows = await allRows(url);
    expect(rows).toHaveLength(before + 400);
    for (let i = 1; i < rows.length; i++) {
      expect(BigInt(rows[i].id)).toBe(BigInt(rows[i - 1].id) + 1n);
      expect(rows[i].previous_hash).toBe(rows[i - 1].hash);
    }
    expect(reports.some((r) => r.result === 'conflict')).toBe(true);
    expect(await verifyAuditChain(url)).toEqual({ ok: true, records: before + 400, firstBrokenId: null, reason: null });
  });

  it('resolves an append only once its record is committed', async () => {
    const lock = new Client({ connectionString: url });
    await lock.connect();
    try {
      // Another session holds a lock that blocks inserts: the record cannot commit until it lets go.
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE audit_record IN SHARE MODE');
      let settled = false;
      const pending = writer.append(entry({ correlationId: 'held-back' })).finally(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(settled).toBe(false);
      await lock.query('COMMIT');
      const written = await pending;
      // Visible to anyone the moment the append resolved: it was committed, not merely sent.
      const stored = await withSql(url, async (client) => (await client.query('SELECT correlation_id FROM audit_record WHERE id = $1', [written.id])).rows);
      expect(stored).toEqual([{ correlation_id: 'held-back' }]);
    } finally {
      await lock.end();
    }
  });

  it('refuses a fork of the chain in the database itself: two records cannot share a predecessor', async () => {
    const [last] = (await allRows(url)).slice(-1);
    await withSql(url, async (client) => {
      await expect(client.query(
        `INSERT INTO audit_record (id, recorded_at, subject, agency, role, purpose, operation_hash, people, disclosed, refused, outcome, correlation_id, previous_hash, hash)
         VALUES (999999, now(), 's', 'POLICE', 'r', 'p', 'h', '{}', '{}', '{}', 'DISCLOSED', 'fork', $1, 'x')`,
        [(await allRows(url)).slice(-2)[0].hash],
      )).rejects.toThrow(/audit_record_previous_hash_unique/);
    });
    expect((await allRows(url)).slice(-1)[0]).toEqual(last);
  });

  it('refuses an entry it could not interpret, writing nothing', async () => {
    const before = (await allRows(url)).length;
    await expect(writer.append(entry({ outcome: 'MAYBE' as 'DISCLOSED' }))).rejects.toThrow(/outcome/);
    await expect(writer.append(entry({ subject: '' }))).rejects.toThrow(/subject/);
    await expect(writer.append(entry({ people: ['a\0b'] }))).rejects.toThrow(/NUL/);
    expect(await allRows(url)).toHaveLength(before);
  });
});

describe('the audit log is append-only', () => {
  let url: string;
  let writer: AuditWriter;
  beforeAll(async () => {
    url = await freshAuditDatabase('tamper');
    writer = await openAuditWriter(url);
    for (let i = 0; i < 5; i++) await writer.append(entry({ correlationId: `record-${i}` }));
  });
  afterAll(async () => {
    await writer.close();
    await dropDatabase(url);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    await withSql(url, async (client) => {
      await expect(client.query(`UPDATE audit_record SET purpose = 'ANALYSIS' WHERE id = 2`)).rejects.toThrow('audit_record is append-only: UPDATE refused');
      await expect(client.query('DELETE FROM audit_record WHERE id = 5')).rejects.toThrow('audit_record is append-only: DELETE refused');
      await expect(client.query('TRUNCATE audit_record')).rejects.toThrow('audit_record is append-only: TRUNCATE refused');
    });
    expect(await allRows(url)).toHaveLength(5);
    expect(await verifyAuditChain(url)).toMatchObject({ ok: true, records: 5 });
  });

  it('names the first changed record when someone gets past the trigger', async () => {
    await withSql(url, async (client) => {
      await client.query('ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only');
      try {
        await client.query(`UPDATE audit_record SET people = '{}' WHERE id = 3`);
      } finally {
        await client.query('ALTER TABLE audit_record ENABLE TRIGGER audit_record_append_only');
      }
    });
    const verification = await verifyAuditChain(url);
    expect(verification).toMatchObject({ ok: false, records: 3, firstBrokenId: '3' });
    expect(verification.reason).toMatch(/hash does not match/);
  });

  it('notices a restricted person taken out of a record behind the trigger', async () => {
    const own = await freshAuditDatabase('withheld');
    const other = await openAuditWriter(own);
    try {
      await other.append(entry({ correlationId: 'attempt', people: [], withheld: ['r1'], outcome: 'NO_PERSONAL_DATA' }));
      await other.append(entry({ correlationId: 'after' }));
      expect((await verifyAuditChain(own)).ok).toBe(true);
      await withSql(own, async (client) => {
        await client.query('ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only');
        await client.query(`UPDATE audit_record SET withheld = '{}' WHERE id = 1`);
        await client.query('ALTER TABLE audit_record ENABLE TRIGGER audit_record_append_only');
      });
      expect(await verifyAuditChain(own)).toMatchObject({ ok: false, firstBrokenId: '1' });
    } finally {
      await other.close();
      await dropDatabase(own);
    }
  });

  it('names the record after one that was deleted behind the trigger', async () => {
    const deletion = await freshAuditDatabase('deleted');
    const other = await openAuditWriter(deletion);
    try {
      for (let i = 0; i < 4; i++) await other.append(entry({ correlationId: `record-${i}` }));
      await withSql(deletion, async (client) => {
        await client.query('ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only');
        await client.query('DELETE FROM audit_record WHERE id = 2');
        await client.query('ALTER TABLE audit_record ENABLE TRIGGER audit_record_append_only');
      });
      const verification = await verifyAuditChain(deletion);
      expect(verification).toMatchObject({ ok: false, records: 2, firstBrokenId: '3' });
      expect(verification.reason).toMatch(/does not match the hash of record 1/);
    } finally {
      await other.close();
      await dropDatabase(deletion);
    }
  });
});

describe('when the audit database cannot be reached', () => {
  it('append rejects (so the gateway fails closed) and works again once it is back', async () => {
    const url = await freshAuditDatabase('outage');
    const { proxy, url: viaProxy } = await startDatabaseProxy(url);
    const writer = await openAuditWriter(viaProxy);
    try {
      await writer.append(entry({ correlationId: 'before' }));
      await proxy.down();
      await expect(writer.append(entry({ correlationId: 'during' }))).rejects.toThrow();
      await proxy.up();
      await writer.append(entry({ correlationId: 'after' }));
      const rows = await allRows(url);
      expect(rows.map((row) => row.correlation_id)).toEqual(['before', 'after']);
      expect((await verifyAuditChain(url)).ok).toBe(true);
    } finally {
      await writer.close();
      await proxy.close();
      await dropDatabase(url);
    }
  });

  it('append rejects when nothing listens at the address at all', async () => {
    const writer = await openAuditWriter('postgres://postgres:x@127.0.0.1:1/hub_audit');
    try {
      await expect(writer.append(entry())).rejects.toThrow(/ECONNREFUSED|connect/);
    } finally {
      await writer.close();
    }
  });
});
