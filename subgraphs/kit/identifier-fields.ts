/**
 * One field resolver per partner identifier (`pncId`, `crn`, `prisonNumber`, `housingReference`,
 * `treatmentClientId`, `nhsNumber`), each under the identity scope, generated from
 * `IDENTIFIER_FIELDS` instead of written out six times.
 */
import { Ctx, FieldResolver, Root } from 'type-graphql';
import { RequiresScope, Scope } from './access/directives';
import { IDENTIFIER_FIELDS, IdentifierType } from './identifiers';

export type IdentifierOf<TRoot, TContext> = (root: TRoot, context: TContext, type: IdentifierType) => Promise<string | null>;

/**
 * Put on a placeholder property of a resolver class: adds the identifier fields to the resolver's
 * type at that place among its fields (so the schema keeps its order), each answered by `resolve`.
 */
export function IdentifierFieldResolvers<TRoot, TContext>(resolve: IdentifierOf<TRoot, TContext>): PropertyDecorator {
  return (prototype) => {
    for (const type of Object.values(IdentifierType)) {
      const { field, description } = IDENTIFIER_FIELDS[type];
      const method = function (root: TRoot, context: TContext): Promise<string | null> {
        return resolve(root, context, type);
      };
      Object.defineProperty(prototype, field, { value: method, writable: true, configurable: true });
      const descriptor = Object.getOwnPropertyDescriptor(prototype, field)!;
      // In the order TypeScript applies `@RequiresScope @FieldResolver m(@Root() root, @Ctx() context)`.
      Ctx()(prototype, field, 1);
      Root()(prototype, field, 0);
      FieldResolver(() => String, { nullable: true, description })(prototype, field, descriptor);
      RequiresScope(Scope.IDENTITY)(prototype, field, descriptor);
    }
  };
}
