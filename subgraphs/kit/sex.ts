import { registerEnumType } from 'type-graphql';

/**
 * Sex as the partners record it. Shared because the person index holds it and IOM's cohort rules
 * and pathways depend on it, and a subgraph may not import another's entities.
 */
export enum Sex {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
}
registerEnumType(Sex, { name: 'Sex', description: 'Sex as recorded by the partners (the female cohort has its own pathways and capacity).' });
