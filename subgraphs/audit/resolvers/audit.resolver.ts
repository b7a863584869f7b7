import { Arg, Ctx, Directive, ID, Int, Query, Resolver } from 'type-graphql';
import { badUserInput } from '../../kit/errors';
import type { SubgraphContext } from '../../kit/subgraph';
import { AuditRecord } from '../entities/audit-record.entity';
import type { AuditLoaders } from '../services/audit-loaders';
import { searchAuditRecords } from '../services/audit-search';
import { AuditRecordConnection, AuditRecordFilter } from './types';

export type AuditContext = SubgraphContext<AuditLoaders>;

/** Read-only on purpose: the log has no mutation, so nobody can change or delete a record through the API. */
@Resolver(() => AuditRecord)
export class AuditRecordResolver {
  @Query(() => AuditRecordConnection, {
    nullable: true,
    description: 'The audit log, newest first: who saw or was refused what about whom, when and why.',
  })
  @Directive('@requiresScopes(scopes: [["audit"]])')
  async auditRecords(
    @Arg('filter', () => AuditRecordFilter, { nullable: true }) filter: AuditRecordFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 500 (default 20).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after: string | null,
    @Ctx() context: AuditContext,
  ): Promise<AuditRecordConnection> {
    return searchAuditRecords(context.em, filter ?? {}, first, after);
  }

  @Query(() => AuditRecord, { nullable: true, description: 'One audit record by id; null when there is none.' })
  @Directive('@requiresScopes(scopes: [["audit"]])')
  async auditRecord(@Arg('id', () => ID) id: string, @Ctx() context: AuditContext): Promise<AuditRecord | null> {
    if (!/^\d{1,19}$/.test(id)) throw badUserInput(`"${id}" is not an audit record id: expected a positive whole number.`, { argumentName: 'id' });
    return context.loaders.recordById.load(String(BigInt(id)));
  }
}
