/**
 * The subgraph's own wall: every field with an access rule checks the caller context the
 * gateway signed, so a subgraph is safe even when reached directly. Scopes are checked from the
 * caller alone; policies by the subgraph's evaluators, which may look at the data.
 */
import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { forbidden } from '../errors';
import type { Caller } from './caller';
import { decide, forbiddenMessage, type RuleMap } from './rules';

export interface CallerContext {
  caller: Caller | null;
}

/** Decides a named policy for one parent object (the entity whose field is asked for). */
export type PolicyEvaluator = (caller: Caller, source: unknown, context: CallerContext) => boolean | Promise<boolean>;

async function anyGroupPasses(groups: string[][], caller: Caller, source: unknown, context: CallerContext, policies: Record<string, PolicyEvaluator>): Promise<boolean> {
  for (const group of groups) {
    let all = true;
    for (const name of group) {
      const evaluate = policies[name];
      // An unknown policy is a refusal: a rule nobody can evaluate must not open the data.
      if (!evaluate || !(await evaluate(caller, source, context))) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

export function enforceAccessRules(schema: GraphQLSchema, rules: RuleMap, policies: Record<string, PolicyEvaluator>): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type.name.startsWith('_')) continue;
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      const rule = rules.get(coordinate);
      if (!rule) continue;
      const resolve: GraphQLFieldResolver<unknown, CallerContext> = field.resolve ?? defaultFieldResolver;
      field.resolve = async (source, args, context, info) => {
        const decision = decide(rule, context.caller);
        if (!decision.allowed) throw forbidden(forbiddenMessage(coordinate, decision.reason));
        for (const requirement of decision.deferredPolicies) {
          if (!(await anyGroupPasses(requirement, context.caller!, source, context, policies))) {
            throw forbidden(forbiddenMessage(coordinate, `the ${requirement.map((g) => g.join(' + ')).join(' or ')} policy does not allow it here`));
          }
        }
        return resolve(source, args, context, info);
      };
    }
  }
}
