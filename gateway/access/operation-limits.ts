/**
 * The size of an operation as the client sent it, measured before anything expands it.
 *
 * Named fragments can multiply: a fragment spread ten times, each spreading another ten times,
 * describes millions of fields in a kilobyte. So every measure here is computed once per fragment
 * and reused at each spread (memoised), which makes the measuring linear in the document's length
 * whatever the expansion would be. Expanded sizes are then compared with the limits, so anything
 * the filter or the planner would later expand is known to be small.
 *
 * Measured, introspection and `__typename` included: depth, field selections, aliases,
 * directives, and a cost in which every list multiplies what is below it — by `first` where the
 * field pages (variables and their defaults resolved), by an assumed list size otherwise.
 */
import {
  GraphQLSchema,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../subgraphs/kit/page-size';

export interface OperationLimits {
  /** Lexical tokens in the document (checked while parsing). */
  maxTokens: number;
  /** Nesting of fields below the root; introspection gets `maxIntrospectionDepth` instead. */
  maxDepth: number;
  maxIntrospectionDepth: number;
  /** Field selections after every fragment is expanded. */
  maxFields: number;
  maxAliases: number;
  maxDirectives: number;
  maxCost: number;
  /** The largest page a paged field (`first`) may ask for; above it the error names the limit. */
  maxPageSize: number;
  /** A paged field without `first` returns this many. */
  defaultPageSize: number;
  /** What an unpaged list is assumed to hold when costing. */
  assumedListSize: number;
  /** Unpaged lists known to be longer, by schema coordinate. */
  listSizes: Record<string, number>;
}

/**
 * Room for the shipped case conference agenda asked whole (cost about 66,000: 120 people — a
 * partnership's IOM caseload, 108 on the seeded agenda — with every partner's data and each
 * person's evidence in the conference's window: treatment appointments, homelessness duties,
 * custody, each partner's record and the disagreement flags took it from about 60,500), a full
 * page of 500 people with the README's partner fields (about 13,500) and the standard
 * introspection query (about 8,300); but not five such pages in one request (67,500). A chair
 * asks for the whole agenda at once, so the limit grew to fit it rather than the agenda being
 * split; a larger agenda is asked in pages (`first`). A unit test keeps every operation in
 * schema/operations within these limits.
 */
export const QUERY_LIMITS: OperationLimits = {
  maxTokens: 3000,
  maxDepth: 12,
  maxIntrospectionDepth: 15,
  maxFields: 1500,
  maxAliases: 30,
  maxDirectives: 50,
  maxCost: 67_000,
  maxPageSize: MAX_PAGE_SIZE,
  defaultPageSize: DEFAULT_PAGE_SIZE,
  assumedListSize: 5,
  // A series holds at most 60 points (the IOM service refuses more).
  listSizes: { 'CaseConference.agenda': 120, 'IomMeasures.reoffendingSeries': 60, 'IomMeasures.outcomesSeries': 60, 'IomMeasures.referralsSeries': 60, 'IomMeasures.cohortMeasuresSeries': 60, 'IomMeasures.releaseHousingSeries': 60, 'IomMeasures.continuityOfCareSeries': 60 },
};

export type LimitVerdict =
  | { ok: true; measure: OperationMeasure }
  | { ok: false; reason: 'too-large' | 'fragment-cycle' | 'unknown-fragment'; measure?: OperationMeasure }
  | { ok: false; reason: 'page-size'; message: string };

export interface OperationMeasure {
  depth: number;
  introspectionDepth: number;
  fields: number;
  aliases: number;
  directives: number;
  cost: number;
}

const ZERO: OperationMeasure = { depth: 0, introspectionDepth: 0, fields: 0, aliases: 0, directives: 0, cost: 0 };

class PageSizeRefusal extends Error {}
class FragmentProblem extends Error {
  constructor(readonly reason: 'fragment-cycle' | 'unknown-fragment') {
    super(reason);
  }
}

function fieldDefinition(parent: GraphQLCompositeType, schema: GraphQLSchema, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === '__typename') return TypeNameMetaFieldDef;
  if (parent === schema.getQueryType()) {
    if (name === '__schema') return SchemaMetaFieldDef;
    if (name === '__type') return TypeMetaFieldDef;
  }
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

/**
 * Measures the chosen operation of a parsed document. Fragments that do not exist or spread
 * themselves are refused here, since nothing later could expand them safely.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: OperationLimits = QUERY_LIMITS,
): LimitVerdict {
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const defaults = new Map<string, unknown>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults.set(definition.variable.name.value, valueFromASTUntyped(definition.defaultValue));
  }
  const fragmentMeasures = new Map<string, OperationMeasure>();
  const measuring = new Set<string>();

  /** The items a paged field returns (null for a field that does not page). */
  const pageSize = (field: FieldNode, definition: GraphQLField<unknown, unknown> | undefined, coordinate: string): number | null => {
    const argument = field.arguments?.find((a) => a.name.value === 'first');
    // Without `first` a paged field returns its default page — or, where it is known to return
    // everything (the agenda), what `listSizes` says.
    if (!argument) return definition?.args.some((a) => a.name === 'first') ? (limits.listSizes[coordinate] ?? limits.defaultPageSize) : null;
    const value = argument.value.kind === Kind.VARIABLE
      ? (variables[argument.value.name.value] ?? defaults.get(argument.value.name.value))
      : valueFromASTUntyped(argument.value);
    if (value === null || value === undefined) return limits.listSizes[coordinate] ?? limits.defaultPageSize;
    if (typeof value !== 'number' || !Number.isFinite(value)) return limits.defaultPageSize;
    if (value > limits.maxPageSize) throw new PageSizeRefusal(`"first" must be between 1 and ${limits.maxPageSize}; it was ${value}.`);
    return Math.max(value, 0);
  };

  // `paged`: this selection set belongs to a field whose `first` already counted its items, so
  // the connection's own lists (edges, nodes) do not multiply again.
  const measureSet = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType | undefined, paged: boolean, introspection: boolean): OperationMeasure => {
    const total = { ...ZERO };
    const add = (m: OperationMeasure, times = 1) => {
      total.depth = Math.max(total.depth, m.depth);
      total.introspectionDepth = Math.max(total.introspectionDepth, m.introspectionDepth);
      total.fields += m.fields * times;
      total.aliases += m.aliases * times;
      total.directives += m.directives * times;
      total.cost += m.cost * times;
    };
    for (const selection of selectionSet.selections) {
      const directives = selection.directives?.length ?? 0;
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        total.directives += directives;
        add(measureFragment(selection.name.value, paged, introspection));
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        total.directives += directives;
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        add(measureSet(selection.selectionSet, condition && isCompositeType(condition) ? condition : undefined, paged, introspection));
        continue;
      }
      const name = selection.name.value;
      const definition = parent ? fieldDefinition(parent, schema, name) : undefined;
      const inIntrospection = introspection || name === '__schema' || name === '__type';
      const own: OperationMeasure = { depth: 1, introspectionDepth: 0, fields: 1, aliases: selection.alias ? 1 : 0, directives, cost: 1 };
      if (selection.selectionSet) {
        const returned = definition ? getNamedType(definition.type) : undefined;
        const coordinate = parent ? `${parent.name}.${name}` : name;
        const first = pageSize(selection, definition, coordinate);
        const isList = !!definition && isListType(getNullableType(definition.type));
        const times = first ?? (isList && !(paged && (name === 'edges' || name === 'nodes')) ? (limits.listSizes[coordinate] ?? limits.assumedListSize) : 1);
        const below = measureSet(selection.selectionSet, returned && isCompositeType(returned) ? returned : undefined, first !== null, inIntrospection);
        // Fields, aliases and directives are counted as the expanded document holds them; only
        // the cost, which estimates the answer, multiplies by the items of a list.
        own.fields += below.fields;
        own.aliases += below.aliases;
        own.directives += below.directives;
        own.cost += below.cost * times;
        // Introspection is asked for only at the root, so its paths are measured apart.
        if (inIntrospection) {
          own.depth = 0;
          own.introspectionDepth = below.introspectionDepth + 1;
        } else {
          own.depth = below.depth + 1;
        }
      } else {
        pageSize(selection, definition, parent ? `${parent.name}.${name}` : name);
        if (inIntrospection) {
          own.depth = 0;
          own.introspectionDepth = 1;
        }
      }
      add(own);
    }
    return total;
  };

  const measureFragment = (name: string, paged: boolean, introspection: boolean): OperationMeasure => {
    const key = `${name}:${paged}:${introspection}`;
    const known = fragmentMeasures.get(key);
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment) throw new FragmentProblem('unknown-fragment');
    if (measuring.has(name)) throw new FragmentProblem('fragment-cycle');
    measuring.add(name);
    const type = schema.getType(fragment.typeCondition.name.value);
    const measure = measureSet(fragment.selectionSet, type && isCompositeType(type) ? type : undefined, paged, introspection);
    measuring.delete(name);
    fragmentMeasures.set(key, measure);
    return measure;
  };

  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  let measure: OperationMeasure;
  try {
    measure = measureSet(operation.selectionSet, root ?? undefined, false, false);
  } catch (error) {
    if (error instanceof PageSizeRefusal) return { ok: false, reason: 'page-size', message: error.message };
    if (error instanceof FragmentProblem) return { ok: false, reason: error.reason };
    throw error;
  }
  measure.directives += operation.directives?.length ?? 0;
  const within =
    measure.depth <= limits.maxDepth &&
    measure.introspectionDepth <= limits.maxIntrospectionDepth &&
    measure.fields <= limits.maxFields &&
    measure.aliases <= limits.maxAliases &&
    measure.directives <= limits.maxDirectives &&
    measure.cost <= limits.maxCost;
  return within ? { ok: true, measure } : { ok: false, reason: 'too-large', measure };
}
