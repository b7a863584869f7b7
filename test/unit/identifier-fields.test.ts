import 'reflect-metadata';
import { graphql, type GraphQLObjectType } from 'graphql';
import { buildSchema, Ctx, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { IDENTIFIER_FIELDS, IdentifierType } from '../../subgraphs/kit/identifiers';
import { IdentifierFieldResolvers } from '../../subgraphs/kit/identifier-fields';

@ObjectType('IdentifiedThing')
class Thing {
  @Field(() => ID)
  id!: string;
}

interface Context {
  held: Record<string, Partial<Record<IdentifierType, string>>>;
}

@Resolver(() => Thing)
class ThingResolver {
  @Query(() => Thing)
  thing(): Thing {
    return { id: 't1' };
  }

  @FieldResolver(() => String)
  before(@Root() thing: Thing): string {
    return `before ${thing.id}`;
  }

  @IdentifierFieldResolvers<Thing, Context>(async (thing, context, type) => context.held[thing.id]?.[type] ?? null)
  readonly identifierFields?: never;

  @FieldResolver(() => String)
  after(@Root() thing: Thing, @Ctx() context: Context): string {
    return `after ${Object.keys(context.held).length}`;
  }
}

describe('generated identifier field resolvers', () => {
  const schemaPromise = buildSchema({ resolvers: [ThingResolver], validate: false });

  it('adds one nullable string field per identifier type, described, where the placeholder stands', async () => {
    const schema = await schemaPromise;
    const fields = (schema.getType('IdentifiedThing') as GraphQLObjectType).getFields();
    const identifierFields = Object.values(IdentifierType).map((type) => IDENTIFIER_FIELDS[type].field);
    expect(Object.keys(fields)).toEqual(['id', 'before', ...identifierFields, 'after']);
    for (const type of Object.values(IdentifierType)) {
      const field = fields[IDENTIFIER_FIELDS[type].field];
      expect(String(field.type)).toBe('String');
      expect(field.description).toBe(IDENTIFIER_FIELDS[type].description);
    }
  });

  it('answers each field with what the resolver gives for its own type, null where it gives nothing', async () => {
    const schema = await schemaPromise;
    const contextValue: Context = { held: { t1: { [IdentifierType.CRN]: 'X123456', [IdentifierType.NHS_NUMBER]: '9434765919' } } };
    const result = await graphql({ schema, source: '{ thing { pncId crn prisonNumber housingReference treatmentClientId nhsNumber after } }', contextValue });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      thing: { pncId: null, crn: 'X123456', prisonNumber: null, housingReference: null, treatmentClientId: null, nhsNumber: '9434765919', after: 'after 1' },
    });
  });

  it('names every identifier type a distinct field', () => {
    const names = Object.values(IDENTIFIER_FIELDS).map((entry) => entry.field);
    expect(new Set(names).size).toBe(Object.values(IdentifierType).length);
  });
});
