/**
 * Cursor connections (Relay style) for every list an analyst can page through. Cursors are opaque
 * to callers: base64url of the keyset values of the last row on the page.
 */
// The decorators below run when this module loads, and the gateway loads it (for MAX_PAGE_SIZE)
// without any subgraph entry point having set up decorator metadata first.
import 'reflect-metadata';
import { Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { GraphQLError } from 'graphql';
import { badUserInput } from './errors';
import { isHubId } from './identifiers';

import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './page-size';

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE };

// Every subgraph with a paged list defines the same PageInfo: shareable across subgraphs.
@ObjectType({ description: 'Where a page sits in the whole list.' })
@Directive('@shareable')
export class PageInfo {
  @Field({ description: 'True when another page follows this one.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' })
  endCursor!: string | null;
}

export interface Edge<TNode> {
  cursor: string;
  node: TNode;
}

export interface ConnectionShape<TNode> {
  edges: Edge<TNode>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Makes `<Name>Edge` and an abstract connection class for `@ObjectType() class XConnection extends Connection(X, 'X')`. */
export function Connection<TNode extends object>(nodeClass: ClassType<TNode>, name: string) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with its cursor.` })
  class EdgeClass implements Edge<TNode> {
    @Field()
    cursor!: string;

    // Nullable: an access rule on the node's type must be able to withhold it.
    @Field(() => nodeClass, { nullable: true })
    node!: TNode;
  }

  // Never emitted itself: only the concrete subclasses are reachable from a resolver.
  @ObjectType(`${name}ConnectionBase`)
  abstract class ConnectionClass implements ConnectionShape<TNode> {
    @Field(() => [EdgeClass])
    edges!: EdgeClass[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many items match the filter, over all pages.' })
    totalCount!: number;
  }
  return ConnectionClass;
}

export type CursorValues = (string | number | null)[];

export function encodeCursor(values: CursorValues): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/**
 * What each keyset value of a cursor must be, so that a cursor edited by hand is refused with
 * BAD_USER_INPUT here instead of reaching SQL as a value of the wrong type.
 */
export type CursorField = 'text' | 'uuid' | 'date' | 'bigint' | 'timestamp';

const BIGINT_MAX = 9223372036854775807n;

const CURSOR_FIELD_CHECKS: Record<CursorField, (value: unknown) => boolean> = {
  // Text that PostgreSQL can hold (no NUL) and no longer than any keyset column the hub has.
  text: (value) => typeof value === 'string' && value.length <= 500 && !value.includes('\u0000'),
  uuid: (value) => typeof value === 'string' && isHubId(value),
  // A PostgreSQL bigint written as decimal digits (as MikroORM reads one), within its range.
  bigint: (value) => typeof value === 'string' && /^\d{1,19}$/.test(value) && BigInt(value) <= BIGINT_MAX,
  // An instant exactly as Date.toISOString writes it (how keysetPage puts a Date in a cursor).
  timestamp: (value) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value,
  date: (value) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
};

function notACursor(): GraphQLError {
  return badUserInput('"after" is not a cursor returned by this list: pass pageInfo.endCursor from the previous page.', { argumentName: 'after' });
}

/**
 * Decodes a cursor made by `encodeCursor`, or fails with BAD_USER_INPUT: `shape` is the number of
 * values (any string or number), or the type of each value, checked one by one.
 */
export function decodeCursor(cursor: string, shape: number | readonly CursorField[]): CursorValues {
  let values: unknown;
  try {
    values = cursor.length <= 4096 ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : undefined;
  } catch {
    throw notACursor();
  }
  const arity = typeof shape === 'number' ? shape : shape.length;
  if (!Array.isArray(values) || values.length !== arity) throw notACursor();
  if (typeof shape === 'number') {
    if (!values.every((v) => v === null || ['string', 'number'].includes(typeof v))) throw notACursor();
  } else if (!values.every((value, index) => CURSOR_FIELD_CHECKS[shape[index]](value))) {
    throw notACursor();
  }
  return values as CursorValues;
}

export interface PageRequest {
  limit: number;
  after: CursorValues | null;
}

export function pageRequest(first: number | null | undefined, after: string | null | undefined, cursorShape: number | readonly CursorField[]): PageRequest {
  const limit = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw badUserInput(`"first" must be between 1 and ${MAX_PAGE_SIZE}; it was ${limit}.`, { argumentName: 'first' });
  }
  return { limit, after: after ? decodeCursor(after, cursorShape) : null };
}

/**
 * Builds the connection from rows fetched with `limit + 1` (the extra row only says whether a
 * next page exists).
 */
export function toConnection<TRow, TNode>(
  rows: TRow[],
  request: PageRequest,
  totalCount: number,
  cursorOf: (row: TRow) => CursorValues,
  toNode: (row: TRow) => TNode,
): ConnectionShape<TNode> {
  const page = rows.slice(0, request.limit);
  const edges = page.map((row) => ({ cursor: encodeCursor(cursorOf(row)), node: toNode(row) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > request.limit, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount,
  };
}

/** One column of a keyset: the entity property, its SQL column, and the type its cursor value must have. */
export interface KeysetColumn<TRow> {
  property: keyof TRow & string;
  column: string;
  type: CursorField;
}

/**
 * A list's order as a keyset: columns compared as one row value, all ascending or all descending,
 * the last unique (an id) so that the order is total and a cursor names exactly one place.
 */
export interface Keyset<TRow> {
  columns: readonly KeysetColumn<TRow>[];
  direction: 'asc' | 'desc';
}

/** A page request whose cursor was checked against this keyset: the only kind `keysetPage` takes. */
export interface KeysetPageRequest<TRow> extends PageRequest {
  keyset: Keyset<TRow>;
}

/**
 * Checks `first` and `after` against the keyset, before anything reads the database: a cursor of
 * the wrong shape, or with a value of the wrong type, is BAD_USER_INPUT and never reaches SQL.
 */
export function keysetRequest<TRow>(keyset: Keyset<TRow>, first: number | null | undefined, after: string | null | undefined): KeysetPageRequest<TRow> {
  return { ...pageRequest(first, after, keyset.columns.map((column) => column.type)), keyset };
}

/** The parts of a MikroORM query builder a keyset page uses. */
export interface KeysetQuery<TRow> {
  orderBy(order: Record<string, 'asc' | 'desc'>): unknown;
  limit(limit: number): unknown;
  andWhere(sql: string, params: unknown[]): unknown;
  getResultList(): Promise<TRow[]>;
  getCount(): Promise<number>;
}

// Each cursor value is cast to its column's type, so PostgreSQL never has to guess.
const SQL_CASTS: Record<CursorField, string> = { text: '?', uuid: '?::uuid', date: '?::date', bigint: '?::bigint', timestamp: '?::timestamptz' };

/**
 * One page of a filtered list in keyset order, and the total: two SQL statements whatever the page
 * size. `query(alias)` builds the filtered query under that alias (called once for the page, once
 * for the count); `count` replaces the count when the list has a cheaper one.
 */
export async function keysetPage<TRow>(
  request: KeysetPageRequest<TRow>,
  query: (alias: string) => KeysetQuery<TRow>,
  count?: () => Promise<number>,
): Promise<ConnectionShape<TRow>> {
  const { columns, direction } = request.keyset;
  const pageQuery = query('page');
  pageQuery.orderBy(Object.fromEntries(columns.map((column) => [column.property, direction])));
  pageQuery.limit(request.limit + 1);
  if (request.after) {
    const comparison = direction === 'asc' ? '>' : '<';
    pageQuery.andWhere(`(${columns.map((column) => `page.${column.column}`).join(', ')}) ${comparison} (${columns.map((column) => SQL_CASTS[column.type]).join(', ')})`, request.after);
  }
  const [rows, totalCount] = await Promise.all([pageQuery.getResultList(), count ? count() : query('total').getCount()]);
  return toConnection(rows, request, totalCount, (row) => columns.map((column) => cursorValue(row[column.property])), (row) => row);
}

/** A row's keyset value as its cursor holds it: an instant as its ISO 8601 text. */
function cursorValue(value: unknown): string | number | null {
  return value instanceof Date ? value.toISOString() : (value as string | number | null);
}
