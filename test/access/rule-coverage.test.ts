import { readFileSync } from 'node:fs';
import { buildSchema, getNamedType, isNonNullType, isObjectType, parse, type GraphQLObjectType } from 'graphql';
import { ACCESS_MATRIX_PATH, renderAccessMatrix } from '../../gateway/access/access-matrix';
import { SUPERGRAPH_PATH } from '../../gateway/supergraph-file';
import { fromRoot } from '../../subgraphs/kit/paths';
import { loadAccessPolicy } from '../../subgraphs/kit/access/policy';
import { readAccessRules } from '../../subgraphs/kit/access/rules';

const supergraphSdl = readFileSync(fromRoot(SUPERGRAPH_PATH), 'utf8');
const schema = buildSchema(supergraphSdl);
const rules = readAccessRules(parse(supergraphSdl));
const notPersonal = loadAccessPolicy().notPersonalData;

/**
 * Every field reachable from Person must either carry a rule (which then guards everything below
 * it) or be declared not personal in the policy file, with a reason.
 */
function unguardedFieldsFrom(start: GraphQLObjectType): string[] {
  const unguarded: string[] = [];
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length) {
    const type = queue.shift()!;
    if (seen.has(type.name)) continue;
    seen.add(type.name);
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      if (rules.has(coordinate) && rules.get(coordinate)!.scopes.length > 0) continue;
      if (!(coordinate in notPersonal)) unguarded.push(coordinate);
      const next = getNamedType(field.type);
      if (isObjectType(next)) queue.push(next);
    }
  }
  return unguarded;
}

describe('access rules cover the whole graph', () => {
  it('every field reachable from Person carries a scope rule or is declared not personal', () => {
    expect(unguardedFieldsFrom(schema.getType('Person') as GraphQLObjectType)).toEqual([]);
  });

  it('every root query and mutation needs at least a signed-in caller', () => {
    const roots = [schema.getQueryType(), schema.getMutationType()].filter((t): t is GraphQLObjectType => !!t);
    const open = roots.flatMap((type) => Object.keys(type.getFields()).map((name) => `${type.name}.${name}`)).filter((coordinate) => {
      const rule = rules.get(coordinate);
      return !rule || (!rule.authenticated && rule.scopes.length === 0);
    });
    expect(open).toEqual([]);
  });

  it('only names scopes the policy file defines', () => {
    const known = new Set(Object.keys(loadAccessPolicy().scopes));
    const unknown = [...rules.entries()].flatMap(([coordinate, rule]) => rule.scopes.flat(2).filter((s) => !known.has(s)).map((s) => `${coordinate}: ${s}`));
    expect(unknown).toEqual([]);
  });

  it('the checked-in access matrix is current (run `npm run compose` or `npm run access-matrix`)', () => {
    expect(readFileSync(fromRoot(ACCESS_MATRIX_PATH), 'utf8')).toBe(renderAccessMatrix(supergraphSdl));
  });
});

describe('restricted fields can be withheld', () => {
  it('every field with a scope rule is nullable, so a refusal is a null and never breaks its parent', () => {
    const nonNull = [...rules.entries()]
      .filter(([, rule]) => rule.scopes.length > 0)
      .map(([coordinate]) => coordinate)
      .filter((coordinate) => {
        const [typeName, fieldName] = coordinate.split('.');
        const type = schema.getType(typeName);
        return type && 'getFields' in type && isNonNullType((type as GraphQLObjectType).getFields()[fieldName]?.type);
      });
    expect(nonNull).toEqual([]);
  });
});
