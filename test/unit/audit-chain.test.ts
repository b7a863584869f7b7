import { chainHash, GENESIS_HASH } from '../../audit-trail/audit-chain';
import { chainOnto, insertStatement, type ChainHead } from '../../audit-trail/audit-log';
import type { AuditEntry } from '../../audit-trail/audit-entry';

const entry = (correlationId: string): AuditEntry => ({
  subject: 's', agency: 'POLICE', role: 'IOM_OFFICER', purpose: 'CASE_MANAGEMENT', operationName: null, operationHash: 'h',
  executedOperationHash: null, people: ['p'], disclosed: ['Person.givenName'], refused: [], outcome: 'DISCLOSED', correlationId,
});

describe('linking a group of audit records onto the head of the chain', () => {
  it('gives consecutive ids after the head and links each record to the one before it', () => {
    const head: ChainHead = { id: 41n, hash: 'f'.repeat(64), recordedAt: new Date('2026-11-30T10:00:00.000Z') };
    const records = chainOnto(head, [entry('a'), entry('b'), entry('c')], new Date('2026-11-30T10:00:01.250Z'));
    expect(records.map((r) => r.id)).toEqual(['42', '43', '44']);
    expect(records[0].previousHash).toBe(head.hash);
    expect(records[1].previousHash).toBe(records[0].hash);
    expect(records[2].previousHash).toBe(records[1].hash);
    // Each hash is exactly the documented chain function of its predecessor and fields.
    for (const record of records) {
      const { previousHash, hash, ...fields } = record;
      expect(hash).toBe(chainHash(previousHash, fields));
    }
  });

  it('starts an empty log from 64 zeros and id 1', () => {
    const [first] = chainOnto({ id: 0n, hash: GENESIS_HASH, recordedAt: new Date(0) }, [entry('a')], new Date('2026-11-30T10:00:00Z'));
    expect(first).toMatchObject({ id: '1', previousHash: GENESIS_HASH });
  });

  it('never dates a record before the head, even when this writer\'s clock is behind another writer\'s', () => {
    const head: ChainHead = { id: 7n, hash: 'a'.repeat(64), recordedAt: new Date('2026-11-30T10:00:05.000Z') };
    const [record] = chainOnto(head, [entry('late clock')], new Date('2026-11-30T10:00:04.000Z'));
    expect(record.recordedAt.toISOString()).toBe('2026-11-30T10:00:05.000Z');
  });

  it('sends a group as one INSERT with 17 parameters per record', () => {
    const records = chainOnto({ id: 0n, hash: GENESIS_HASH, recordedAt: new Date(0) }, [entry('a'), entry('b')], new Date('2026-11-30T10:00:00Z'));
    const statement = insertStatement(records);
    expect(statement.text.match(/^INSERT INTO audit_record/g)).toHaveLength(1);
    expect(statement.values).toHaveLength(34);
    expect(statement.text).toContain('($18::bigint, $19::timestamptz');
  });
});
