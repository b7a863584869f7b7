/**
 * What the gateway adds to Apollo Server besides the access filter: field suggestions off
 * everywhere ("Did you mean …?" would reveal the schema to someone who may not see it).
 * The size limits (depth, aliases, tokens, directives, cost) are checked on the client's own
 * document before anything else runs: see operation-limits.ts and access-plugin.ts. Batched
 * JSON arrays and oversized bodies are refused earlier, by the HTTP layer.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';

export function noFieldSuggestions(): ApolloServerPlugin[] {
  const protection = new ApolloArmor({
    blockFieldSuggestion: { enabled: true },
    costLimit: { enabled: false },
    maxAliases: { enabled: false },
    maxDepth: { enabled: false },
    maxDirectives: { enabled: false },
    maxTokens: { enabled: false },
  }).protect();
  return protection.plugins;
}
