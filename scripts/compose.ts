/**
 * `npm run compose`: rebuilds schema/supergraph.graphql (and each subgraph's SDL) from the code,
 * and the access matrix that lists the supergraph's rules.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { composeSupergraph } from '../gateway/composition';
import { SUPERGRAPH_PATH } from '../gateway/supergraph-file';
import { ACCESS_MATRIX_PATH, renderAccessMatrix } from '../gateway/access/access-matrix';
import { fromRoot } from '../subgraphs/kit/paths';

const composition = composeSupergraph();
writeFileSync(fromRoot(SUPERGRAPH_PATH), composition.supergraphSdl);
mkdirSync(fromRoot('schema/subgraphs'), { recursive: true });
for (const [name, sdl] of Object.entries(composition.subgraphSdl)) writeFileSync(fromRoot('schema/subgraphs', `${name}.graphql`), sdl);
// The matrix lists the rules on the supergraph, so it is regenerated with it.
writeFileSync(fromRoot(ACCESS_MATRIX_PATH), renderAccessMatrix(composition.supergraphSdl));
console.log(`Wrote ${SUPERGRAPH_PATH} from ${Object.keys(composition.subgraphSdl).join(', ')}, and ${ACCESS_MATRIX_PATH}.`);
if (composition.hints.length) {
  console.log('Composition hints:');
  for (const hint of composition.hints) console.log(`  ${hint}`);
}
