/**
 * A partner's view of an IOM-owned entity: the `ConferenceEvidence` of one case conference for one
 * person. IOM owns the window (`since`, `until`) and the person; the partner declares them
 * `@external`, and the gateway brings them with the person's identifier in this partner's own key
 * (from the person index), so a partner's answer depends on the conference alone. IOM also owns
 * the agenda's `AgendaSummary`; a partner adds counts to it over the same windows.
 */
import { LocalDateResolver } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType, type ClassType } from 'type-graphql';
import { AccessPolicyName, RequiresAnyScopes, RequiresPolicy, RequiresScope, Scope, type ScopeName } from './access/directives';
import type { RowGuard } from './access/rows';
import { conferenceWindowFrom, type ConferenceWindow } from './conference-window';
import { identifierFromReference } from './identifiers';
import type { PartnerPersonOptions } from './partner-person';

/**
 * What a partner's evidence holds: the window, the person's identifier in the partner's key, and
 * the partner's record of the person (the row its reference resolver loaded); both null when it
 * holds no record.
 */
export type PartnerConferenceEvidenceFields<TKey extends string, TPerson, TRecord = unknown> = ConferenceWindow & { person?: TPerson | null; record?: TRecord | null } & {
  [P in TKey]: string | null;
};

/**
 * The `ConferenceEvidence` stub, under the row rule, with IOM's window and person as `@external`
 * fields; `person` is the partner's `PartnerPerson`. The identifier in the partner's key (`TKey`)
 * is no field: it comes in the representation, for the row rule and the loaders. The field
 * resolvers carry `conferenceEvidenceRequires(key)`.
 */
export function PartnerConferenceEvidence<TKey extends string, TPerson extends object, TRecord = unknown>(
  person: ClassType<TPerson>,
): ClassType<PartnerConferenceEvidenceFields<TKey, TPerson, TRecord>> {
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
  return ConferenceEvidenceType as ClassType<PartnerConferenceEvidenceFields<TKey, TPerson, TRecord>>;
}

/** The `@requires` every evidence field carries: the window and the person's identifier in this partner's key. */
export function conferenceEvidenceRequires(key: string): string {
  return `@requires(fields: "since until person { ${key} }")`;
}

/** The partner's scope (or any one of several) with the window's: case-conference and identity data. */
function windowScopes(scope: ScopeName | readonly ScopeName[]): MethodDecorator {
  if (typeof scope === 'string') return RequiresScope(scope, Scope.CASE_CONFERENCE, Scope.IDENTITY);
  return RequiresAnyScopes(...scope.map((oneOf) => [oneOf, Scope.CASE_CONFERENCE, Scope.IDENTITY]));
}

/** Decorators applied as if written out in order (type-graphql reads them last first). */
function writtenOut(decorators: MethodDecorator[]): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    for (const decorate of [...decorators].reverse()) decorate(target, propertyKey, descriptor);
  };
}

/**
 * Put above an evidence field's `@FieldResolver`: the window is case-conference data and the
 * identifier identity data, so the field needs the partner's own scope and those two, and the row
 * rule; it requires the window and the identifier in the partner's key. An array of scopes means
 * any one of them (a field drawn from either of a partner's scopes, such as its record).
 */
export function ConferenceEvidenceField(scope: ScopeName | readonly ScopeName[], key: string): MethodDecorator {
  return writtenOut([windowScopes(scope), RequiresPolicy(AccessPolicyName.ROWS), Directive(conferenceEvidenceRequires(key))]);
}

/**
 * The reference resolver: a malformed window is answered as no evidence (null); a person outside
 * the caller's row rule as one who does not exist (null); someone the partner holds no record of
 * as evidence whose identifier is null (its fields answer null: no record, not FORBIDDEN).
 */
export function partnerConferenceEvidenceReference<TKey extends string, TContext extends { rows: Pick<RowGuard, 'allows'> }, TRecord extends object = object>(
  options: Pick<PartnerPersonOptions<TKey>, 'identifier' | 'key'>,
  find: (context: TContext, value: string) => Promise<TRecord | null>,
): (reference: AgendaWindowReference, context: TContext) => Promise<PartnerConferenceEvidenceFields<TKey, never, TRecord> | null> {
  return async (reference, context) => {
    const window = conferenceWindowFrom(reference);
    if (!window) return null;
    const person = typeof reference.person === 'object' && reference.person !== null ? (reference.person as Record<string, unknown>) : {};
    const value = identifierFromReference(options.identifier, person[options.key]);
    if (value && !(await context.rows.allows(options.identifier, value))) return null;
    const held = value ? await find(context, value) : null;
    return { ...window, record: held, [options.key]: held ? value : null } as PartnerConferenceEvidenceFields<TKey, never, TRecord>;
  };
}

/** One person's window on an agenda, as a conference-evidence or agenda-summary representation carries it. */
export interface AgendaWindowReference {
  id?: unknown;
  since?: unknown;
  until?: unknown;
  person?: unknown;
}

export interface PartnerAgendaSummaryFields {
  id: string;
  /** Owned by IOM: each visible person's window on the agenda. */
  evidence?: AgendaWindowReference[] | null;
}

/**
 * The `AgendaSummary` stub a partner counts over: IOM's `evidence` (each visible person's window)
 * as an `@external` list of the partner's `ConferenceEvidence`. Its count fields carry
 * `@AgendaSummaryCount(scope, key)`.
 */
export function PartnerAgendaSummary(evidence: ClassType<object>): ClassType<PartnerAgendaSummaryFields> {
  class AgendaSummaryType {}
  const prototype = AgendaSummaryType.prototype;
  Field(() => ID)(prototype, 'id');
  Field(() => [evidence], { nullable: true })(prototype, 'evidence');
  Directive('@external')(prototype, 'evidence');
  Directive('@key(fields: "id")')(AgendaSummaryType);
  ObjectType('AgendaSummary')(AgendaSummaryType);
  return AgendaSummaryType as ClassType<PartnerAgendaSummaryFields>;
}

/**
 * Put above a summary count's `@FieldResolver`: the windows it reads are rows-guarded conference
 * evidence (the rule on each person is checked as `countOnAgenda` reads them), so it needs what an
 * evidence field needs and requires every window with the identifier in the partner's key.
 */
export function AgendaSummaryCount(scope: ScopeName, key: string): MethodDecorator {
  return writtenOut([windowScopes(scope), RequiresPolicy(AccessPolicyName.ROWS), Directive(`@requires(fields: "evidence { id since until person { ${key} } }")`)]);
}

/**
 * A partner's agenda summary is only ever reached with the agenda's windows in the representation
 * (its fields @require them from IOM): the id and those windows are all it is.
 */
export function partnerAgendaSummaryReference(reference: { id?: unknown; evidence?: unknown }): PartnerAgendaSummaryFields | null {
  return typeof reference.id === 'string' ? { id: reference.id, evidence: Array.isArray(reference.evidence) ? (reference.evidence as AgendaWindowReference[]) : [] } : null;
}

/**
 * A partner's agenda summary names no one itself: its counts check every person's row rule as
 * they read them, so the `rows` policy lets the summary through.
 */
export function isAgendaSummary(object: unknown): boolean {
  return typeof object === 'object' && object !== null && 'evidence' in object && Array.isArray((object as { evidence: unknown }).evidence) && !('since' in object);
}

/**
 * How many people on the agenda a partner counts: each window is read as the partner's evidence
 * reference resolver reads one (row rule included), then tested. Loaders batch the lot.
 */
export async function countOnAgenda<TFound>(
  windows: AgendaWindowReference[] | null | undefined,
  resolve: (reference: AgendaWindowReference) => Promise<TFound | null>,
  counts: (found: TFound) => Promise<boolean>,
): Promise<number> {
  const counted = await Promise.all(
    (windows ?? []).map(async (window) => {
      const found = await resolve({ id: 'summary', ...window });
      return !!found && (await counts(found));
    }),
  );
  return counted.filter(Boolean).length;
}
