/** `npm run compose`: rebuilds schema/supergraph.graphql (and each subgraph's SDL) from the code. */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { composeSupergraph, SUPERGRAPH_PATH } from '../gateway/composition';
import { fromRoot } from '../runtime/paths';

const composition = composeSupergraph();
writeFileSync(fromRoot(SUPERGRAPH_PATH), composition.supergraphSdl);
mkdirSync(fromRoot('schema/subgraphs'), { recursive: true });
for (const [name, sdl] of Object.entries(composition.subgraphSdl)) writeFileSync(fromRoot('schema/subgraphs', `${name}.graphql`), sdl);
console.log(`Wrote ${SUPERGRAPH_PATH} from ${Object.keys(composition.subgraphSdl).join(', ')}.`);
if (composition.hints.length) {
  console.log('Composition hints:');
  for (const hint of composition.hints) console.log(`  ${hint}`);
}
