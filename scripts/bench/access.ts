/**
 * What access enforcement costs the gateway in-process for one agenda: rewriting the operation
 * for the caller before planning, and patching the answer (FORBIDDEN nulls, people for the audit
 * trail, helper fields stripped) before it leaves.
 */
import { buildSchema, parse } from 'graphql';
import { PERSON_ID_KEY, filterOperation, patchAnswer, type Json } from '../../gateway/access/operation-filter';
import { forbiddenMessage, readAccessRules } from '../../subgraphs/kit/access/rules';
import type { Caller } from '../../subgraphs/kit/access/caller';

export interface EnforcementCost {
  iterations: number;
  filterMicroseconds: number;
  patchMicroseconds: number;
  totalMicroseconds: number;
  fieldsRefused: number;
  forbiddenErrors: number;
}

/**
 * The answer as the access plugin receives it from the gateway: each agenda person still carries
 * the hub id helper the filter added, which the patch collects and strips.
 */
function withHelpers(data: Record<string, Json>): Record<string, Json> {
  const copy = structuredClone(data);
  const visit = (node: Json, key: string | null): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((item) => visit(item, key));
      return;
    }
    if (key === 'person' && typeof node.id === 'string') node[PERSON_ID_KEY] = node.id;
    for (const [child, value] of Object.entries(node)) visit(value, child);
  };
  visit(copy, null);
  return copy;
}

export function measureEnforcement(supergraphSdl: string, caller: Caller, query: string, variables: Record<string, unknown>, answer: Record<string, Json>, iterations: number): EnforcementCost {
  const schema = buildSchema(supergraphSdl);
  const rules = readAccessRules(parse(supergraphSdl));
  const prepared = withHelpers(answer);
  let filterTotal = 0;
  let patchTotal = 0;
  let fieldsRefused = 0;
  let forbiddenErrors = 0;
  for (let i = 0; i < iterations; i++) {
    // The patch rewrites the answer in place, so each iteration gets its own copy, untimed.
    const data = structuredClone(prepared);
    const started = performance.now();
    const filtered = filterOperation(schema, rules, caller, { query, variables });
    const filteredAt = performance.now();
    if (!filtered) throw new Error('The access filter could not read the agenda operation.');
    const patch = patchAnswer(data, filtered.removed, (field) => forbiddenMessage(field.coordinate, field.reason));
    const patchedAt = performance.now();
    filterTotal += filteredAt - started;
    patchTotal += patchedAt - filteredAt;
    fieldsRefused = filtered.removed.length;
    forbiddenErrors = patch.errors.length;
  }
  const micro = (total: number) => (total * 1000) / iterations;
  return {
    iterations,
    filterMicroseconds: micro(filterTotal),
    patchMicroseconds: micro(patchTotal),
    totalMicroseconds: micro(filterTotal + patchTotal),
    fieldsRefused,
    forbiddenErrors,
  };
}
