import { buildSchema, type GraphQLField } from 'graphql';
import { printSubgraphSchema } from '@apollo/subgraph';
import { auditSubgraph } from '../../subgraphs/audit';
import { buildFederatedSchema } from '../../subgraphs/kit/subgraph';

const scopesOf = (node: { astNode?: { directives?: readonly { name: { value: string }; arguments?: readonly { value: unknown }[] }[] } | null }) =>
  (node.astNode?.directives ?? []).filter((d) => d.name.value === 'requiresScopes').map((d) => JSON.stringify(d.arguments?.[0]?.value));

describe('the audit subgraph schema', () => {
  const sdl = printSubgraphSchema(buildFederatedSchema(auditSubgraph));
  const schema = buildSchema(sdl.replace(/^extend schema[\s\S]*?\n\n/, 'directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION | OBJECT\ndirective @shareable on OBJECT | FIELD_DEFINITION\n\n'));

  it('has no mutation at all: nothing can change or delete a record through the API', () => {
    expect(schema.getMutationType()).toBeUndefined();
    expect(sdl).not.toMatch(/type Mutation/);
  });

  it('puts the audit scope on every query and on the record type', () => {
    const fields = Object.values(schema.getQueryType()!.getFields()) as GraphQLField<unknown, unknown>[];
    expect(fields.map((f) => f.name).sort()).toEqual(['auditRecord', 'auditRecords']);
    for (const field of fields) {
      expect(field.type.toString()).not.toMatch(/!$/);
      expect(scopesOf(field)).toHaveLength(1);
      expect(scopesOf(field)[0]).toContain('"audit"');
    }
    expect(scopesOf(schema.getType('AuditRecord')!)[0]).toContain('"audit"');
  });
});
