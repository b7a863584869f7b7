/** The root query fields of the composed supergraph a caller can reach, for tests that must probe each one. */
import { readFileSync } from 'node:fs';
import { Kind, parse, type ObjectTypeDefinitionNode } from 'graphql';
import { fromRoot } from '../../subgraphs/kit/paths';

/** Sorted; @inaccessible ones are the hub's own, not in the API. A new root field appears here at once. */
export function apiRootQueryFields(): string[] {
  const supergraph = parse(readFileSync(fromRoot('schema/supergraph.graphql'), 'utf8'));
  const queryType = supergraph.definitions.find((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Query')!;
  return queryType.fields!.filter((field) => !field.directives?.some((d) => d.name.value === 'inaccessible')).map((field) => field.name.value).sort();
}
