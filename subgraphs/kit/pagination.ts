/**
 * Cursor connections (Relay style) for every list an analyst can page through. Cursors are opaque
 * to callers: base64url of the keyset values of the last row on the page.
 */
import { Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badUserInput } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 500;

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

/** Decodes a cursor made by `encodeCursor` with `arity` values, or fails with BAD_USER_INPUT. */
export function decodeCursor(cursor: string, arity: number): CursorValues {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity && values.every((v) => v === null || ['string', 'number'].includes(typeof v))) {
      return values as CursorValues;
    }
  } catch {
    // fall through to the caller-facing error
  }
  throw badUserInput('"after" is not a cursor returned by this list: pass pageInfo.endCursor from the previous page.', { argumentName: 'after' });
}

export interface PageRequest {
  limit: number;
  after: CursorValues | null;
}

export function pageRequest(first: number | null | undefined, after: string | null | undefined, cursorArity: number): PageRequest {
  const limit = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw badUserInput(`"first" must be between 1 and ${MAX_PAGE_SIZE}; it was ${limit}.`, { argumentName: 'first' });
  }
  return { limit, after: after ? decodeCursor(after, cursorArity) : null };
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
