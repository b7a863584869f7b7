/**
 * Removes from an operation, before it is planned, every field the caller may not see — however
 * it is reached: aliases, named fragments (inlined first), inline fragments on abstract types, and
 * fields under @include/@skip driven by variables. What was removed is remembered by response
 * path so the answer can carry `null` and a FORBIDDEN error exactly there. Nothing removed ever
 * reaches a subgraph.
 *
 * Two helpers are added to the operation and stripped from the answer: the hub id of every
 * Person returned (for the audit trail) and, only where a removal needs it, a `__typename`: when
 * a field was removed for one concrete type of an abstract parent (the answer must tell which
 * objects to patch) or when nothing would be left in a selection. Elsewhere the operation stays
 * as the client wrote it, so the planner sees the same shapes stock Apollo Gateway does.
 *
 * The operation reaching here has passed the limits (operation-limits.ts) and validation, so its
 * expansion is known to be small; expansion is still memoised per fragment and counted against
 * a hard budget. Anything the filter cannot judge throws `UnjudgeableOperation`: the operation
 * is then refused, never run unfiltered.
 */
import {
  GraphQLSchema,
  Kind,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  parse,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Caller } from '../../subgraphs/kit/access/caller';
import { decide, type RuleMap } from '../../subgraphs/kit/access/rules';

export const PERSON_ID_KEY = '__hubPersonId';
export const TYPENAME_KEY = '__hubTypename';
const HELPER_KEYS = new Set([PERSON_ID_KEY, TYPENAME_KEY]);

export interface RemovedField {
  /** Response keys from the root; list positions are expanded when the answer is patched. */
  path: string[];
  coordinate: string;
  reason: string;
  /** When the field was removed inside a fragment on one concrete type of an abstract parent. */
  onlyForType: string | null;
}

export interface FilteredOperation {
  query: string;
  removed: RemovedField[];
  /** Coordinates with an access rule that stay in the operation: what may be disclosed. */
  disclosed: string[];
}

const helperField = (alias: string, name: string): FieldNode => ({
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: alias },
  name: { kind: Kind.NAME, value: name },
});

function isSkipped(node: FieldNode | SelectionNode, variables: Record<string, unknown>): boolean {
  for (const directive of node.directives ?? []) {
    const argument = directive.arguments?.find((a) => a.name.value === 'if');
    if (!argument) continue;
    const value = argument.value.kind === Kind.VARIABLE ? variables[argument.value.name.value] : argument.value.kind === Kind.BOOLEAN ? argument.value.value : undefined;
    if (directive.name.value === 'skip' && value === true) return true;
    if (directive.name.value === 'include' && value === false) return true;
  }
  return false;
}

/** Thrown when the filter cannot judge an operation: it is refused, never run unfiltered. */
export class UnjudgeableOperation extends Error {}

/** More selections than this after expansion are refused even if the limits let them through. */
export const FILTER_BUDGET = 5000;

/**
 * Replaces every fragment spread by an inline fragment with the same type condition. Each
 * fragment is inlined once and the result shared by all its spreads, so the work is linear in
 * the document; a spread of a missing or self-spreading fragment cannot be judged.
 */
function fragmentInliner(fragments: Map<string, FragmentDefinitionNode>): (selectionSet: SelectionSetNode) => SelectionSetNode {
  const inlined = new Map<string, SelectionSetNode>();
  const inProgress = new Set<string>();
  const inline = (selectionSet: SelectionSetNode): SelectionSetNode => ({
    ...selectionSet,
    selections: selectionSet.selections.map((selection): SelectionNode => {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || inProgress.has(name)) throw new UnjudgeableOperation(`fragment ${name} is missing or spreads itself`);
        let body = inlined.get(name);
        if (!body) {
          inProgress.add(name);
          body = inline(fragment.selectionSet);
          inProgress.delete(name);
          inlined.set(name, body);
        }
        return { kind: Kind.INLINE_FRAGMENT, typeCondition: fragment.typeCondition, directives: selection.directives, selectionSet: body };
      }
      if (selection.selectionSet) return { ...selection, selectionSet: inline(selection.selectionSet) } as SelectionNode;
      return selection;
    }),
  });
  return inline;
}

export interface FilterInput {
  query: string;
  /** The query already parsed (the gateway parses once, with its token limit). */
  document?: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** The operation a request names, as GraphQL defines the choice; undefined when none fits. */
export function chooseOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
}

/** Throws `UnjudgeableOperation` for anything it cannot judge (parse error, no such operation…). */
export function filterOperation(schema: GraphQLSchema, rules: RuleMap, caller: Caller | null, input: FilterInput): FilteredOperation {
  let document: DocumentNode;
  try {
    document = input.document ?? parse(input.query);
  } catch {
    throw new UnjudgeableOperation('the operation does not parse');
  }
  const operation = chooseOperation(document, input.operationName);
  if (!operation) throw new UnjudgeableOperation('no operation by that name');
  const rootType = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!rootType) throw new UnjudgeableOperation(`the schema has no ${operation.operation} type`);
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const variables = input.variables ?? {};
  const removed: RemovedField[] = [];
  const disclosed = new Set<string>();
  let visited = 0;

  const filterSet = (selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, path: string[], onlyForType: string | null): SelectionSetNode => {
    const selections: SelectionNode[] = [];
    const removedBefore = removed.length;
    for (const selection of selectionSet.selections) {
      if (++visited > FILTER_BUDGET) throw new UnjudgeableOperation('the operation expands past the filter budget');
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const conditionType = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        if (!conditionType || !isCompositeType(conditionType)) throw new UnjudgeableOperation('a fragment on an unknown type');
        const narrowed = isAbstractType(parentType) && isObjectType(conditionType) ? conditionType.name : onlyForType;
        selections.push({ ...selection, selectionSet: filterSet(selection.selectionSet, conditionType, path, narrowed) });
        continue;
      }
      if (selection.kind !== Kind.FIELD || selection.name.value.startsWith('__')) {
        selections.push(selection);
        continue;
      }
      const fieldName = selection.name.value;
      const responseKey = selection.alias?.value ?? fieldName;
      const field = isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[fieldName] : undefined;
      // The operation was validated, so an unknown field means the filter and the schema disagree.
      if (!field) throw new UnjudgeableOperation(`${parentType.name}.${fieldName} is not in the schema`);
      const coordinate = `${parentType.name}.${fieldName}`;
      const decision = decide(rules.get(coordinate), caller);
      if (!decision.allowed) {
        // A field @skip/@include leaves out is never resolved, so it is not refused either.
        if (!isSkipped(selection, variables)) removed.push({ path: [...path, responseKey], coordinate, reason: decision.reason, onlyForType });
        continue;
      }
      if (rules.has(coordinate) && !isSkipped(selection, variables)) disclosed.add(coordinate);
      const returnType = getNamedType(field.type);
      if (selection.selectionSet && isCompositeType(returnType)) {
        selections.push({ ...selection, selectionSet: filterSet(selection.selectionSet, returnType, [...path, responseKey], null) });
      } else {
        selections.push(selection);
      }
    }
    if (parentType.name === 'Person' && isObjectType(parentType) && parentType.getFields().id) selections.push(helperField(PERSON_ID_KEY, 'id'));
    const removedForOneType = removed.slice(removedBefore).some((field) => field.onlyForType !== null && field.path.length === path.length + 1);
    if ((isAbstractType(parentType) && removedForOneType) || selections.length === 0) selections.push(helperField(TYPENAME_KEY, '__typename'));
    return { ...selectionSet, selections };
  };

  let filtered: OperationDefinitionNode = { ...operation, selectionSet: filterSet(fragmentInliner(fragments)(operation.selectionSet), rootType, [], null) };
  // A variable whose only use was removed would make the operation invalid.
  const used = new Set<string>();
  visit(filtered.selectionSet, { Variable: (node) => void used.add(node.name.value) });
  filtered = { ...filtered, variableDefinitions: filtered.variableDefinitions?.filter((d) => used.has(d.variable.name.value)) };
  return { query: print({ kind: Kind.DOCUMENT, definitions: [filtered] }), removed, disclosed: [...disclosed].sort() };
}

export interface PatchedAnswer {
  errors: { message: string; path: (string | number)[]; extensions: { code: 'FORBIDDEN' } }[];
  /** Hub ids of the people in the answer. */
  people: string[];
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Puts `null` and a FORBIDDEN error at every concrete path of every removed field, collects the
 * people returned, and strips the helper fields.
 */
export function patchAnswer(data: Record<string, Json> | null | undefined, removed: RemovedField[], message: (field: RemovedField) => string): PatchedAnswer {
  const errors: PatchedAnswer['errors'] = [];
  const people = new Set<string>();
  if (!data) return { errors, people: [] };

  const place = (node: Json, field: RemovedField, depth: number, concrete: (string | number)[]) => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((item, index) => place(item, field, depth, [...concrete, index]));
      return;
    }
    const key = field.path[depth];
    if (depth === field.path.length - 1) {
      if (field.onlyForType && node[TYPENAME_KEY] !== field.onlyForType) return;
      node[key] = null;
      errors.push({ message: message(field), path: [...concrete, key], extensions: { code: 'FORBIDDEN' } });
      return;
    }
    place(node[key] ?? null, field, depth + 1, [...concrete, key]);
  };
  for (const field of removed) place(data, field, 0, []);

  const strip = (node: Json) => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(strip);
      return;
    }
    const personId = node[PERSON_ID_KEY];
    if (typeof personId === 'string') people.add(personId);
    for (const key of Object.keys(node)) {
      if (HELPER_KEYS.has(key)) delete node[key];
      else strip(node[key]);
    }
  };
  strip(data);
  return { errors, people: [...people] };
}
