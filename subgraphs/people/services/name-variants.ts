/**
 * Forenames that are variants of one name (Jon / Jonathan, Bill / William), read from the table
 * in `../data/forename-variants.json`: a list kept as data so it can grow without code changes.
 */
import table from '../data/forename-variants.json';

/** Letters only, lower case: how names are compared everywhere in matching. */
export const normaliseName = (name: string): string => name.normalize('NFKD').toLowerCase().replace(/[^a-z]/g, '');

const groupsByName = new Map<string, Set<number>>();
(table.groups as string[][]).forEach((group, index) => {
  for (const name of group) {
    const key = normaliseName(name);
    if (!groupsByName.has(key)) groupsByName.set(key, new Set());
    groupsByName.get(key)!.add(index);
  }
});

/** True when the two (normalised) forenames differ but one group of the table holds both. */
export function areForenameVariants(a: string, b: string): boolean {
  if (a === b) return false;
  const mine = groupsByName.get(a);
  const theirs = groupsByName.get(b);
  if (!mine || !theirs) return false;
  for (const group of mine) if (theirs.has(group)) return true;
  return false;
}

/** Every forename of the table that is a variant of this one (itself not included). */
export function variantsOf(forename: string): string[] {
  const groups = groupsByName.get(forename);
  if (!groups) return [];
  const names = new Set<string>();
  for (const group of groups) for (const name of (table.groups as string[][])[group]) names.add(normaliseName(name));
  names.delete(forename);
  return [...names];
}
