/**
 * Access rules as declared on the schema with Federation's directives, read back from SDL:
 * `@authenticated`, `@requiresScopes(scopes: [[...]])` and `@policy(policies: [[...]])`. The
 * outer list means "any of", the inner "all of", as in the Federation specification.
 */
import { Kind, type ConstDirectiveNode, type DocumentNode, type TypeNode } from 'graphql';
import type { Caller } from './caller';

export interface AccessRule {
  authenticated: boolean;
  /** Each entry must hold: any of its groups, all scopes in a group. */
  scopes: string[][][];
  /** Policies on the field itself: judged on the object that holds the field. */
  policies: string[][][];
  /**
   * Policies on the type the field returns: judged on each object returned, as Pothos'
   * scope-auth does, so a type's policy sees the very thing it guards.
   */
  objectPolicies: string[][][];
}

export type RuleMap = Map<string, AccessRule>;

function stringMatrix(directive: ConstDirectiveNode, argument: string): string[][] {
  const value = directive.arguments?.find((a) => a.name.value === argument)?.value;
  if (!value || value.kind !== Kind.LIST) return [];
  return value.values.map((group) => (group.kind === Kind.LIST ? group.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])) : []));
}

function ruleOf(directives: readonly ConstDirectiveNode[] | undefined): AccessRule | null {
  const rule: AccessRule = { authenticated: false, scopes: [], policies: [], objectPolicies: [] };
  for (const directive of directives ?? []) {
    const name = directive.name.value;
    if (name === 'authenticated') rule.authenticated = true;
    else if (name === 'requiresScopes') rule.scopes.push(stringMatrix(directive, 'scopes'));
    else if (name === 'policy') rule.policies.push(stringMatrix(directive, 'policies'));
  }
  return rule.authenticated || rule.scopes.length || rule.policies.length ? rule : null;
}

function merge(a: AccessRule | null | undefined, b: AccessRule | null | undefined): AccessRule | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return {
    authenticated: a.authenticated || b.authenticated,
    scopes: [...a.scopes, ...b.scopes],
    policies: [...a.policies, ...b.policies],
    objectPolicies: [...a.objectPolicies, ...b.objectPolicies],
  };
}

/** A type's rule as it applies to a field returning that type: its policies judge the returned object. */
function asReturnedTypeRule(rule: AccessRule | null | undefined): AccessRule | null {
  if (!rule) return null;
  return { authenticated: rule.authenticated, scopes: rule.scopes, policies: [], objectPolicies: [...rule.objectPolicies, ...rule.policies] };
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

/**
 * Rules per schema coordinate (`Type.field`). A rule on a type applies to every field that
 * returns it, as Federation defines.
 */
export function readAccessRules(document: DocumentNode): RuleMap {
  const typeRules = new Map<string, AccessRule | null>();
  const fields: { coordinate: string; rule: AccessRule | null; returns: string }[] = [];
  for (const definition of document.definitions) {
    if (!('name' in definition) || !definition.name) continue;
    const typeName = definition.name.value;
    if ('directives' in definition) typeRules.set(typeName, merge(typeRules.get(typeName), ruleOf(definition.directives as readonly ConstDirectiveNode[])));
    if ((definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION || definition.kind === Kind.INTERFACE_TYPE_DEFINITION) && definition.fields) {
      for (const field of definition.fields) {
        fields.push({ coordinate: `${typeName}.${field.name.value}`, rule: ruleOf(field.directives), returns: namedType(field.type) });
      }
    }
  }
  const rules: RuleMap = new Map();
  for (const field of fields) {
    const rule = merge(merge(rules.get(field.coordinate), field.rule), asReturnedTypeRule(typeRules.get(field.returns)));
    if (rule) rules.set(field.coordinate, rule);
  }
  return rules;
}

export type RuleDecision = { allowed: true; deferredPolicies: string[][][]; objectPolicies: string[][][] } | { allowed: false; reason: string };

/**
 * Decides what scopes and authentication alone can decide. Policies depend on the data, so they
 * are returned for whoever holds the data to evaluate.
 */
export function decide(rule: AccessRule | undefined, caller: Caller | null): RuleDecision {
  if (!rule) return { allowed: true, deferredPolicies: [], objectPolicies: [] };
  if ((rule.authenticated || rule.scopes.length || rule.policies.length || rule.objectPolicies.length) && !caller) return { allowed: false, reason: 'sign in first' };
  for (const requirement of rule.scopes) {
    const satisfied = requirement.some((group) => group.every((scope) => caller!.scopes.includes(scope)));
    if (!satisfied) {
      const needed = requirement.map((group) => group.join(' + ')).join(' or ');
      return { allowed: false, reason: `your access profile does not include the ${needed} data category` };
    }
  }
  return { allowed: true, deferredPolicies: rule.policies, objectPolicies: rule.objectPolicies };
}

export const FORBIDDEN_MESSAGE_PREFIX = 'Not allowed';

export function forbiddenMessage(coordinate: string, reason: string): string {
  return `${FORBIDDEN_MESSAGE_PREFIX}: ${coordinate} is withheld because ${reason}.`;
}
