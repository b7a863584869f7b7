/**
 * A partner's view of an IOM-owned entity: the `ConferenceEvidence` of one case conference for one
 * person. IOM owns the window (`since`, `until`) and the person; the partner declares them
 * `@external`, and the gateway brings them with the person's identifier in this partner's own key
 * (from the person index), so a partner's answer depends on the conference alone.
 */
import { LocalDateResolver } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType, type ClassType } from 'type-graphql';
import { AccessPolicyName, RequiresPolicy, RequiresScope, Scope, type ScopeName } from './access/directives';
import type { RowGuard } from './access/rows';
import { conferenceWindowFrom, type ConferenceWindow } from './conference-window';
import { identifierFromReference } from './identifiers';
import type { PartnerPersonOptions } from './partner-person';

/** What a partner's evidence holds: the window, and the person's identifier in the partner's key (null when it holds no record). */
export type PartnerConferenceEvidenceFields<TKey extends string, TPerson> = ConferenceWindow & { person?: TPerson | null } & { [P in TKey]: string | null };

/**
 * The `ConferenceEvidence` stub, under the row rule, with IOM's window and person as `@external`
 * fields; `person` is the partner's `PartnerPerson`. The identifier in the partner's key (`TKey`)
 * is no field: it comes in the representation, for the row rule and the loaders. The field
 * resolvers carry `conferenceEvidenceRequires(key)`.
 */
export function PartnerConferenceEvidence<TKey extends string, TPerson extends object>(
  person: ClassType<TPerson>,
): ClassType<PartnerConferenceEvidenceFields<TKey, TPerson>> {
  class ConferenceEvidenceType {}
  const prototype = ConferenceEvidenceType.prototype;
  Field(() => ID)(prototype, 'id');
  // Owned by IOM: the first day of the window and the conference day.
  for (const end of ['since', 'until']) {
    Field(() => LocalDateResolver, { nullable: true })(prototype, end);
    Directive('@external')(prototype, end);
  }
  // Owned by IOM; the gateway brings the partner's identifier for it from the person index.
  Field(() => person, { nullable: true })(prototype, 'person');
  Directive('@external')(prototype, 'person');
  RequiresPolicy(AccessPolicyName.ROWS)(ConferenceEvidenceType);
  Directive('@key(fields: "id")')(ConferenceEvidenceType);
  ObjectType('ConferenceEvidence')(ConferenceEvidenceType);
  return ConferenceEvidenceType as ClassType<PartnerConferenceEvidenceFields<TKey, TPerson>>;
}

/** The `@requires` every evidence field carries: the window and the person's identifier in this partner's key. */
export function conferenceEvidenceRequires(key: string): string {
  return `@requires(fields: "since until person { ${key} }")`;
}

/**
 * Put above an evidence field's `@FieldResolver`: the window is case-conference data and the
 * identifier identity data, so the field needs the partner's own scope and those two, and the row
 * rule; it requires the window and the identifier in the partner's key.
 */
export function ConferenceEvidenceField(scope: ScopeName, key: string): MethodDecorator {
  // Applied in the order `@RequiresScope @RequiresPolicy @Directive` written out would be.
  const decorators: MethodDecorator[] = [Directive(conferenceEvidenceRequires(key)), RequiresPolicy(AccessPolicyName.ROWS), RequiresScope(scope, Scope.CASE_CONFERENCE, Scope.IDENTITY)];
  return (target, propertyKey, descriptor) => {
    for (const decorate of decorators) decorate(target, propertyKey, descriptor);
  };
}

/**
 * The reference resolver: a malformed window is answered as no evidence (null); a person outside
 * the caller's row rule as one who does not exist (null); someone the partner holds no record of
 * as evidence whose identifier is null (its fields answer null: no record, not FORBIDDEN).
 */
export function partnerConferenceEvidenceReference<TKey extends string, TContext extends { rows: Pick<RowGuard, 'allows'> }>(
  options: Pick<PartnerPersonOptions<TKey>, 'identifier' | 'key'>,
  find: (context: TContext, value: string) => Promise<object | null>,
): (reference: { id?: unknown; since?: unknown; until?: unknown; person?: unknown }, context: TContext) => Promise<PartnerConferenceEvidenceFields<TKey, never> | null> {
  return async (reference, context) => {
    const window = conferenceWindowFrom(reference);
    if (!window) return null;
    const person = typeof reference.person === 'object' && reference.person !== null ? (reference.person as Record<string, unknown>) : {};
    const value = identifierFromReference(options.identifier, person[options.key]);
    if (value && !(await context.rows.allows(options.identifier, value))) return null;
    const held = value ? await find(context, value) : null;
    return { ...window, [options.key]: held ? value : null } as PartnerConferenceEvidenceFields<TKey, never>;
  };
}
