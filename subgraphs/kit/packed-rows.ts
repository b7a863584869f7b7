/**
 * Rows packed into one string for the outcome measures' calls between services: one row per
 * line, its fields separated by tabs. A measure over everyone on statutory supervision moves some
 * ten thousand identifiers and windows between IOM and each partner; as GraphQL lists of objects,
 * coercing and completing them field by field cost more CPU than the counting itself, and one
 * string costs almost nothing. Only identifiers, dates and counts travel this way (none holds a
 * tab or a line break); the receiving resolver checks every field as it would a typed argument.
 */
import { badUserInput } from './errors';

const FIELD = '\t';
const ROW = '\n';

/** A field as packed text; one holding a tab or a line break is refused (it would shift the others). */
export function packedField(field: string | number | null): string {
  const text = field === null ? '' : typeof field === 'string' ? field : String(field);
  if (text.includes(FIELD) || text.includes(ROW)) throw new Error('A packed field may not hold a tab or a line break.');
  return text;
}

/**
 * One string for rows of fields; a field holding a tab or a line break is refused (it would shift
 * the others). Built by appending, without an array per row: packing 13,000 windows was a tenth of
 * an outcome measure's CPU, most of it the garbage of those arrays.
 */
export function packRows(rows: readonly (readonly (string | number | null)[])[]): string {
  let packed = '';
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (r > 0) packed += ROW;
    for (let f = 0; f < row.length; f++) packed += (f > 0 ? FIELD : '') + packedField(row[f]);
  }
  return packed;
}

/** How many rows a packed string holds, counted before any is split. */
export function packedRowCount(packed: string): number {
  if (packed === '') return 0;
  let rows = 1;
  for (let at = packed.indexOf(ROW); at !== -1; at = packed.indexOf(ROW, at + 1)) rows++;
  return rows;
}

/** What a packed argument may hold: at most `maxRows` rows, each of `fields.min` to `fields.max` fields. */
export interface PackedArgumentLimits {
  argumentName: string;
  maxRows: number;
  fields: { min: number; max: number };
}

/**
 * The rows of a packed argument, refused with BAD_USER_INPUT when there are more than `maxRows`
 * (checked before splitting) or a row's field count is outside `fields`.
 */
export function unpackRows(packed: string, options: PackedArgumentLimits): string[][] {
  const rows: string[][] = [];
  forEachArgumentRow(packed, options, (row, fields) => rows.push(row.slice(0, fields)));
  return rows;
}

/** The rows of a packed answer from another service (no limit: the asker sized the question). */
export function unpackAnswer(packed: string): string[][] {
  return packed === '' ? [] : packed.split(ROW).map((line) => line.split(FIELD));
}

/**
 * Visits the rows of a packed answer from another service without an array per row: `visit` is
 * given one array, refilled for each row, so it must copy what it keeps of the array itself (the
 * strings are its own). False, and no further row visited, when a row does not hold exactly
 * `fields` fields: the answer does not line up. For answers of thousands of rows, whose arrays
 * were much of the garbage.
 */
export function forEachPackedRow(packed: string, fields: number, visit: (row: readonly string[]) => void): boolean {
  if (packed === '') return true;
  const row: string[] = new Array<string>(fields).fill('');
  let start = 0;
  for (;;) {
    const lineEnd = packed.indexOf(ROW, start);
    const end = lineEnd === -1 ? packed.length : lineEnd;
    let at = start;
    for (let f = 0; f < fields; f++) {
      const tab = packed.indexOf(FIELD, at);
      const last = f === fields - 1;
      // The last field ends the line (a tab in it would be a field too many); the others end at a tab within it.
      if (last ? tab !== -1 && tab < end : tab === -1 || tab > end) return false;
      const fieldEnd = last ? end : tab;
      row[f] = packed.slice(at, fieldEnd);
      at = fieldEnd + 1;
    }
    visit(row);
    if (lineEnd === -1) return true;
    start = lineEnd + 1;
  }
}

/**
 * Visits rows whose field counts vary (a window's ranges) without an array per row: `visit` is
 * given one array, refilled for each row, and how many of its first fields are the row's (the
 * array is never cut: shortening an array is a slow path in V8); it must copy what it keeps of
 * the array itself (the strings are its own).
 */
export function forEachVaryingRow(packed: string, visit: (row: readonly string[], fields: number) => void): void {
  if (packed === '') return;
  const row: string[] = [];
  let start = 0;
  for (;;) {
    const lineEnd = packed.indexOf(ROW, start);
    const end = lineEnd === -1 ? packed.length : lineEnd;
    let fields = 0;
    let at = start;
    for (;;) {
      const tab = packed.indexOf(FIELD, at);
      const fieldEnd = tab === -1 || tab > end ? end : tab;
      if (fields < row.length) row[fields] = packed.slice(at, fieldEnd);
      else row.push(packed.slice(at, fieldEnd));
      fields++;
      if (fieldEnd === end) break;
      at = fieldEnd + 1;
    }
    visit(row, fields);
    if (lineEnd === -1) return;
    start = lineEnd + 1;
  }
}

/**
 * The rows of a packed argument visited as `forEachVaryingRow` visits them, refused with
 * BAD_USER_INPUT as `unpackRows` refuses them (too many rows, checked before any is visited, or a
 * row's field count outside `fields`).
 */
export function forEachArgumentRow(
  packed: string,
  options: PackedArgumentLimits,
  visit: (row: readonly string[], fields: number) => void,
): void {
  const { argumentName, maxRows, fields } = options;
  if (packedRowCount(packed) > maxRows) throw badUserInput(`At most ${maxRows} rows at once.`, { argumentName });
  forEachVaryingRow(packed, (row, count) => {
    if (count < fields.min || count > fields.max) throw badUserInput(`Each row holds ${fields.min === fields.max ? fields.min : `${fields.min} to ${fields.max}`} tab-separated fields.`, { argumentName });
    visit(row, count);
  });
}

/**
 * A PostgreSQL array literal of these texts for one `?::text[]` (or `?::uuid[]`) parameter, each
 * element quoted (a quote or backslash in one is escaped), to be joined to a table as
 * `unnest(?::text[])`. Measured at scale 10, looking up 7,600 CRNs this way took a quarter of the
 * CPU of unpacking a JSON array with `jsonb_array_elements_text`. Not everywhere: `= any(array)`
 * with thousands of elements costs the planner more than it saves, and for a few hundred keys
 * the JSON form may plan better; measure with the statement's real sizes.
 */
export function sqlTextArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
