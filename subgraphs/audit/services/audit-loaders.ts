/** The audit subgraph's DataLoaders, fresh for each request. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { loaderOfOne } from '../../kit/loaders';
import { AuditRecord } from '../entities/audit-record.entity';

export function createAuditLoaders(em: EntityManager) {
  return {
    recordById: loaderOfOne<string, AuditRecord>(
      (ids) => em.find(AuditRecord, { id: { $in: [...ids] } }),
      (record) => record.id,
    ),
  };
}

export type AuditLoaders = ReturnType<typeof createAuditLoaders>;
