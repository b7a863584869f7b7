import { buildSchema, parse } from 'graphql';
import { filterOperation, patchAnswer, UnjudgeableOperation, type Json } from '../../gateway/access/operation-filter';
import { readAccessRules } from '../../subgraphs/kit/access/rules';
import { judgeOperation } from '../../gateway/access/access-plugin';
import { QUERY_LIMITS } from '../../gateway/access/operation-limits';
import { callerFor } from '../support/hub';

// A small schema with the shapes the hub's own graph does not have yet (interfaces, unions), to
// prove the filter handles every route a field can be reached by.
const SDL = `
  directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION | OBJECT
  type Query { person(id: ID!): Person  events: [Event] @requiresScopes(scopes: [["identity"]]) }
  type Person { id: ID!  name: String @requiresScopes(scopes: [["identity"]])  offences: [Offence] @requiresScopes(scopes: [["offending"]]) }
  type Offence { date: String  markers: [String] @requiresScopes(scopes: [["police-intelligence"]]) }
  interface Event { at: String }
  type Arrest implements Event { at: String  reason: String @requiresScopes(scopes: [["offending"]]) }
  type Visit implements Event { at: String  note: String }
`;
const schema = buildSchema(SDL);
const rules = readAccessRules(parse(SDL));
const housing = callerFor('housing-officer'); // identity, no offending
const police = callerFor('police-iom-officer'); // identity, offending, police-intelligence

describe('the gateway operation filter', () => {
  it('removes a refused field reached through an alias and a named fragment, and keeps the rest', () => {
    const result = filterOperation(schema, rules, housing, {
      query: 'query Q($id: ID!) { p: person(id: $id) { ...F } } fragment F on Person { id name crimes: offences { date } }',
      operationName: 'Q',
      variables: { id: '1' },
    })!;
    expect(result.removed).toEqual([{ path: ['p', 'crimes'], coordinate: 'Person.offences', reason: expect.stringContaining('offending'), onlyForType: null }]);
    expect(result.query).not.toContain('offences');
    expect(result.query).toContain('name');
    expect(result.disclosed).toEqual(['Person.name']);
  });

  it('removes inside inline fragments on an interface only for the concrete type', () => {
    const result = filterOperation(schema, rules, housing, { query: '{ events { at ... on Arrest { reason } ... on Visit { note } } }' })!;
    expect(result.removed).toEqual([{ path: ['events', 'reason'], coordinate: 'Arrest.reason', reason: expect.any(String), onlyForType: 'Arrest' }]);
    const data: Record<string, Json> = { events: [{ at: '1', __hubTypename: 'Arrest' }, { at: '2', note: 'n', __hubTypename: 'Visit' }] };
    const patched = patchAnswer(data, result.removed, () => 'refused');
    expect(data).toEqual({ events: [{ at: '1', reason: null }, { at: '2', note: 'n' }] });
    expect(patched.errors.map((e) => e.path)).toEqual([['events', 0, 'reason']]);
  });

  it('places an error at every position of a list', () => {
    const result = filterOperation(schema, rules, police, { query: '{ person(id: "1") { offences { date markers } } }' })!;
    expect(result.removed).toEqual([]);
    const refused = filterOperation(schema, rules, housing, { query: '{ person(id: "1") { id offences { date markers } } }' })!;
    const data: Record<string, Json> = { person: { id: '1', __hubPersonId: '1' } };
    const patched = patchAnswer(data, refused.removed, () => 'refused');
    expect(patched.errors.map((e) => e.path)).toEqual([['person', 'offences']]);
    expect(patched.people).toEqual(['1']);

    const probation = callerFor('probation-practitioner'); // offending but not police-intelligence
    const nested = filterOperation(schema, rules, probation, { query: '{ person(id: "1") { offences { date markers } } }' })!;
    const listData: Record<string, Json> = { person: { __hubPersonId: '1', offences: [{ date: 'a' }, { date: 'b' }, { date: 'c' }] } };
    expect(patchAnswer(listData, nested.removed, () => 'refused').errors.map((e) => e.path)).toEqual([
      ['person', 'offences', 0, 'markers'],
      ['person', 'offences', 1, 'markers'],
      ['person', 'offences', 2, 'markers'],
    ]);
    expect(listData.person).toEqual({ offences: [{ date: 'a', markers: null }, { date: 'b', markers: null }, { date: 'c', markers: null }] });
  });

  it('drops variables whose only use was removed, and keeps the operation valid when a selection empties', () => {
    const result = filterOperation(schema, rules, callerFor('analyst'), { query: 'query($id: ID!) { person(id: $id) { name } events { at } }', variables: { id: '1' } })!;
    expect(result.query).toContain('$id');
    const emptied = filterOperation(schema, rules, callerFor('analyst'), { query: 'query($n: Boolean!) { events @include(if: $n) { at } }', variables: { n: true } })!;
    expect(emptied.removed.map((r) => r.coordinate)).toEqual(['Query.events']);
    expect(emptied.query).not.toContain('$n');
    expect(emptied.query).toContain('__hubTypename: __typename');
  });

  it('does not refuse a field that @skip leaves out', () => {
    const result = filterOperation(schema, rules, callerFor('analyst'), { query: 'query($s: Boolean!) { events @skip(if: $s) { at } }', variables: { s: true } })!;
    expect(result.removed).toEqual([]);
  });

  it('throws, never passes through, what it cannot judge: a parse error, a missing operation, a missing or cyclic fragment', () => {
    expect(() => filterOperation(schema, rules, housing, { query: '{ person(' })).toThrow(UnjudgeableOperation);
    expect(() => filterOperation(schema, rules, housing, { query: 'query A { events { at } }', operationName: 'B' })).toThrow(UnjudgeableOperation);
    expect(() => filterOperation(schema, rules, housing, { query: '{ person(id: "1") { ...Missing } }' })).toThrow(UnjudgeableOperation);
    expect(() => filterOperation(schema, rules, housing, { query: '{ person(id: "1") { ...A } } fragment A on Person { ...B } fragment B on Person { ...A }' })).toThrow(UnjudgeableOperation);
  });

  it('adds a __typename only where a removal needs one', () => {
    // Nothing removed under the interface: the selection reaches the planner as the client wrote it.
    const untouched = filterOperation(schema, rules, police, { query: '{ events { at ... on Arrest { reason } } }' });
    expect(untouched.query).not.toContain('__typename');
    // Removed for one concrete type: the answer must say which objects to patch.
    const narrowed = filterOperation(schema, rules, housing, { query: '{ events { at ... on Arrest { reason } } }' });
    expect(narrowed.query).toContain('__hubTypename: __typename');
  });

  it('expands each fragment once however often it is spread, and refuses past its budget', () => {
    // F1 spreads F0 twice, F2 spreads F1 twice …: 2^14 selections when expanded.
    const fragments = ['fragment F0 on Person { id }'];
    for (let i = 1; i <= 14; i++) fragments.push(`fragment F${i} on Person { ...F${i - 1} ...F${i - 1} }`);
    const bomb = `{ person(id: "1") { ...F14 } } ${fragments.join(' ')}`;
    expect(() => filterOperation(schema, rules, police, { query: bomb })).toThrow(UnjudgeableOperation);
    const small = `{ person(id: "1") { ...F3 } } ${fragments.slice(0, 4).join(' ')}`;
    expect(filterOperation(schema, rules, police, { query: small }).query).toContain('id');
  });
});

describe('judging an operation before it runs', () => {
  const generous = { ...QUERY_LIMITS, maxFields: 10 ** 9, maxCost: 10 ** 12 };

  it('refuses and marks for the audit an operation the filter cannot expand within its budget', () => {
    // Past the limits (raised here), the filter's own budget still holds: refused, never run.
    const fragments = ['fragment F0 on Person { id }'];
    for (let i = 1; i <= 14; i++) fragments.push(`fragment F${i} on Person { ...F${i - 1} ...F${i - 1} }`);
    const judgement = judgeOperation(schema, schema, rules, police, { query: `{ person(id: "1") { ...F14 } } ${fragments.join(' ')}` }, generous);
    expect(judgement).toMatchObject({ run: false, audited: true });
  });

  it('answers client mistakes with 400s that are not audited', () => {
    const cases: [string, string][] = [
      ['{ person(', 'GRAPHQL_PARSE_FAILED'],
      ['query($x: NoSuchType) { events { at } }', 'GRAPHQL_VALIDATION_FAILED'],
      ['{ person(id: "1") { nmae } }', 'GRAPHQL_VALIDATION_FAILED'],
    ];
    for (const [query, code] of cases) {
      const judgement = judgeOperation(schema, schema, rules, police, { query });
      expect(judgement.run).toBe(false);
      if (judgement.run) continue;
      expect(judgement.audited).toBe(false);
      expect(judgement.errors[0].extensions).toMatchObject({ code, http: { status: 400 } });
      expect(judgement.errors[0].message).not.toContain('Did you mean');
    }
    expect(judgeOperation(schema, schema, rules, police, { query: 'query A { events { at } }', operationName: 'B' })).toMatchObject({ run: false, audited: false });
  });

  it('refuses to judge without the API schema to validate against', () => {
    expect(judgeOperation(undefined, schema, rules, police, { query: '{ events { at } }' })).toMatchObject({ run: false, audited: true });
  });
});
