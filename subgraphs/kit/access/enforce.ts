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

async function anyGroupPasses(groups: string[][], caller: Caller, object: unknown, context: CallerContext, policies: Record<string, PolicyEvaluator>): Promise<boolean> {
  for (const group of groups) {
    let all = true;
    for (const name of group) {
      const evaluate = policies[name];
      // An unknown policy is a refusal: a rule nobody can evaluate must not open the data.
      if (!evaluate || !(await evaluate(caller, object, context))) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

async function everyRequirementPasses(requirements: string[][][], caller: Caller, object: unknown, context: CallerContext, policies: Record<string, PolicyEvaluator>): Promise<boolean> {
  for (const requirement of requirements) {
    if (!(await anyGroupPasses(requirement, caller, object, context, policies))) return false;
  }
  return true;
}

/**
 * Keeps what a type's policy allows of a field's answer: an object it refuses becomes null, and
 * is left out of a list, so it is answered exactly as something that does not exist.
 */
async function keepAllowed(result: unknown, requirements: string[][][], caller: Caller, context: CallerContext, policies: Record<string, PolicyEvaluator>): Promise<unknown> {
  if (result === null || result === undefined) return result;
  if (Array.isArray(result)) {
    const judged = await Promise.all(result.map((item) => keepAllowed(item, requirements, caller, context, policies)));
    return judged.filter((item) => item !== null && item !== undefined);
  }
  return (await everyRequirementPasses(requirements, caller, result, context, policies)) ? result : null;
}

export function enforceAccessRules(schema: GraphQLSchema, rules: RuleMap, policies: Record<string, PolicyEvaluator>): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type.name.startsWith('_')) continue;
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      const rule = rules.get(coordinate);
      if (!rule) continue;
      const resolve: GraphQLFieldResolver<unknown, CallerContext> = field.resolve ?? defaultFieldResolver;
      const guarded = async (source: unknown, args: Record<string, unknown>, context: CallerContext, info: GraphQLResolveInfo, decision: AllowedDecision): Promise<unknown> => {
        for (const requirement of decision.deferredPolicies) {
          if (!(await anyGroupPasses(requirement, context.caller!, source, context, policies))) {
            throw forbidden(forbiddenMessage(coordinate, `the ${requirement.map((g) => g.join(' + ')).join(' or ')} policy does not allow it here`));
          }
        }
        const result: unknown = await resolve(source, args, context, info);
        if (decision.objectPolicies.length === 0) return result;
        return keepAllowed(result, decision.objectPolicies, context.caller!, context, policies);
      };
      field.resolve = (source, args, context, info) => {
        const decision = decide(rule, context.caller);
        // Refusals and failures stay rejected promises, as they always were, so errors are reported
        // in the same order.
        if (!decision.allowed) return Promise.reject(forbidden(forbiddenMessage(coordinate, decision.reason)));
        if (decision.deferredPolicies.length > 0 || decision.objectPolicies.length > 0) return guarded(source, args, context, info, decision);
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
