import { buildSchema, parse } from 'graphql';
import { readAccessRules } from '../../subgraphs/kit/access/rules';
import { judgeOperation } from '../../gateway/access/access-plugin';
import { documentWeight, JudgementCache, MAX_CACHED_DOCUMENT_BYTES, MAX_CACHED_DOCUMENTS, MAX_CACHED_QUERY_LENGTH, sha256 } from '../../gateway/access/judgement-cache';
import { QUERY_LIMITS } from '../../gateway/access/operation-limits';
import { callerFor } from '../support/hub';

// The same small schema as operation-filter.test.ts: one field per data category.
const SDL = `
  directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION | OBJECT
  type Query { person(id: ID!): Person }
  type Person { id: ID!  name: String @requiresScopes(scopes: [["identity"]])  offences: [Offence] @requiresScopes(scopes: [["offending"]]) }
  type Offence { date: String }
`;
const schema = buildSchema(SDL);
const rules = readAccessRules(parse(SDL));
const housing = callerFor('housing-officer'); // identity, no offending
const police = callerFor('police-iom-officer'); // identity and offending

const QUERY = 'query P($id: ID!, $more: Boolean!) { person(id: $id) { name offences @include(if: $more) { date } } }';

function judged(cache: JudgementCache | undefined, caller: typeof police, variables: Record<string, unknown>, query = QUERY) {
  const judgement = judgeOperation(schema, schema, rules, caller, { query, variables }, QUERY_LIMITS, cache);
  if (!judgement.run) throw new Error(`refused: ${judgement.errors.map((e) => e.message).join('; ')}`);
  return judgement.filtered;
}

describe('the gateway remembering what it judged', () => {
  it('gives every caller and every @include value what judging afresh gives', () => {
    const cache = new JudgementCache();
    const cases: [typeof police, Record<string, unknown>][] = [
      [police, { id: '1', more: true }],
      [housing, { id: '1', more: true }],
      [housing, { id: '2', more: false }],
      [police, { id: '3', more: false }],
    ];
    // Twice round: the second time every answer comes from the cache.
    for (let round = 0; round < 2; round++) {
      for (const [caller, variables] of cases) expect(judged(cache, caller, variables)).toEqual(judged(undefined, caller, variables));
    }
    // The housing officer's offences are refused (the field was included), and only then.
    expect(judged(cache, housing, { id: '1', more: true }).removed.map((f) => f.coordinate)).toEqual(['Person.offences']);
    expect(judged(cache, housing, { id: '1', more: false }).removed).toEqual([]);
    expect(judged(cache, police, { id: '1', more: true }).removed).toEqual([]);
    // One document; one filter per distinct (scopes, @include value): the ids do not multiply them.
    expect(cache.sizes).toEqual({ documents: 1, filters: 4 });
  });

  it('hands out filters no request can change for the next', () => {
    const cache = new JudgementCache();
    judged(cache, housing, { id: '1', more: true });
    const remembered = judged(cache, housing, { id: '1', more: true });
    expect(Object.isFrozen(remembered.removed) && Object.isFrozen(remembered.disclosed)).toBe(true);
  });

  it('remembers only documents that validated, and still refuses an invalid one each time', () => {
    const cache = new JudgementCache();
    for (let i = 0; i < 2; i++) {
      const judgement = judgeOperation(schema, schema, rules, police, { query: '{ person(id: "1") { nmae } }' }, QUERY_LIMITS, cache);
      expect(judgement).toMatchObject({ run: false, audited: false });
    }
    expect(cache.sizes.documents).toBe(0);
  });

  it('still checks the variables of a remembered document against the limits', () => {
    const cache = new JudgementCache();
    const tooDeep = { ...QUERY_LIMITS, maxDepth: 1 };
    judged(cache, police, { id: '1', more: true });
    // The same text under limits it does not meet: measured afresh, refused.
    expect(judgeOperation(schema, schema, rules, police, { query: QUERY, variables: { id: '1', more: true } }, tooDeep, cache)).toMatchObject({ run: false });
  });

  it('forgets everything when the schema changes, and stays within its bounds', () => {
    const cache = new JudgementCache();
    judged(cache, police, { id: '1', more: true });
    cache.clear();
    expect(cache.sizes).toEqual({ documents: 0, filters: 0 });
    for (let i = 0; i < MAX_CACHED_DOCUMENTS + 10; i++) judged(cache, police, { id: '1' }, `{ person(id: "${i}") { name } }`);
    expect(cache.sizes.documents).toBe(MAX_CACHED_DOCUMENTS);
    const long = `{ person(id: "${'x'.repeat(MAX_CACHED_QUERY_LENGTH)}") { name } }`;
    judged(cache, police, {}, long);
    expect(cache.validDocument(long)).toBeUndefined();
    // The audit's hash of a text is the same remembered or not.
    expect(cache.hashOf('{ person(id: "3") { name } }')).toBe(sha256('{ person(id: "3") { name } }'));
    expect(cache.hashOf(long)).toBe(sha256(long));
  });

  it('bounds the documents it keeps by their size as well as their number', () => {
    const cache = new JudgementCache();
    // Documents far larger than an app's: 600 aliased lookups each (the request limits are
    // judged before a document is remembered, so it is handed to the cache directly here).
    const large = (i: number) => `{ ${Array.from({ length: 600 }, (_, j) => `a${j}: person(id: "${i}") { name }`).join(' ')} }`;
    const remember = (i: number) => cache.rememberValid(large(i), parse(large(i), { noLocation: true }));
    remember(0);
    const one = cache.weights.documents;
    // Its text, its hash and 150 bytes for each AST node, counted by hand: the document, its
    // operation and selection set, then for each lookup the field, its alias and name, the
    // argument with its name and value, the sub-selection, and \`name\` with its name: 9.
    expect(one).toBe(documentWeight(large(0), 3 + 600 * 9));
    const fit = Math.floor(MAX_CACHED_DOCUMENT_BYTES / one);
    // The weight binds before the count does.
    expect(fit).toBeLessThan(MAX_CACHED_DOCUMENTS);
    for (let i = 1; i < fit + 20; i++) remember(i);
    expect(cache.sizes.documents).toBe(fit);
    expect(cache.weights.documents).toBeLessThanOrEqual(MAX_CACHED_DOCUMENT_BYTES);
    // The newest are kept, the oldest went.
    expect(cache.validDocument(large(fit + 19))).toBeDefined();
    expect(cache.validDocument(large(0))).toBeUndefined();
  });

  it('keys a filter by the hash of its text, so a long text is held once, by its document', () => {
    const cache = new JudgementCache();
    const query = `query P($id: ID!) { person(id: $id) { name } } ${'#'.repeat(10_000)}`;
    judged(cache, housing, { id: '1' }, query);
    expect(cache.weights.filters).toBeLessThan(1_000);
    expect(cache.weights.documents).toBeGreaterThan(10_000);
  });
});
