/**
 * Composes the subgraphs' SDL into the supergraph the gateway serves. Used by `npm run compose`
 * and by the test that keeps the checked-in supergraph honest.
 */
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { SUBGRAPHS } from '../subgraphs';
import { buildFederatedSchema, type AnySubgraphDefinition } from '../subgraphs/kit/subgraph';


export interface Composition {
  supergraphSdl: string;
  subgraphSdl: Record<string, string>;
  hints: string[];
}

/** The local default address of a subgraph, written into the supergraph (the gateway overrides it from `<NAME>_URL`). */
export function defaultSubgraphUrl(subgraph: AnySubgraphDefinition): string {
  return `http://127.0.0.1:${subgraph.defaultPort}/graphql`;
}

export function composeSupergraph(subgraphs: AnySubgraphDefinition[] = SUBGRAPHS): Composition {
  const subgraphSdl: Record<string, string> = {};
  const services = subgraphs.map((subgraph) => {
    const sdl = printSubgraphSchema(buildFederatedSchema(subgraph));
    subgraphSdl[subgraph.name] = sdl;
    return { name: subgraph.name, url: defaultSubgraphUrl(subgraph), typeDefs: parse(sdl) };
  });
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => `- ${error.message}`).join('\n')}`);
  }
  return { supergraphSdl: result.supergraphSdl, subgraphSdl, hints: result.hints.map((hint) => `${hint.definition.code}: ${hint.message}`) };
}
