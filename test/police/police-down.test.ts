import type { RunningHub } from '../../runtime/hub';
import { postGraphQL, startTestHub } from '../support/hub';
import { testPopulation } from '../support/population';

describe('when the police subgraph is down', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  const someone = testPopulation().people.find((p) => p.duplicateOf === undefined && p.identifiers.pncId && p.identifiers.crn)!;
  const QUERY = `query($crn: String!) { personByIdentifier(type: CRN, value: $crn) { givenName familyName nominal { pncId } offences { committedOn } probationCase { crn } } }`;

  it('answers the people and probation parts, with null and SUBGRAPH_UNAVAILABLE at each police path', async () => {
    const before = await postGraphQL<{ personByIdentifier: { nominal: unknown } }>(hub.gatewayUrl, QUERY, { crn: someone.identifiers.crn });
    expect(before.errors).toBeUndefined();
    expect(before.data!.personByIdentifier.nominal).toEqual({ pncId: someone.identifiers.pncId });

    await hub.subgraphs.police.stop();
    const after = await postGraphQL(hub.gatewayUrl, QUERY, { crn: someone.identifiers.crn });
    expect(after.status).toBe(200);
    expect(after.data).toEqual({
      personByIdentifier: { givenName: someone.givenName, familyName: someone.familyName, nominal: null, offences: null, probationCase: { crn: someone.identifiers.crn } },
    });
    expect(after.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['personByIdentifier', 'nominal'], 'SUBGRAPH_UNAVAILABLE'],
      [['personByIdentifier', 'offences'], 'SUBGRAPH_UNAVAILABLE'],
    ]);
    expect(JSON.stringify(after.errors)).not.toMatch(/police|127\.0\.0\.1|ECONNREFUSED|serviceName/);
  });
});
