/**
 * The audit subgraph: the append-only, hash-chained record of every request that disclosed or
 * refused personal data, readable only with the audit scope. The gateway writes it directly
 * (audit-trail/audit-log.ts, shared with the gateway); this service only reads it.
 */
import { defineSubgraph } from '../kit/subgraph';
import { AuditRecord } from './entities/audit-record.entity';
import { AuditRecordResolver } from './resolvers/audit.resolver';
import { createAuditLoaders } from './services/audit-loaders';
import { auditMigrations } from './migrations';

export const auditSubgraph = defineSubgraph({
  name: 'audit',
  defaultPort: 4007,
  entities: [AuditRecord],
  migrations: auditMigrations,
  resolvers: [AuditRecordResolver],
  referenceResolvers: {},
  createLoaders: createAuditLoaders,
});
