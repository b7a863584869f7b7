export { fromRoot, projectRoot } from '../subgraphs/kit/paths';
