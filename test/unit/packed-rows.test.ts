import { GraphQLError } from 'graphql';
import { forEachArgumentRow, forEachPackedRow, forEachVaryingRow, packedRowCount, packRows, sqlTextArray, unpackAnswer, unpackRows } from '../../subgraphs/kit/packed-rows';

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

  it('visits rows of any width in one array, saying how many of its fields are the row\'s', () => {
    const seen: string[][] = [];
    forEachVaryingRow('X1\t2025-01-01\t2025-01-31\t2025-03-01\t2025-03-31\nX2\t2025-02-01\t2025-02-02\n\tlast', (row, fields) => seen.push(row.slice(0, fields)));
    // The second row is shorter than the first: what the first left in the array is not the second's.
    expect(seen).toEqual([['X1', '2025-01-01', '2025-01-31', '2025-03-01', '2025-03-31'], ['X2', '2025-02-01', '2025-02-02'], ['', 'last']]);
    forEachVaryingRow('', () => seen.push([]));
    expect(seen).toHaveLength(3);
  });

  it('refuses an argument whose rows are too many or of the wrong width, as unpacking it would', () => {
    const options = { argumentName: 'windows', maxRows: 2, fields: { min: 3, max: 5 } };
    expect(code(() => forEachArgumentRow('a\tb\tc\na\tb\tc\na\tb\tc', options, () => undefined))).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'windows' });
    const visited: number[] = [];
    expect(code(() => forEachArgumentRow('a\tb\tc\na\tb', options, (_row, fields) => visited.push(fields)))).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'windows' });
    expect(code(() => forEachArgumentRow('a\tb\tc\td\te\tf', options, (_row, fields) => visited.push(fields)))).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'windows' });
    expect(visited).toEqual([3]);
    expect(code(() => forEachArgumentRow('a\tb\tc\td\te', options, (_row, fields) => visited.push(fields)))).toBeNull();
    expect(visited).toEqual([3, 5]);
  });
});
