/**
 * A subgraph's `_entities` answer is joined to the rest of the answer by position: the n-th
 * entity is taken to be the person of the n-th representation. A subgraph (or anything between
 * it and the gateway) that answers in another order or for other people would attach one
 * person's records to another. So the gateway asks each entity to say what it is — its
 * `__typename` and its key fields, under aliases of the gateway's own — and refuses, with an
 * error at that path, every entity that does not match what was asked; a wrong count refuses
 * the whole fetch. Nothing refused is ever joined.
 */
import {
  Kind,
  isAbstractType,
  isObjectType,
  parse,
  print,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type InlineFragmentNode,
  type SelectionNode,
} from 'graphql';

const TYPE_ALIAS = '__hubEntityType';
const KEY_ALIAS_PREFIX = '__hubEntityKey_';

/**
 * Keys a subgraph may answer with another value than it was asked: the person index answers a
 * merged hub id with the person it was merged into. For these only the count and type are checked.
 */
const REDIRECTING_KEYS = new Set(['people:Person.id']);

/** Subgraph name → type → the single-field keys it declares (`@join__type(graph:, key:)`). */
export type EntityKeys = Map<string, Map<string, string[]>>;

export function entityKeysFrom(supergraph: DocumentNode): EntityKeys {
  const graphNames = new Map<string, string>();
  for (const definition of supergraph.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const name = value.directives?.find((d) => d.name.value === 'join__graph')?.arguments?.find((a) => a.name.value === 'name')?.value;
      if (name?.kind === Kind.STRING) graphNames.set(value.name.value, name.value);
    }
  }
  // A key field a subgraph marks @external is the gateway's to supply, not the subgraph's to
  // show: its reference resolver need not echo it back, so it is not asked for.
  const externalIn = (field: { directives?: readonly { name: { value: string }; arguments?: readonly { name: { value: string }; value: { kind: string; value?: unknown } }[] }[] }, graph: string) =>
    (field.directives ?? []).some(
      (d) =>
        d.name.value === 'join__field' &&
        d.arguments?.some((a) => a.name.value === 'graph' && a.value.value === graph) &&
        d.arguments?.some((a) => a.name.value === 'external' && a.value.kind === Kind.BOOLEAN && a.value.value === true),
    );
  const keys: EntityKeys = new Map();
  for (const definition of supergraph.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    for (const directive of definition.directives ?? []) {
      if (directive.name.value !== 'join__type') continue;
      const graph = directive.arguments?.find((a) => a.name.value === 'graph')?.value;
      const key = directive.arguments?.find((a) => a.name.value === 'key')?.value;
      if (graph?.kind !== Kind.ENUM || key?.kind !== Kind.STRING) continue;
      const subgraph = graphNames.get(graph.value) ?? graph.value;
      const byType = keys.get(subgraph) ?? new Map<string, string[]>();
      keys.set(subgraph, byType);
      const typeName = definition.name.value;
      if (!byType.has(typeName)) byType.set(typeName, []);
      // Only keys of one scalar field are compared; compound keys keep the count and type checks.
      const field = key.value.trim();
      if (!/^\w+$/.test(field) || REDIRECTING_KEYS.has(`${subgraph}:${typeName}.${field}`)) continue;
      const fieldDefinition = definition.fields?.find((f) => f.name.value === field);
      if (!fieldDefinition || externalIn(fieldDefinition, graph.value)) continue;
      byType.get(typeName)!.push(field);
    }
  }
  return keys;
}

const aliased = (alias: string, name: string): FieldNode => ({ kind: Kind.FIELD, alias: { kind: Kind.NAME, value: alias }, name: { kind: Kind.NAME, value: name } });

/** The declared keys of each type that these representations carry: the ones worth asking back. */
export function keysToCompare(representations: unknown[], keysByType: Map<string, string[]> | undefined): Map<string, string[]> {
  const present = new Map<string, Set<string>>();
  for (const representation of representations) {
    if (!representation || typeof representation !== 'object') continue;
    const { __typename: typeName, ...fields } = representation as Record<string, unknown>;
    if (typeof typeName !== 'string') continue;
    for (const key of keysByType?.get(typeName) ?? []) {
      if (fields[key] !== undefined && fields[key] !== null) present.set(typeName, (present.get(typeName) ?? new Set()).add(key));
    }
  }
  return new Map([...present].map(([typeName, keys]) => [typeName, [...keys].sort()]));
}

/**
 * The subgraph query with each entity asked to identify itself; null when the query fetches no
 * entities. The planner's fetch texts repeat, so callers cache the result by text and keys.
 */
export function withEntityIdentity(query: string, keysByType: Map<string, string[]>): string | null {
  const document = parse(query);
  let found = false;
  const definitions = document.definitions.map((definition) => {
    if (definition.kind !== Kind.OPERATION_DEFINITION) return definition;
    const selections = definition.selectionSet.selections.map((selection): SelectionNode => {
      if (selection.kind !== Kind.FIELD || selection.name.value !== '_entities' || !selection.selectionSet) return selection;
      found = true;
      const identify = (fragment: InlineFragmentNode): InlineFragmentNode => {
        const typeName = fragment.typeCondition?.name.value;
        const keys = typeName ? (keysByType.get(typeName) ?? []) : [];
        return {
          ...fragment,
          selectionSet: { ...fragment.selectionSet, selections: [...fragment.selectionSet.selections, ...keys.map((key) => aliased(`${KEY_ALIAS_PREFIX}${key}`, key))] },
        };
      };
      return {
        ...selection,
        selectionSet: {
          ...selection.selectionSet,
          selections: [aliased(TYPE_ALIAS, '__typename'), ...selection.selectionSet.selections.map((s) => (s.kind === Kind.INLINE_FRAGMENT ? identify(s) : s))],
        },
      };
    });
    return { ...definition, selectionSet: { ...definition.selectionSet, selections } };
  });
  return found ? print({ ...document, definitions }) : null;
}

export const ENTITY_MISMATCH_MESSAGE = 'A partner service answered for someone other than the person asked about, so that part of the answer was withheld.';

/** Errors a subgraph raised on the identity aliases belong to the check, not to the caller. */
export function isIdentityCheckError(error: { path?: readonly (string | number)[] }): boolean {
  return !!error.path?.some((segment) => typeof segment === 'string' && (segment === TYPE_ALIAS || segment.startsWith(KEY_ALIAS_PREFIX)));
}

/**
 * Entities that could not show what they are (the subgraph failed on an identity alias, and the
 * entity came back null): refused with an error like a mismatch, never a silent null.
 */
export function entitiesThatCouldNotIdentify(errors: readonly { path?: readonly (string | number)[] }[] | undefined): number[] {
  const positions = new Set<number>();
  for (const error of errors ?? []) {
    if (isIdentityCheckError(error) && error.path?.[0] === '_entities' && typeof error.path[1] === 'number') positions.add(error.path[1]);
  }
  return [...positions];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function typeMatches(schema: GraphQLSchema, asked: unknown, answered: unknown): boolean {
  if (typeof asked !== 'string' || typeof answered !== 'string') return false;
  if (asked === answered) return true;
  const askedType = schema.getType(asked);
  const answeredType = schema.getType(answered);
  return !!askedType && !!answeredType && isAbstractType(askedType) && isObjectType(answeredType) && schema.isSubType(askedType, answeredType);
}

/**
 * Checks an `_entities` answer against the representations sent, nulls every entity that does
 * not match (or all of them when the count differs), strips the identity aliases, and returns
 * the positions refused.
 */
export function checkEntityAnswer(schema: GraphQLSchema, representations: unknown[], data: Record<string, Json> | null | undefined): number[] {
  const entities = data?._entities;
  if (!data || entities === undefined || entities === null) return [];
  if (!Array.isArray(entities) || entities.length !== representations.length) {
    data._entities = representations.map(() => null);
    return representations.map((_, index) => index);
  }
  const refused: number[] = [];
  entities.forEach((entity, index) => {
    if (entity === null || typeof entity !== 'object' || Array.isArray(entity)) return;
    const representation = (representations[index] ?? {}) as Record<string, unknown>;
    let matches = typeMatches(schema, representation.__typename, entity[TYPE_ALIAS]);
    for (const key of Object.keys(entity)) {
      if (!key.startsWith(KEY_ALIAS_PREFIX)) continue;
      const field = key.slice(KEY_ALIAS_PREFIX.length);
      // A key the entity cannot show (null) is no proof either way: refused like a wrong one.
      if (representation[field] !== undefined && (entity[key] === null || String(entity[key]) !== String(representation[field]))) matches = false;
      delete entity[key];
    }
    delete entity[TYPE_ALIAS];
    if (!matches) {
      entities[index] = null;
      refused.push(index);
    }
  });
  return refused;
}
