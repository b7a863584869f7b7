/**
 * A migrated, empty audit database of its own for a test file: tests that break the chain on
 * purpose must not break the one the hub's other tests write to.
 */
import type { AuditEntry } from '../../audit-trail/audit-log';
import { ownDatabases } from '../support/own-databases';

/** The URL of an empty, migrated audit database named after `name`, made afresh for each call. */
export async function freshAuditDatabase(name: string): Promise<string> {
  return (await ownDatabases(`audit_${name}`, { empty: ['audit'] })).audit;
}

export function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    subject: 'officer-0042@police.example',
    agency: 'POLICE',
    role: 'IOM_OFFICER',
    purpose: 'CASE_MANAGEMENT',
    operationName: 'PersonSummary',
    operationHash: 'a'.repeat(64),
    executedOperationHash: 'b'.repeat(64),
    people: ['3f2b8c1e-9d4a-4c6b-8e2f-1a2b3c4d5e6f'],
    disclosed: ['Person.givenName', 'Person.familyName'],
    refused: [],
    outcome: 'DISCLOSED',
    correlationId: 'corr-0001',
    ...overrides,
  };
}
