import { GraphQLError } from 'graphql';
import { forEachPackedRow, packedRowCount, packRows, sqlTextArray, unpackAnswer, unpackRows } from '../../subgraphs/kit/packed-rows';

const code = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    return error instanceof GraphQLError ? error.extensions : { message: (error as Error).message };
  }
  return null;
};

describe('rows packed into one string', () => {
  it('puts one row on each line and tabs between fields; null is an empty field', () => {
    expect(packRows([['12/345A', '2025-01-01', '2025-06-30'], ['a', 3, null]])).toBe('12/345A\t2025-01-01\t2025-06-30\na\t3\t');
    expect(packRows([])).toBe('');
  });

  it('unpacks what it packed, row by row and field by field', () => {
    const rows = [['P1', 'PNC_ID', '2015/0004201A'], ['P2', 'CRN', 'X123456']];
    expect(unpackAnswer(packRows(rows))).toEqual(rows);
    expect(unpackRows(packRows(rows), { argumentName: 'hubIds', maxRows: 2, fields: { min: 3, max: 3 } })).toEqual(rows);
    expect(unpackAnswer('')).toEqual([]);
  });

  it('refuses a field holding a tab or a line break, which would shift the others', () => {
    expect(() => packRows([['a\tb']])).toThrow('tab or a line break');
    expect(() => packRows([['a\nb']])).toThrow('tab or a line break');
  });

  it('counts the rows before splitting, and refuses more than the limit or a row of the wrong width', () => {
    expect(packedRowCount('')).toBe(0);
    expect(packedRowCount('a')).toBe(1);
    expect(packedRowCount('a\nb\nc')).toBe(3);
    expect(code(() => unpackRows('a\nb\nc', { argumentName: 'values', maxRows: 2, fields: { min: 1, max: 1 } }))).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'values' });
    expect(code(() => unpackRows('a\tb\nc', { argumentName: 'windows', maxRows: 5, fields: { min: 2, max: 2 } }))).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'windows' });
  });
});

describe('lists bound to SQL as one array', () => {
  it('quotes every element and escapes quotes and backslashes, so a comma or brace stays inside its element', () => {
    expect(sqlTextArray(['X123456', 'a"b', 'c\\d', 'e,f}', ''])).toBe('{"X123456","a\\"b","c\\\\d","e,f}",""}');
    expect(sqlTextArray([])).toBe('{}');
  });

  it('visits each row of an answer in order, and stops at one that does not hold the fields asked for', () => {
    const seen: string[][] = [];
    expect(forEachPackedRow('P1\tPNC_ID\t2015/0004201A\nP2\tCRN\t', 3, (row) => seen.push([...row]))).toBe(true);
    expect(seen).toEqual([['P1', 'PNC_ID', '2015/0004201A'], ['P2', 'CRN', '']]);
    expect(forEachPackedRow('', 3, () => seen.push([]))).toBe(true);
    expect(seen).toHaveLength(2);

    const visited: string[] = [];
    expect(forEachPackedRow('a\tb\tc\nd\te\nf\tg\th', 3, (row) => visited.push(row[0]))).toBe(false);
    expect(forEachPackedRow('a\tb\tc\td', 3, (row) => visited.push(row[0]))).toBe(false);
    expect(visited).toEqual(['a']);
  });
});
