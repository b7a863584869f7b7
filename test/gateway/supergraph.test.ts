import { readFileSync } from 'node:fs';
import { composeSupergraph } from '../../gateway/composition';
import { SUPERGRAPH_PATH } from '../../gateway/supergraph-file';
import { fromRoot } from '../../subgraphs/kit/paths';

describe('the checked-in supergraph', () => {
  it('is exactly what composing the subgraphs gives today (run `npm run compose` after changing a subgraph)', () => {
    const composition = composeSupergraph();
    expect(readFileSync(fromRoot(SUPERGRAPH_PATH), 'utf8')).toBe(composition.supergraphSdl);
    for (const [name, sdl] of Object.entries(composition.subgraphSdl)) {
      expect(readFileSync(fromRoot('schema/subgraphs', `${name}.graphql`), 'utf8')).toBe(sdl);
    }
  });

  it('composes without hints that point at a mistake', () => {
    expect(composeSupergraph().hints).toEqual([]);
  });
});
