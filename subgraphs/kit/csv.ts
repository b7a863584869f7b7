/**
 * A GraphQL answer as CSV, for callers who ask with `Accept: text/csv`: one row per element of
 * the first list of objects in the answer (a series, a page of people…), or one row when it holds none;
 * the columns are the leaf fields' paths (`measure.detected.offencesBefore`). A list inside a row
 * is joined with "; ". Text that a spreadsheet would run as a formula is prefixed with a quote.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function leaves(value: Json, prefix: string, into: Map<string, string>): void {
  if (Array.isArray(value)) {
    into.set(prefix, value.map((item) => (item !== null && typeof item === 'object' ? JSON.stringify(item) : String(item))).join('; '));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) leaves(child, prefix ? `${prefix}.${key}` : key, into);
  } else {
    into.set(prefix, value === null ? '' : String(value));
  }
}

/** The first list of objects, depth first in field order; null when there is none (a list of values is a cell). */
function firstList(value: Json, path: string[] = []): { path: string[]; items: Json[] } | null {
  if (Array.isArray(value)) return value.some((item) => item !== null && typeof item === 'object' && !Array.isArray(item)) ? { path, items: value } : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    const found = firstList(child, [...path, key]);
    if (found) return found;
  }
  return null;
}

function cell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function answerAsCsv(data: Json): string {
  const list = firstList(data);
  const rows: Map<string, string>[] = [];
  if (list) {
    for (const item of list.items) {
      const row = new Map<string, string>();
      leaves(item, '', row);
      rows.push(row);
    }
  } else {
    const row = new Map<string, string>();
    leaves(data, '', row);
    rows.push(row);
  }
  const columns = [...new Set(rows.flatMap((row) => [...row.keys()]))];
  const lines = [columns.map(cell).join(','), ...rows.map((row) => columns.map((column) => cell(row.get(column) ?? '')).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

export function wantsCsv(accept: string | undefined): boolean {
  return !!accept && /(^|,)\s*text\/csv\s*(;|,|$)/i.test(accept);
}
