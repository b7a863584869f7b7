import { buildSchema, getIntrospectionQuery, parse, type OperationDefinitionNode } from 'graphql';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureOperation, QUERY_LIMITS, type OperationLimits } from '../../gateway/access/operation-limits';

// A schema small enough to work every figure out by hand.
const schema = buildSchema(`
  type Query { person(id: ID!): Person  people(first: Int, after: String): PersonConnection  events: [Event] }
  type PersonConnection { edges: [PersonEdge!]!  totalCount: Int }
  type PersonEdge { node: Person }
  type Person { id: ID!  name: String  offences: [Offence]  friend: Person }
  type Offence { date: String }
  interface Event { at: String }
`);

const measure = (query: string, variables: Record<string, unknown> = {}, limits: OperationLimits = QUERY_LIMITS) => {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  return measureOperation(schema, document, operation, variables, limits);
};

describe('operation limits, measured on the client document', () => {
  it('counts fields, depth and cost of a plain selection', () => {
    // person(1) + id(1) + offences(1 + n × date(1)), offences holding the assumed n items;
    // 4 field selections in the document.
    const verdict = measure('{ person(id: "1") { id offences { date } } }');
    expect(verdict).toMatchObject({ ok: true, measure: { depth: 3, fields: 4, cost: 3 + QUERY_LIMITS.assumedListSize, aliases: 0 } });
  });

  it('multiplies a paged field by first, resolving variables and their defaults, and does not multiply its edges again', () => {
    // people(1) + first × (edges(1) + node(1) + id(1)) → 1 + 3n.
    expect(measure('query($n: Int) { people(first: $n) { edges { node { id } } } }', { n: 50 })).toMatchObject({ ok: true, measure: { cost: 151 } });
    expect(measure('query($n: Int = 40) { people(first: $n) { edges { node { id } } } }')).toMatchObject({ ok: true, measure: { cost: 121 } });
    // No first: the default page of 20.
    expect(measure('{ people { edges { node { id } } } }')).toMatchObject({ ok: true, measure: { cost: 61 } });
  });

  it('costs a paged field that answers everything without first by its known size, not the default page', () => {
    const limits = { ...QUERY_LIMITS, listSizes: { 'Query.people': 100 } };
    // people(1) + 100 × (edges(1) + node(1) + id(1)), with first left out or sent as null.
    expect(measure('{ people { edges { node { id } } } }', {}, limits)).toMatchObject({ ok: true, measure: { cost: 301 } });
    expect(measure('query($n: Int) { people(first: $n) { edges { node { id } } } }', { n: null }, limits)).toMatchObject({ ok: true, measure: { cost: 301 } });
    expect(measure('query($n: Int) { people(first: $n) { edges { node { id } } } }', { n: 10 }, limits)).toMatchObject({ ok: true, measure: { cost: 31 } });
  });

  it('refuses five aliased full pages that one page would fit, when first comes in a variable', () => {
    const limits = { ...QUERY_LIMITS, maxCost: 3000 };
    const page = 'people(first: $n) { edges { node { id name } } }';
    // One page of 500: 1 + 500 × 4 = 2,001 ≤ 3,000. Five pages: 10,005.
    expect(measure(`query($n: Int) { ${page} }`, { n: 500 }, limits).ok).toBe(true);
    const five = ['a', 'b', 'c', 'd', 'e'].map((alias) => `${alias}: ${page}`).join(' ');
    expect(measure(`query($n: Int) { ${five} }`, { n: 500 }, limits)).toMatchObject({ ok: false, reason: 'too-large', measure: { cost: 10005, aliases: 5 } });
  });

  it('names the page-size limit when first is over it', () => {
    expect(measure('{ people(first: 100000) { totalCount } }')).toEqual({ ok: false, reason: 'page-size', message: `"first" must be between 1 and ${QUERY_LIMITS.maxPageSize}; it was 100000.` });
    expect(measure('query($n: Int) { people(first: $n) { totalCount } }', { n: 501 })).toMatchObject({ ok: false, reason: 'page-size' });
  });

  it('measures a fragment bomb without expanding it', () => {
    // F0 has 2 fields; each Fn spreads F(n-1) ten times: F8 stands for 2 × 10^8 fields, plus person.
    const fragments = ['fragment F0 on Person { id name }'];
    for (let i = 1; i <= 8; i++) fragments.push(`fragment F${i} on Person { ${Array.from({ length: 10 }, () => `...F${i - 1}`).join(' ')} }`);
    const started = performance.now();
    const verdict = measure(`{ person(id: "1") { ...F8 } } ${fragments.join('\n')}`);
    const elapsed = performance.now() - started;
    expect(verdict).toMatchObject({ ok: false, reason: 'too-large', measure: { fields: 1 + 2 * 10 ** 8 } });
    // Linear work: the expansion it describes would take minutes and gigabytes.
    expect(elapsed).toBeLessThan(50);
  });

  it('refuses fragments that spread themselves or do not exist', () => {
    expect(measure('{ person(id: "1") { ...A } } fragment A on Person { friend { ...B } } fragment B on Person { ...A }')).toMatchObject({ ok: false, reason: 'fragment-cycle' });
    expect(measure('{ person(id: "1") { ...Nowhere } }')).toMatchObject({ ok: false, reason: 'unknown-fragment' });
  });

  it('counts __typename and aliases like any field, and introspection against its own depth limit', () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `t${i}: __typename`).join(' ');
    expect(measure(`{ ${aliases} }`)).toMatchObject({ ok: false, reason: 'too-large', measure: { aliases: 31 } });
    let deep = 'name';
    for (let i = 0; i < 20; i++) deep = `ofType { ${deep} }`;
    expect(measure(`{ __type(name: "Person") { fields { type { ${deep} } } } }`)).toMatchObject({ ok: false, reason: 'too-large' });
    // The standard introspection query, as GraphiQL and code generators send it, fits.
    expect(measure(getIntrospectionQuery()).ok).toBe(true);
  });

  it('lets every operation the hub ships run', () => {
    const supergraph = buildSchema(readFileSync(join(__dirname, '../../schema/supergraph.graphql'), 'utf8'));
    const folder = join(__dirname, '../../schema/operations');
    const files = readdirSync(folder).filter((file) => file.endsWith('.graphql'));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const document = parse(readFileSync(join(folder, file), 'utf8'));
      const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
      const verdict = measureOperation(supergraph, document, operation, {});
      expect({ file, ok: verdict.ok }).toEqual({ file, ok: true });
    }
  });
});
