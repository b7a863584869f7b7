/**
 * Answering a `LocalDate` checks it afresh every time (graphql-scalars: a pattern, a `Date` built
 * and printed back), and a case conference agenda answers tens of thousands of them: several per
 * cent of a subgraph's CPU. A day that passed the check once passes it again, so each process
 * remembers the days it has answered (a bounded set: a few thousand distinct days in practice) and
 * checks only the ones it has not seen. A value that fails is never remembered and fails exactly
 * as before; what clients send (`parseValue`, `parseLiteral`) is checked every time, as it was.
 */
import { LocalDateResolver } from 'graphql-scalars';

/** Days remembered at most before the set starts again. */
export const REMEMBERED_DAYS = 20_000;

const checked = new Set<unknown>();
const checkAfresh = LocalDateResolver.serialize.bind(LocalDateResolver);

LocalDateResolver.serialize = (value: unknown): string => {
  if (checked.has(value)) return value as string;
  const answer = checkAfresh(value);
  if (checked.size >= REMEMBERED_DAYS) checked.clear();
  // Only a string that was answered as itself is remembered.
  if (typeof value === 'string' && answer === value) checked.add(value);
  return answer;
};
