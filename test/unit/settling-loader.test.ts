import DataLoader from 'dataloader';
import { SettlingLoader } from '../../subgraphs/iom/services/iom-loaders';

/** Rows by key from a fixed table, counting the batches; a key named "fails" fails. */
function table(rows: Record<string, string[]>) {
  const batches: string[][] = [];
  const loader = new DataLoader<string, string[]>(async (keys) => {
    batches.push([...keys]);
    return keys.map((key) => (key === 'fails' ? new Error('unreadable') : (rows[key] ?? [])));
  });
  return { loader: new SettlingLoader(loader), batches };
}

describe('a settling loader', () => {
  it('has nothing at once before a load has settled, then the loaded answer, from one batch', async () => {
    const { loader, batches } = table({ a: ['a1', 'a2'] });
    const loading = Promise.all([loader.load('a'), loader.load('b')]);
    expect(loader.now('a')).toBeUndefined();
    expect((await loading)[0]).toEqual(['a1', 'a2']);
    expect(loader.now('a')).toEqual(['a1', 'a2']);
    expect(loader.now('b')).toEqual([]);
    expect(loader.now('c')).toBeUndefined();
    expect(batches).toEqual([['a', 'b']]);
  });

  it('never settles a failed load, which stays the caller\'s to see', async () => {
    const { loader } = table({});
    await expect(loader.load('fails')).rejects.toThrow('unreadable');
    expect(loader.now('fails')).toBeUndefined();
  });

  it('answers a field at once once its load has settled, and with a promise of the same before', async () => {
    const { loader, batches } = table({ a: ['a1', 'a2'] });
    const before = loader.answer('a', (rows) => rows.length);
    expect(before).toBeInstanceOf(Promise);
    expect(await before).toBe(2);
    expect(loader.answer('a', (rows) => rows.length)).toBe(2);
    expect(loader.answer('a')).toEqual(['a1', 'a2']);
    await expect(loader.answer('fails')).rejects.toThrow('unreadable');
    expect(batches).toEqual([['a'], ['fails']]);
  });

  it('forgets what it settled when cleared, and reads afresh', async () => {
    const { loader, batches } = table({ a: ['a1'] });
    await loader.load('a');
    loader.clearAll();
    expect(loader.now('a')).toBeUndefined();
    await loader.load('a');
    expect(loader.now('a')).toEqual(['a1']);
    expect(batches).toEqual([['a'], ['a']]);
  });
});
