/**
 * The subgraph's own wall: every field with an access rule checks the caller context the
 * gateway signed, so a subgraph is safe even when reached directly. Scopes are checked from the
 * caller alone; policies by the subgraph's evaluators, which look at the data: a field's own
 * policy at the object holding the field, a type's policy at each object of that type returned.
 */
import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { forbidden } from '../errors';
import type { Caller } from './caller';
import type { RowGuard } from './rows';
import { decide, forbiddenMessage, type RuleDecision, type RuleMap } from './rules';

type AllowedDecision = Extract<RuleDecision, { allowed: true }>;

export interface CallerContext {
  caller: Caller | null;
  /** Which people the caller may see; every subgraph request has one. */
  rows?: RowGuard;
}

/** Decides a named policy for one object (the parent of a field, or an object a field returns). */
export type PolicyEvaluator = (caller: Caller, object: unknown, context: CallerContext) => boolean | Promise<boolean>;

/** An answer now, or later when some evaluator has to read first. */
type Verdict<T> = T | Promise<T>;

const isPromise = (value: unknown): value is Promise<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';

/**
 * The policy checks below stay synchronous for as long as the evaluators answer synchronously
 * (a row rule already read for the request), and wait only where one must read: a promise and
 * its callbacks per policy per object returned were most of what a large agenda's checks cost.
 * Policies are still evaluated one after another and stop at the first that decides.
 */
function groupPasses(group: string[], from: number, caller: Caller, object: unknown, context: CallerContext, policies: Record<string, PolicyEvaluator>): Verdict<boolean> {
  for (let i = from; i < group.length; i++) {
    const evaluate = policies[group[i]];
    // An unknown policy is a refusal: a rule nobody can evaluate must not open the data.
    if (!evaluate) return false;
    const verdict = evaluate(caller, object, context);
    if (isPromise(verdict)) return verdict.then((passes) => (passes ? groupPasses(group, i + 1, caller, object, context, policies) : false));
    if (!verdict) return false;
  }
  return true;
}

function anyGroupPasses(groups: string[][], caller: Caller, object: unknown, context: CallerContext, policies: Record<string, PolicyEvaluator>, from = 0): Verdict<boolean> {
  for (let g = from; g < groups.length; g++) {
    const passes = groupPasses(groups[g], 0, caller, object, context, policies);
    if (isPromise(passes)) return passes.then((passed) => passed || anyGroupPasses(groups, caller, object, context, policies, g + 1));
    if (passes) return true;
  }
  return false;
}

function everyRequirementPasses(requirements: string[][][], caller: Caller, object: unknown, context: CallerContext, policies: Record<string, PolicyEvaluator>, from = 0): Verdict<boolean> {
  for (let r = from; r < requirements.length; r++) {
    const passes = anyGroupPasses(requirements[r], caller, object, context, policies);
    if (isPromise(passes)) return passes.then((passed) => passed && everyRequirementPasses(requirements, caller, object, context, policies, r + 1));
    if (!passes) return false;
  }
  return true;
}

const present = (item: unknown) => item !== null && item !== undefined;

/**
 * Keeps what a type's policy allows of a field's answer: an object it refuses becomes null, and
 * is left out of a list, so it is answered exactly as something that does not exist.
 */
function keepAllowed(result: unknown, requirements: string[][][], caller: Caller, context: CallerContext, policies: Record<string, PolicyEvaluator>): unknown {
  if (result === null || result === undefined) return result;
  if (Array.isArray(result)) {
    const judged = result.map((item) => keepAllowed(item, requirements, caller, context, policies));
    return judged.some(isPromise) ? Promise.all(judged).then((items) => items.filter(present)) : judged.filter(present);
  }
  const passes = everyRequirementPasses(requirements, caller, result, context, policies);
  if (isPromise(passes)) return passes.then((passed) => (passed ? result : null));
  return passes ? result : null;
}

export function enforceAccessRules(schema: GraphQLSchema, rules: RuleMap, policies: Record<string, PolicyEvaluator>): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type.name.startsWith('_')) continue;
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      const rule = rules.get(coordinate);
      if (!rule) continue;
      const resolve: GraphQLFieldResolver<unknown, CallerContext> = field.resolve ?? defaultFieldResolver;
      const refusal = (requirement: string[][]) => forbidden(forbiddenMessage(coordinate, `the ${requirement.map((g) => g.join(' + ')).join(' or ')} policy does not allow it here`));
      // The field's own policies at the object holding it, one after another, then the field and its
      // type's policies: decided at once while every evaluator answers at once (an allowed answer
      // stays a plain value), waiting only where one must read. A refusal is a rejected promise, as
      // every refusal here is.
      const guarded = (source: unknown, args: Record<string, unknown>, context: CallerContext, info: GraphQLResolveInfo, decision: AllowedDecision, from = 0): unknown => {
        for (let i = from; i < decision.deferredPolicies.length; i++) {
          const requirement = decision.deferredPolicies[i];
          const passes = anyGroupPasses(requirement, context.caller!, source, context, policies);
          if (isPromise(passes)) {
            return passes.then((passed) => {
              if (!passed) throw refusal(requirement);
              return guarded(source, args, context, info, decision, i + 1);
            });
          }
          if (!passes) return Promise.reject(refusal(requirement));
        }
        const result: unknown = resolve(source, args, context, info);
        if (decision.objectPolicies.length === 0) return result;
        if (isPromise(result)) return result.then((answer) => keepAllowed(answer, decision.objectPolicies, context.caller!, context, policies));
        return keepAllowed(result, decision.objectPolicies, context.caller!, context, policies);
      };
      field.resolve = (source, args, context, info) => {
        const decision = decide(rule, context.caller);
        // Refusals and failures stay rejected promises, as they always were, so errors are reported
        // in the same order.
        if (!decision.allowed) return Promise.reject(forbidden(forbiddenMessage(coordinate, decision.reason)));
        if (decision.deferredPolicies.length > 0 || decision.objectPolicies.length > 0) {
          try {
            return guarded(source, args, context, info, decision);
          } catch (error) {
            return Promise.reject(error);
          }
        }
        // Scopes alone, and they hold: the field answers as it would unguarded (a plain value stays
        // plain). Wrapping every such field in a promise was a large share of a big answer's CPU.
        try {
          return resolve(source, args, context, info);
        } catch (error) {
          return Promise.reject(error);
        }
      };
    }
  }
}
