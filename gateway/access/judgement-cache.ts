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
 * run every time. Both maps are bounded, the oldest entry going first, and texts longer than
 * MAX_CACHED_QUERY_LENGTH are never kept, so a flood of distinct operations costs bounded memory.
 */
import { Kind, visit, type DocumentNode } from 'graphql';
import { createHash } from 'node:crypto';
import { ExpiringCache } from '../../subgraphs/kit/expiring-cache';
import type { Caller } from '../../subgraphs/kit/access/caller';
import type { FilteredOperation, RemovedField } from './operation-filter';

export const MAX_CACHED_DOCUMENTS = 500;
export const MAX_CACHED_FILTERS = 2000;
export const MAX_CACHED_QUERY_LENGTH = 20_000;
const FOREVER = Number.POSITIVE_INFINITY;

export interface ValidDocument {
  document: DocumentNode;
  /** SHA-256 of the text, as the audit record names the client's document. */
  hash: string;
  /** Variables read by an `if:` of @skip or @include, in document order. */
  directiveVariables: string[];
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function directiveVariablesOf(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Directive(directive) {
      for (const argument of directive.arguments ?? []) {
        if (argument.name.value === 'if' && argument.value.kind === Kind.VARIABLE) names.add(argument.value.name.value);
      }
    },
  });
  return [...names];
}

/** How a filter reads a variable in `if:`: `true`, `false`, or anything else (neither skips). */
function directiveValue(value: unknown): 't' | 'f' | '-' {
  return value === true ? 't' : value === false ? 'f' : '-';
}

export class JudgementCache {
  private documents = new ExpiringCache<ValidDocument>(MAX_CACHED_DOCUMENTS);
  private filters = new ExpiringCache<FilteredOperation>(MAX_CACHED_FILTERS);

  /** A document this text already parsed into and that validated. */
  validDocument(query: string): ValidDocument | undefined {
    return this.documents.get(query);
  }

  /** Remembers a document that parsed and validated against the current API schema. */
  rememberValid(query: string, document: DocumentNode): void {
    if (query.length > MAX_CACHED_QUERY_LENGTH) return;
    this.documents.set(query, { document, hash: sha256(query), directiveVariables: directiveVariablesOf(document) }, FOREVER);
  }

  /** The audit's hash of a client's text: remembered for a known document. */
  hashOf(query: string): string {
    return this.documents.get(query)?.hash ?? sha256(query);
  }

  private filterKey(known: ValidDocument, query: string, operationName: string | null | undefined, caller: Caller, variables: Record<string, unknown>): string {
    return JSON.stringify([query, operationName ?? null, caller.scopes, known.directiveVariables.map((name) => directiveValue(variables[name])).join('')]);
  }

  filtered(query: string, operationName: string | null | undefined, caller: Caller, variables: Record<string, unknown>): FilteredOperation | undefined {
    const known = this.documents.get(query);
    return known ? this.filters.get(this.filterKey(known, query, operationName, caller, variables)) : undefined;
  }

  rememberFiltered(query: string, operationName: string | null | undefined, caller: Caller, variables: Record<string, unknown>, filtered: FilteredOperation): void {
    const known = this.documents.get(query);
    // Shared by every request with the same key: frozen, so none can change what the next one gets.
    if (known) this.filters.set(this.filterKey(known, query, operationName, caller, variables), Object.freeze({ ...filtered, removed: Object.freeze([...filtered.removed]) as RemovedField[], disclosed: Object.freeze([...filtered.disclosed]) as string[] }), FOREVER);
  }

  /** The API schema changed: what validated against the old one must be checked again. */
  clear(): void {
    this.documents = new ExpiringCache<ValidDocument>(MAX_CACHED_DOCUMENTS);
    this.filters = new ExpiringCache<FilteredOperation>(MAX_CACHED_FILTERS);
  }

  get sizes(): { documents: number; filters: number } {
    return { documents: this.documents.size, filters: this.filters.size };
  }
}
