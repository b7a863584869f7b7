/**
 * Every subgraph of the hub. Adding a subgraph means adding it here: start-up, seeding,
 * composition and the tests all read this list.
 */
// Every subgraph's classes carry type-graphql and MikroORM decorators, which need the metadata
// API loaded first: whoever reaches a subgraph through this list (composition, start-up, tests) gets it.
import 'reflect-metadata';
import type { AnySubgraphDefinition } from './kit/subgraph';
import { peopleSubgraph } from './people';
import { policeSubgraph } from './police';
import { probationSubgraph } from './probation';
import { housingSubgraph } from './housing';
import { substanceMisuseSubgraph } from './substance-misuse';
import { iomSubgraph } from './iom';
import { auditSubgraph } from './audit';

export const SUBGRAPHS: AnySubgraphDefinition[] = [
  peopleSubgraph,
  policeSubgraph,
  probationSubgraph,
  housingSubgraph,
  substanceMisuseSubgraph,
  iomSubgraph,
  auditSubgraph,
];

export function subgraphNamed(name: string): AnySubgraphDefinition {
  const found = SUBGRAPHS.find((subgraph) => subgraph.name === name);
  if (!found) throw new Error(`No subgraph is called "${name}"; known: ${SUBGRAPHS.map((s) => s.name).join(', ')}.`);
  return found;
}
