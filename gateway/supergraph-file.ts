/**
 * The checked-in supergraph and the subgraph addresses written in it. Deliberately light: the
 * gateway process reads its subgraphs from here, so it never loads subgraph code (MikroORM,
 * type-graphql, entities) just to learn their names and ports.
 */
import { readFileSync } from 'node:fs';
import { Kind, parse, type ConstDirectiveNode, type DocumentNode } from 'graphql';
import { envPrefix } from '../subgraphs/kit/environment';
import { fromRoot } from '../subgraphs/kit/paths';

export const SUPERGRAPH_PATH = 'schema/supergraph.graphql';

export function readSupergraph(): string {
  return readFileSync(fromRoot(SUPERGRAPH_PATH), 'utf8');
}

function stringArgument(directive: ConstDirectiveNode, name: string): string | undefined {
  const argument = directive.arguments?.find((a) => a.name.value === name);
  return argument?.value.kind === Kind.STRING ? argument.value.value : undefined;
}

/** Subgraph name → the URL composition wrote for it (`@join__graph` on each `join__Graph` value). */
export function subgraphsInSupergraph(supergraph: string | DocumentNode): Record<string, string> {
  const document = typeof supergraph === 'string' ? parse(supergraph) : supergraph;
  const graphs: Record<string, string> = {};
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const directive = value.directives?.find((d) => d.name.value === 'join__graph');
      const name = directive && stringArgument(directive, 'name');
      const url = directive && stringArgument(directive, 'url');
      if (name && url) graphs[name] = url;
    }
  }
  if (Object.keys(graphs).length === 0) throw new Error('The supergraph names no subgraphs (no join__Graph values): is it a composed supergraph?');
  return graphs;
}

/**
 * Where the gateway finds each subgraph: `<NAME>_URL` (e.g. PEOPLE_URL), else the address in the
 * supergraph.
 */
export function subgraphUrlsFromEnvironment(supergraph: string | DocumentNode, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(Object.entries(subgraphsInSupergraph(supergraph)).map(([name, url]) => [name, env[`${envPrefix(name)}_URL`] || url]));
}

/**
 * Apollo Gateway refuses a supergraph whose auth directives are linked `for: SECURITY` because it
 * does not enforce them itself; the hub does (access/), so the gateway gets a copy without that
 * marker and the rules are read from the original.
 */
export function supergraphForGateway(supergraphSdl: string): string {
  return supergraphSdl.replace(/,\s*for:\s*SECURITY/g, '');
}
