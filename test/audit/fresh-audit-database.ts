/**
 * A migrated, empty audit database of its own for a test file: tests that break the chain on
 * purpose must not break the one the hub's other tests write to.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { auditSubgraph } from '../../subgraphs/audit';
import { databaseUrlOn, dropDatabase, ensureDatabase, migrate, ormOptions } from '../../subgraphs/kit/database';
import type { AuditEntry } from '../../audit-trail/audit-log';

export async function freshAuditDatabase(name: string): Promise<string> {
  const server = process.env.HUB_TEST_SERVER_URL;
  if (!server) throw new Error('HUB_TEST_SERVER_URL is not set: run the tests with `npm test`.');
  const url = databaseUrlOn(server, `hub_test_audit_${name}`);
  await dropDatabase(url);
  await ensureDatabase(url);
  const orm = await MikroORM.init(ormOptions(auditSubgraph, url));
  try {
    await migrate(orm);
  } finally {
    await orm.close(true);
  }
  return url;
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
