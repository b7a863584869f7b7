/**
 * A person as one partner knows them: a federation `Person` stub keyed by that partner's own
 * identifier (PNC ID, CRN, housing reference, treatment client ID), and the reference resolver
 * that turns the gateway's representation into it. Every partner answers a representation the
 * same way: a missing, malformed or unknown identifier, or one outside the caller's row rule, is a
 * person the partner knows nothing about (null), never an error; the lookup goes through a
 * DataLoader, so a batch of N people is one statement.
 */
import { LocalDateResolver } from 'graphql-scalars';
import { Directive, Field, ObjectType, type ClassType } from 'type-graphql';
import { AccessPolicyName, RequiresPolicy, RequiresScope, Scope } from './access/directives';
import type { RowGuard } from './access/rows';
import { IDENTIFIER_FIELDS, identifierFromReference, type IdentifierType } from './identifiers';

/** The review window IOM owns and the gateway brings for "since the last review" fields. */
export interface IomReviewWindowFields {
  /** Owned by the IOM subgraph; the gateway brings it when a "since the last review" field needs it. */
  iomLastReviewedOn?: string | null;
  /** Owned by the IOM subgraph: where that window ends (the conference day on an agenda). */
  iomEvidenceUntil?: string | null;
}

export type PartnerPersonFields<TKey extends string> = { [P in TKey]: string } & IomReviewWindowFields;

export interface PartnerPersonOptions<TKey extends string> {
  /** The partner's identifier type, checked and normalised as the kit's identifiers say. */
  identifier: IdentifierType;
  /** The field that holds it, and the federation key: `IDENTIFIER_FIELDS[identifier].field`. */
  key: TKey;
  /** Put the row rule on the type itself (partners whose row rule judges a person by this key). */
  rowsPolicy?: boolean;
  /** Declare IOM's review window as external fields the gateway may bring in the representation. */
  iomReviewWindow?: boolean;
}

const IOM_REVIEW_WINDOW_FIELDS = ['iomLastReviewedOn', 'iomEvidenceUntil'] as const;

/**
 * The `Person` stub: `@key(fields: "<key>")`, the identifier under the identity scope, and IOM's
 * review window as `@external` fields when asked for.
 */
export function PartnerPerson<TKey extends string>(options: PartnerPersonOptions<TKey>): ClassType<PartnerPersonFields<TKey>> {
  if (IDENTIFIER_FIELDS[options.identifier].field !== options.key) throw new Error(`A ${options.identifier} is the field ${IDENTIFIER_FIELDS[options.identifier].field}, not ${options.key}.`);
  class PartnerPersonType {}
  const prototype = PartnerPersonType.prototype;
  RequiresScope(Scope.IDENTITY)(prototype, options.key);
  Field(() => String, { nullable: true, description: IDENTIFIER_FIELDS[options.identifier].description })(prototype, options.key);
  if (options.iomReviewWindow) {
    for (const name of IOM_REVIEW_WINDOW_FIELDS) {
      Field(() => LocalDateResolver, { nullable: true })(prototype, name);
      Directive('@external')(prototype, name);
    }
  }
  // Applied in the order the decorators `@ObjectType @Directive @RequiresPolicy` would be.
  if (options.rowsPolicy) RequiresPolicy(AccessPolicyName.ROWS)(PartnerPersonType);
  Directive(`@key(fields: "${options.key}")`)(PartnerPersonType);
  ObjectType('Person')(PartnerPersonType);
  return PartnerPersonType as ClassType<PartnerPersonFields<TKey>>;
}

/** The reference resolver for a `PartnerPerson`: `find` is the partner's DataLoader lookup by its identifier. */
export function partnerPersonReference<TKey extends string, TContext extends { rows: Pick<RowGuard, 'allows'> }>(
  options: Pick<PartnerPersonOptions<TKey>, 'identifier' | 'key' | 'iomReviewWindow'>,
  find: (context: TContext, value: string) => Promise<object | null>,
): (reference: Record<string, unknown>, context: TContext) => Promise<PartnerPersonFields<TKey> | null> {
  return async (reference, context) => {
    const value = identifierFromReference(options.identifier, reference[options.key]);
    if (!value) return null;
    // Outside the caller's row rule, the partner knows nothing about the person.
    if (!(await context.rows.allows(options.identifier, value))) return null;
    if (!(await find(context, value))) return null;
    const person = { [options.key]: value } as PartnerPersonFields<TKey>;
    if (options.iomReviewWindow) {
      for (const name of IOM_REVIEW_WINDOW_FIELDS) person[name] = typeof reference[name] === 'string' ? (reference[name] as string) : null;
    }
    return person;
  };
}
