import { buildSchema, GraphQLError, isObjectType, type GraphQLFieldResolver, type GraphQLResolveInfo } from 'graphql';
import type { Caller } from '../../subgraphs/kit/access/caller';
import { enforceAccessRules, type CallerContext, type PolicyEvaluator } from '../../subgraphs/kit/access/enforce';
import type { AccessRule, RuleMap } from '../../subgraphs/kit/access/rules';

const CALLER: Caller = { subject: 's', issuer: 'i', profile: 'p', agency: 'POLICE', role: 'r', team: 't', purpose: 'case-management', scopes: [], rows: 'everyone' };
const CONTEXT: CallerContext = { caller: CALLER };

interface Thing {
  id: string;
  note?: string;
}
const THINGS: Thing[] = [{ id: 'seen', note: 'kept' }, { id: 'hidden', note: 'withheld' }, { id: 'also-seen', note: 'kept too' }];

const rule = (part: Partial<AccessRule>): AccessRule => ({ authenticated: false, scopes: [], policies: [], objectPolicies: [], ...part });

/** A schema whose `Thing` is under the `seen` policy, with resolvers answering as given; the rule's fields, resolvable directly. */
function guardedSchema(policy: PolicyEvaluator, things: () => unknown) {
  const schema = buildSchema('type Thing { id: ID note: String } type Query { things: [Thing] thing: Thing broken: [Thing] }');
  const query = schema.getQueryType()!;
  query.getFields().things.resolve = things;
  query.getFields().thing.resolve = () => THINGS[1];
  query.getFields().broken.resolve = () => {
    throw new Error('the store is down');
  };
  const thing = schema.getType('Thing');
  if (!isObjectType(thing)) throw new Error('Thing is an object type');
  const seenPolicy = [[['seen']]];
  const rules: RuleMap = new Map([
    ['Query.things', rule({ objectPolicies: seenPolicy })],
    ['Query.thing', rule({ objectPolicies: seenPolicy })],
    ['Query.broken', rule({ objectPolicies: seenPolicy })],
    // A field's own policy, judged on the object holding it.
    ['Thing.note', rule({ policies: seenPolicy })],
  ]);
  enforceAccessRules(schema, rules, { seen: policy });
  const resolverOf = (field: { name: string; resolve?: GraphQLFieldResolver<unknown, CallerContext> }) => (source: unknown) =>
    field.resolve!(source, {}, CONTEXT, { fieldName: field.name } as GraphQLResolveInfo) as unknown;
  return { things: resolverOf(query.getFields().things), thing: resolverOf(query.getFields().thing), broken: resolverOf(query.getFields().broken), note: resolverOf(thing.getFields().note) };
}

const seenNow: PolicyEvaluator = (_caller, object) => (object as Thing).id !== 'hidden';
const seenLater: PolicyEvaluator = async (_caller, object) => (object as Thing).id !== 'hidden';

describe('type and field policies', () => {
  it('judged by an evaluator that answers at once: the allowed answer is a plain value, refused objects left out or null', () => {
    const fields = guardedSchema(seenNow, () => THINGS);
    const things = fields.things(undefined);
    expect(things).not.toBeInstanceOf(Promise);
    expect((things as Thing[]).map((t) => t.id)).toEqual(['seen', 'also-seen']);
    expect(fields.thing(undefined)).toBeNull();
    expect(fields.note(THINGS[0])).toBe('kept');
  });

  it('judged by an evaluator that must wait: the same answers, as promises', async () => {
    const fields = guardedSchema(seenLater, () => THINGS);
    const things = fields.things(undefined);
    expect(things).toBeInstanceOf(Promise);
    expect(((await things) as Thing[]).map((t) => t.id)).toEqual(['seen', 'also-seen']);
    expect(await fields.thing(undefined)).toBeNull();
    expect(await fields.note(THINGS[0])).toBe('kept');
  });

  it('an answer that arrives later is judged when it arrives', async () => {
    const fields = guardedSchema(seenNow, async () => THINGS);
    expect(((await fields.things(undefined)) as Thing[]).map((t) => t.id)).toEqual(['seen', 'also-seen']);
  });

  it.each([
    ['at once', seenNow],
    ['after waiting', seenLater],
  ])('a field its own policy refuses, and a resolver that fails, are rejected promises (%s)', async (_how, policy) => {
    const fields = guardedSchema(policy, () => THINGS);
    const refused = fields.note(THINGS[1]);
    expect(refused).toBeInstanceOf(Promise);
    const error = await (refused as Promise<unknown>).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions.code).toBe('FORBIDDEN');
    expect((error as GraphQLError).message).toContain('Thing.note');
    const broken = fields.broken(undefined);
    expect(broken).toBeInstanceOf(Promise);
    await expect(broken).rejects.toThrow('the store is down');
  });

  it('an evaluator that throws refuses nothing silently: the field is a rejected promise', async () => {
    const throwing: PolicyEvaluator = () => {
      throw new Error('cannot judge');
    };
    const fields = guardedSchema(throwing, () => THINGS);
    const things = fields.things(undefined);
    expect(things).toBeInstanceOf(Promise);
    await expect(things).rejects.toThrow('cannot judge');
  });
});
