/** The audit log starts empty: records are written by the gateway as requests happen, never generated. */
import type { EntityManager } from '@mikro-orm/postgresql';

export async function seedAudit(_em: EntityManager): Promise<string> {
  return 'nothing to seed: the trail starts empty and only the gateway writes to it';
}

/** Never "seeded": there is nothing to generate, whatever the trail already holds. */
export async function isAuditSeeded(_em: EntityManager): Promise<boolean> {
  return false;
}
