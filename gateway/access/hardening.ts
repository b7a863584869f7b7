/**
 * Limits a justice data hub owes its partners: depth, aliases, tokens, directives and cost (GraphQL
 * Armor), with the limits themselves never revealed in the error, and field suggestions off.
 * Batched JSON arrays and oversized bodies are refused earlier, by the HTTP layer.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';

/** Room for the case conference agenda (about 120 people, every partner's data) and no more. */
export const QUERY_LIMITS = {
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 3000,
  maxDirectives: 50,
  maxCost: 20000,
};

const REFUSED = 'The operation is too large or too complex for the hub; ask for less in one request.';

export function armor(): { plugins: ApolloServerPlugin[]; validationRules: ValidationRule[] } {
  const protection = new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth, exposeLimits: false, errorMessage: REFUSED, ignoreIntrospection: true },
    maxAliases: { n: QUERY_LIMITS.maxAliases, exposeLimits: false, errorMessage: REFUSED },
    maxTokens: { n: QUERY_LIMITS.maxTokens, exposeLimits: false, errorMessage: REFUSED },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives, exposeLimits: false, errorMessage: REFUSED },
    costLimit: { maxCost: QUERY_LIMITS.maxCost, exposeLimits: false, errorMessage: REFUSED, ignoreIntrospection: true },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  return { plugins: protection.plugins, validationRules: protection.validationRules };
}
