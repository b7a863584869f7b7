/**
 * What the gateway has already worked out about a client's operation text, so that the same
 * operation sent again (an app sends a handful of texts, over and over) is not parsed, validated
 * and filtered afresh each time. Kept apart by everything the outcome depends on, and nothing is
 * remembered that could not be worked out again identically:
 * - a document that parsed and validated, by its text alone: parsing and validation depend on
 *   the text and the API schema (the cache is cleared when the schema changes), never on who
 *   asks or the variables;
 * - a filtered operation, by its text, the operation chosen, the caller's scopes (the only part
 *   of a caller the field rules read: `decide` in kit/access/rules.ts) and the value of each
 *   variable an `@skip`/`@include` reads (the only way variables reach the filter).
 * The per-request checks that depend on the variables (page sizes, the operation's measure) still
 * run every time. Both maps are bounded by count and by the bytes their entries hold (an estimate:
 * a parsed document costs about 110–140 bytes of heap per AST node besides its text, measured on
 * the benchmark's operations), the oldest entry going first, and texts longer than
 * MAX_CACHED_QUERY_LENGTH are never kept, so a flood of distinct operations costs bounded memory:
 * by count alone, 500 documents near the token limit would hold about 200 MB.
 */
import { Kind, visit, type DocumentNode } from 'graphql';
import { createHash } from 'node:crypto';
import { ExpiringCache } from '../../subgraphs/kit/expiring-cache';
import type { Caller } from '../../subgraphs/kit/access/caller';
import type { FilteredOperation, RemovedField } from './operation-filter';

export const MAX_CACHED_DOCUMENTS = 500;
export const MAX_CACHED_FILTERS = 2000;
export const MAX_CACHED_QUERY_LENGTH = 20_000;
/** Estimated bytes the kept documents may hold: about 1,250 documents of a person lookup's size, 40 at the token limit (about 0.9 AST nodes a token). */
export const MAX_CACHED_DOCUMENT_BYTES = 16 * 1024 * 1024;
/** Estimated bytes the kept filtered operations may hold. */
export const MAX_CACHED_FILTER_BYTES = 8 * 1024 * 1024;
/** Heap per AST node of a document parsed without locations (names, arrays, the node), rounded up. */
const BYTES_PER_DOCUMENT_NODE = 150;
/** A map entry, its expiry record and the small strings of a key, rounded up. */
const BYTES_PER_ENTRY = 200;
const FOREVER = Number.POSITIVE_INFINITY;

export interface ValidDocument {
  document: DocumentNode;
  /** SHA-256 of the text, as the audit record names the client's document. */
  hash: string;
  /** Variables read by an `if:` of @skip or @include, in document order. */
  directiveVariables: string[];
  /** AST nodes in the document, for its weight in the cache. */
  nodes: number;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function directiveVariablesOf(document: DocumentNode): { directiveVariables: string[]; nodes: number } {
  const names = new Set<string>();
  let nodes = 0;
  visit(document, {
    enter(node) {
      nodes++;
      if (node.kind !== Kind.DIRECTIVE) return;
      for (const argument of node.arguments ?? []) {
        if (argument.name.value === 'if' && argument.value.kind === Kind.VARIABLE) names.add(argument.value.name.value);
      }
    },
  });
  return { directiveVariables: [...names], nodes };
}

/** Estimated bytes of a kept document: its text (the key, which the document's names point into), hash and AST. */
export function documentWeight(query: string, nodes: number): number {
  return BYTES_PER_ENTRY + query.length + 64 + nodes * BYTES_PER_DOCUMENT_NODE;
}

/** Estimated bytes of a kept filter: its key, the filtered text and the coordinates it lists. */
export function filterWeight(key: string, filtered: FilteredOperation): number {
  const strings = (values: readonly string[]) => values.reduce((sum, value) => sum + value.length + 16, 0);
  return BYTES_PER_ENTRY + key.length + filtered.query.length + strings(filtered.disclosed) + filtered.removed.reduce((sum, field) => sum + 64 + strings(field.path) + field.coordinate.length + field.reason.length, 0);
}

/** How a filter reads a variable in `if:`: `true`, `false`, or anything else (neither skips). */
function directiveValue(value: unknown): 't' | 'f' | '-' {
  return value === true ? 't' : value === false ? 'f' : '-';
}

export class JudgementCache {
  private documents = JudgementCache.documentCache();
  private filters = JudgementCache.filterCache();

  private static documentCache(): ExpiringCache<ValidDocument> {
    return new ExpiringCache<ValidDocument>(MAX_CACHED_DOCUMENTS, MAX_CACHED_DOCUMENT_BYTES);
  }

  private static filterCache(): ExpiringCache<FilteredOperation> {
    return new ExpiringCache<FilteredOperation>(MAX_CACHED_FILTERS, MAX_CACHED_FILTER_BYTES);
  }

  /** A document this text already parsed into and that validated. */
  validDocument(query: string): ValidDocument | undefined {
    return this.documents.get(query);
  }

  /** Remembers a document that parsed and validated against the current API schema. */
  rememberValid(query: string, document: DocumentNode): void {
    if (query.length > MAX_CACHED_QUERY_LENGTH) return;
    const { directiveVariables, nodes } = directiveVariablesOf(document);
    this.documents.set(query, { document, hash: sha256(query), directiveVariables, nodes }, FOREVER, documentWeight(query, nodes));
  }

  /** The audit's hash of a client's text: remembered for a known document. */
  hashOf(query: string): string {
    return this.documents.get(query)?.hash ?? sha256(query);
  }

  /** By the text's hash, not the text: the document cache holds the text once already. */
  private filterKey(known: ValidDocument, operationName: string | null | undefined, caller: Caller, variables: Record<string, unknown>): string {
    return JSON.stringify([known.hash, operationName ?? null, caller.scopes, known.directiveVariables.map((name) => directiveValue(variables[name])).join('')]);
  }

  filtered(query: string, operationName: string | null | undefined, caller: Caller, variables: Record<string, unknown>): FilteredOperation | undefined {
    const known = this.documents.get(query);
    return known ? this.filters.get(this.filterKey(known, operationName, caller, variables)) : undefined;
  }

  rememberFiltered(query: string, operationName: string | null | undefined, caller: Caller, variables: Record<string, unknown>, filtered: FilteredOperation): void {
    const known = this.documents.get(query);
    // Shared by every request with the same key: frozen, so none can change what the next one gets.
    if (!known) return;
    const key = this.filterKey(known, operationName, caller, variables);
    this.filters.set(key, Object.freeze({ ...filtered, removed: Object.freeze([...filtered.removed]) as RemovedField[], disclosed: Object.freeze([...filtered.disclosed]) as string[] }), FOREVER, filterWeight(key, filtered));
  }

  /** The API schema changed: what validated against the old one must be checked again. */
  clear(): void {
    this.documents = JudgementCache.documentCache();
    this.filters = JudgementCache.filterCache();
  }

  get sizes(): { documents: number; filters: number } {
    return { documents: this.documents.size, filters: this.filters.size };
  }

  /** Estimated bytes held by each map. */
  get weights(): { documents: number; filters: number } {
    return { documents: this.documents.weight, filters: this.filters.weight };
  }
}
