/**
 * Checks a kind of key named in a request. Apart from rows.ts, which the gateway imports: the
 * identifier enum carries type-graphql, which the gateway never loads.
 */
import { IdentifierType } from '../identifiers';
import { HUB_ID, type RowKeyType } from './rows';

export function isRowKeyType(value: string): value is RowKeyType {
  return value === HUB_ID || (Object.values(IdentifierType) as string[]).includes(value);
}
