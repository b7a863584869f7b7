/**
 * The hash chain: exactly which bytes of a record are hashed. The writer and the verifier both
 * use this one function, so a record written today verifies with tomorrow's code only while this
 * serialisation stays as it is: change it only with a new chain (or a version field).
 *
 *   hash = sha256_hex( previousHash + canonical(record) )
 *   canonical(record) = JSON.stringify([
 *     id,             // decimal string, e.g. "42"
 *     recordedAt,     // ISO 8601 UTC with milliseconds, e.g. "2026-11-27T09:30:00.123Z"
 *     subject, agency, role, purpose,
 *     operationName,  // string or null
 *     operationHash,
 *     people,         // arrays of strings, as stored (the writer sorts and de-duplicates them)
 *     disclosed,
 *     refused,
 *     outcome,
 *     correlationId,
 *     executedOperationHash,  // only when the record has one (records written before it existed do not)
 *     withheld,       // only when it names someone (a list, so it never reads as the hash above)
 *   ])
 *
 * A JSON array (not an object) keeps the order fixed; JSON.stringify escapes strings the same way
 * in every Node version. The text is hashed as UTF-8. The first record's previousHash is 64 zeros.
 */
import { createHash } from 'node:crypto';

import type { AuditEntry } from './audit-entry';

export const GENESIS_HASH = '0'.repeat(64);

/** What the hash covers: an entry as the gateway wrote it, with its place in the chain. */
export interface ChainedFields extends Omit<AuditEntry, 'outcome'> {
  id: string;
  recordedAt: Date;
  /** Stored as text; older records may hold outcomes no longer written. */
  outcome: string;
}

export function canonicalRecord(record: ChainedFields): string {
  return JSON.stringify([
    record.id,
    record.recordedAt.toISOString(),
    record.subject,
    record.agency,
    record.role,
    record.purpose,
    record.operationName,
    record.operationHash,
    record.people,
    record.disclosed,
    record.refused,
    record.outcome,
    record.correlationId,
    // Appended only when present, so records written before the field existed still verify.
    ...(record.executedOperationHash === null ? [] : [record.executedOperationHash]),
    // Restricted people withheld: appended only when there are any, so every other record hashes as before.
    ...(record.withheld?.length ? [record.withheld] : []),
  ]);
}

export function chainHash(previousHash: string, record: ChainedFields): string {
  return createHash('sha256').update(previousHash + canonicalRecord(record), 'utf8').digest('hex');
}
