/**
 * Police count offences in the windows an outcome measure supplies, in one statement that reads
 * each PNC ID's offences once (from the first day of its windows to the last) and packs the
 * answer itself: a line per window in the order asked, `recorded<TAB>detected`. Hand-built
 * offences on an empty police database, counts worked out by hand below.
 */
import 'reflect-metadata';
import { SUBGRAPHS } from '../../subgraphs';
import { openSubgraphDatabase, type SubgraphDatabase } from '../../subgraphs/kit/database';
import { packedBySql } from '../../subgraphs/kit/bound-sql';
import { packedOffenceCountsByCrimeType, packedOffenceCountsInWindows, WindowRanges } from '../../subgraphs/police/services/offence-counts';
import { ownDatabases } from '../support/own-databases';

const A = '2015/0000001A';
const B = '2016/0000002B';
const C = '2017/0000003C';
const NONE = '2018/0000004D';
const E = '2019/0000005E';

describe('offences counted in windows, packed by PostgreSQL', () => {
  let database: SubgraphDatabase;
  beforeAll(async () => {
    const urls = await ownDatabases('offence_counts', { empty: ['police'] });
    database = await openSubgraphDatabase(SUBGRAPHS.find((subgraph) => subgraph.name === 'police')!, urls.police);
    const offences: [string, string, string | null][] = [
      [A, '2025-01-05', 'CHARGE'],
      [A, '2025-01-20', 'NO_FURTHER_ACTION'],
      [A, '2025-02-10', null],
      [A, '2025-06-01', 'CAUTION'],
      [B, '2024-12-31', 'COMMUNITY_RESOLUTION'],
      // Nobody asks about C: its offence, inside every window's days, must not be counted.
      [C, '2025-01-10', 'CHARGE'],
    ];
    for (const [pncId, committedOn, outcome] of offences) {
      await database.orm.em.getConnection().execute(`insert into police_offence (pnc_id, committed_on, crime_type, outcome) values (?, ?, 'BURGLARY_RESIDENTIAL', ?)`, [pncId, committedOn, outcome]);
    }
  });
  afterAll(() => database?.orm.close());

  it('answers a line per window in the order asked, each offence counted once however its ranges overlap', async () => {
    const windows = new WindowRanges();
    const add = (pncId: string, ...days: string[]) => windows.add(pncId, [pncId, ...days], 1);
    // 0: A in January: 5th (charged, detected) and 20th (no further action) → 2 recorded, 1 detected.
    add(A, '2025-01-01', '2025-01-31');
    // 1: A in February–March and May–June: 10 Feb (no outcome yet) and 1 June (caution) → 2, 1.
    add(A, '2025-02-01', '2025-03-31', '2025-05-01', '2025-06-30');
    // 2: B in 2025: its one offence is on 31 December 2024 → none.
    add(B, '2025-01-01', '2025-12-31');
    // 3: A, two ranges out of order that overlap (20 January is in both) → 5 Jan, 20 Jan, 10 Feb: 3, 1.
    add(A, '2025-01-15', '2025-02-15', '2025-01-01', '2025-01-20');
    // 4: a PNC ID with no offences at all → none.
    add(NONE, '2025-01-01', '2025-12-31');
    // 5: B on the one day of its offence (both ends included) → 1, 1.
    add(B, '2024-12-31', '2024-12-31');
    expect(await packedOffenceCountsInWindows(database.orm.em.fork(), windows)).toBe('2\t1\n2\t1\n0\t0\n3\t1\n0\t0\n1\t1');
  });

  it('answers nothing for no windows', async () => {
    expect(await packedOffenceCountsInWindows(database.orm.em.fork(), new WindowRanges())).toBe('');
    expect(await packedOffenceCountsByCrimeType(database.orm.em.fork(), new WindowRanges())).toBe('');
  });

  it('counts per crime type a line per window and type with an offence, by window then type, each offence once', async () => {
    const em = database.orm.em.fork();
    // E's offences, asked about only here: two shopliftings (one charged) and a burglary (cautioned) in March 2025.
    for (const [committedOn, crimeType, outcome] of [
      ['2025-03-01', 'SHOPLIFTING', 'CHARGE'],
      ['2025-03-05', 'SHOPLIFTING', null],
      ['2025-03-10', 'BURGLARY_RESIDENTIAL', 'CAUTION'],
    ]) {
      await em.getConnection().execute(`insert into police_offence (pnc_id, committed_on, crime_type, outcome) values (?, ?, ?, ?)`, [E, committedOn, crimeType, outcome]);
    }
    const windows = new WindowRanges();
    const add = (pncId: string, ...days: string[]) => windows.add(pncId, [pncId, ...days], 1);
    // 0: out of order and overlapping on 4–5 March: together 1–31 March → shoplifting 2 recorded, 1 detected; burglary 1, 1.
    add(E, '2025-03-04', '2025-03-31', '2025-03-01', '2025-03-05');
    // 1: no offences → no line.
    add(NONE, '2025-01-01', '2025-12-31');
    // 2: the day of the burglary alone → burglary 1, 1.
    add(E, '2025-03-10', '2025-03-10');
    expect(await packedOffenceCountsByCrimeType(em, windows)).toBe('0\tBURGLARY_RESIDENTIAL\t1\t1\n0\tSHOPLIFTING\t2\t1\n2\tBURGLARY_RESIDENTIAL\t1\t1');
  });

  it('refuses a packed answer whose field held a tab or a line break, which would shift the others', async () => {
    const em = database.orm.em.fork();
    expect(await packedBySql(em, `select 2 as rows, 'a' || E'\\t' || 'b' || E'\\n' || 'c' || E'\\t' || ? as packed`, ['d'], 2)).toBe('a\tb\nc\td');
    expect(await packedBySql(em, `select 0 as rows, null as packed`, [], 2)).toBe('');
    await expect(packedBySql(em, `select 1 as rows, 'a' || E'\\t' || ? as packed`, ['b\tc'], 2)).rejects.toThrow('tab or a line break');
    await expect(packedBySql(em, `select 1 as rows, 'a' || E'\\t' || ? as packed`, ['b\nc'], 2)).rejects.toThrow('tab or a line break');
  });
});
