import type { RunningHub } from '../../runtime/hub';
import { postGraphQL, startTestHub, testDatabaseUrls } from '../support/hub';
import { testPopulation } from '../support/population';
import { startDatabaseProxy, type TcpProxy } from '../support/tcp-proxy';

describe('when the people database goes away', () => {
  let hub: RunningHub;
  let proxy: TcpProxy;
  const someone = testPopulation().people[1];
  const QUERY = `query($id: ID!) { person(id: $id) { id familyName } }`;

  beforeAll(async () => {
    const urls = testDatabaseUrls();
    const started = await startDatabaseProxy(urls.people);
    proxy = started.proxy;
    hub = await startTestHub({ databaseUrls: { ...urls, people: started.url } });
  });
  afterAll(async () => {
    await hub.stop();
    await proxy.close();
  });

  it('answers DATABASE_UNAVAILABLE without SQL or stack, stays up, and recovers when the database returns', async () => {
    // The database client's own warnings (a pooled connection found broken) go to the hub's
    // structured log, never straight to the console.
    const printed = [jest.spyOn(console, 'log'), jest.spyOn(console, 'warn')];
    const healthy = await postGraphQL(hub.gatewayUrl, QUERY, { id: someone.hubId });
    expect(healthy.data).toEqual({ person: { id: someone.hubId, familyName: someone.familyName } });

    await proxy.down();
    const down = await postGraphQL(hub.gatewayUrl, QUERY, { id: someone.hubId });
    expect(down.status).toBe(200);
    expect(down.data).toEqual({ person: null });
    expect(down.errors?.[0]).toMatchObject({ path: ['person'], extensions: { code: 'DATABASE_UNAVAILABLE' } });
    const text = JSON.stringify(down.errors);
    expect(text).not.toMatch(/select|stacktrace|ECONNREFUSED|5432|543\d\d|person_identifier/i);

    await proxy.up();
    let recovered: Awaited<ReturnType<typeof postGraphQL>> | undefined;
    for (let attempt = 0; attempt < 20; attempt++) {
      recovered = await postGraphQL(hub.gatewayUrl, QUERY, { id: someone.hubId });
      if (!recovered.errors) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(recovered?.errors).toBeUndefined();
    expect(recovered?.data).toEqual({ person: { id: someone.hubId, familyName: someone.familyName } });
    for (const spy of printed) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
  });
});
