import type { SubgraphContext } from '../../kit/subgraph';
import type { IomLoaders } from '../services/iom-loaders';

export type IomContext = SubgraphContext<IomLoaders>;
