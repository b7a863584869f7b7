import type { RunningHub } from '../../runtime/hub';

/** Counts the calls this process makes to a subgraph's address with fetch: the measures' partner calls (the gateway's own client is Node's http). */
export async function watchPartnerCalls<T>(hub: RunningHub, action: () => Promise<T>): Promise<{ result: T; calls: Record<string, number> }> {
  const subgraphOf = new Map(Object.values(hub.subgraphs).map((s) => [s.url, s.name]));
  const calls: Record<string, number> = {};
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const subgraph = subgraphOf.get(url);
    if (subgraph && typeof init?.body === 'string') {
      const operation = /^\s*query\s+(\w+)/.exec((JSON.parse(init.body) as { query: string }).query)?.[1] ?? 'anonymous';
      calls[`${subgraph} ${operation}`] = (calls[`${subgraph} ${operation}`] ?? 0) + 1;
    }
    return original(input, init);
  };
  try {
    return { result: await action(), calls };
  } finally {
    globalThis.fetch = original;
  }
}
