/** `npm run access-matrix`: regenerates schema/access-matrix.md from the policy and the supergraph. */
import { readFileSync, writeFileSync } from 'node:fs';
import { ACCESS_MATRIX_PATH, renderAccessMatrix } from '../gateway/access/access-matrix';
import { SUPERGRAPH_PATH } from '../gateway/supergraph-file';
import { fromRoot } from '../subgraphs/kit/paths';

writeFileSync(fromRoot(ACCESS_MATRIX_PATH), renderAccessMatrix(readFileSync(fromRoot(SUPERGRAPH_PATH), 'utf8')));
console.log(`Wrote ${ACCESS_MATRIX_PATH}.`);
