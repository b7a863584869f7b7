/**
 * Statements whose parameters travel as PostgreSQL bind parameters, not written into the text.
 * MikroORM's `execute` writes each parameter into the statement as a quoted literal, escaping it
 * character by character in JavaScript; the outcome measures send lists of up to half a megabyte
 * (13,000 windows, 7,600 CRNs), and that escaping and its garbage were a measurable share of the
 * hub's CPU at scale 10. Knex's `raw` sends the values beside the statement instead: the same
 * statement and the same rows.
 */
import type { EntityManager, Knex } from '@mikro-orm/postgresql';

export type BoundSqlRunner = Pick<EntityManager, 'getConnection' | 'getTransactionContext'>;

/** The rows of one statement, `?` marking each binding; inside a transaction, on its connection. */
export async function boundRows<T>(em: BoundSqlRunner, sql: string, bindings: readonly (string | number | boolean | null)[]): Promise<T[]> {
  const query = em.getConnection().getKnex().raw(sql, bindings as never);
  const transaction = em.getTransactionContext<Knex.Transaction>();
  if (transaction) query.transacting(transaction);
  return ((await query) as { rows: T[] }).rows;
}

/** How many times `char` occurs in `text`, without splitting it. */
function occurrences(text: string, char: string): number {
  let count = 0;
  for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) count++;
  return count;
}

/**
 * Packed rows (`packed-rows.ts`) written by PostgreSQL itself: `sql` returns one row, `rows` (how
 * many rows it packed, an int) and `packed` (them, by `string_agg`, never null). Packing
 * thousands of rows in SQL spares node a row object per row and the strings of each; a field that
 * held a tab or a line break would shift the others, so the separators are counted against the
 * rows and fields and the answer is refused when they do not match, as `packRows` refuses it.
 */
export async function packedBySql(em: BoundSqlRunner, sql: string, bindings: readonly (string | number | boolean | null)[], fields: number): Promise<string> {
  const [answer] = await boundRows<{ rows: number; packed: string | null }>(em, sql, bindings);
  const rows = Number(answer?.rows ?? 0);
  const packed = answer?.packed ?? '';
  if (rows === 0 ? packed !== '' : occurrences(packed, '\n') !== rows - 1 || occurrences(packed, '\t') !== rows * (fields - 1)) {
    throw new Error('A packed field may not hold a tab or a line break.');
  }
  return packed;
}
