/** The audit subgraph's DataLoaders, fresh for each request. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { rowByKey } from '../../kit/loaders';
import { AuditRecord } from '../entities/audit-record.entity';

export function createAuditLoaders(em: EntityManager) {
  return {
    recordById: rowByKey(em, AuditRecord, 'id'),
  };
}

export type AuditLoaders = ReturnType<typeof createAuditLoaders>;
