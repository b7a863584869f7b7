import type { RunningHub } from '../../runtime/hub';
import { asGateway, startTestHub } from '../support/hub';
import { testPopulation } from '../support/population';
import { loadOrCreateCallerTokenKeys, signCallerToken } from '../../subgraphs/kit/access/caller-token';
import { AUDIT_HUB_IDS_PATH, AUDIT_KEYS_PER_ASK, AUDIT_LOOKUPS_PER_ASK } from '../../subgraphs/kit/access/audit-hub-ids-route';
import { MAX_KEYS_PER_ASK } from '../../subgraphs/kit/ask-limits';
import { HUB_ID } from '../../subgraphs/kit/access/rows';
import { askPersonIndex, GATEWAY_CALLER, personIndexAuditPeople } from '../../gateway/access/audit-people';
import type { PartnerIdentifiers, SyntheticPerson } from '../../synthetic/population';

/**
 * The person index's audit lookup (who an answer disclosed, as hub ids) is a plain route for the
 * gateway's own caller context alone: anyone else, an unsigned request and an oversized ask are
 * refused before any read, and the hub ids it names are the index's for each key, whatever its type.
 */
describe('the audit lookup route of the person index', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());
  const population = testPopulation();

  const ask = async (body: unknown, headers: Record<string, string>) => {
    const answer = await fetch(new URL(AUDIT_HUB_IDS_PATH, hub.subgraphs.people.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: answer.status, body: (await answer.json()) as { hubIds?: string[][]; errors?: { message: string; extensions: { code: string } }[] } };
  };
  const asTheGateway = async () => ({ authorization: `Bearer ${await signCallerToken(hub.callerTokenKeys, GATEWAY_CALLER)}` });
  const codeOf = (answer: Awaited<ReturnType<typeof ask>>) => answer.body.errors?.[0]?.extensions.code;

  // One person of the index (not a second record of someone) per partner identifier type, each a different person where the data allows.
  const FIELDS: [keyof PartnerIdentifiers, string][] = [
    ['pncId', 'PNC_ID'],
    ['crn', 'CRN'],
    ['prisonNumber', 'PRISON_NUMBER'],
    ['housingReference', 'HOUSING_REFERENCE'],
    ['treatmentClientId', 'TREATMENT_CLIENT_ID'],
    ['nhsNumber', 'NHS_NUMBER'],
  ];
  const chosen = new Set<string>();
  const byType = FIELDS.map(([field, type]) => {
    const person = population.people.find((p) => p.duplicateOf === undefined && p.identifiers[field] && !chosen.has(p.hubId))!;
    chosen.add(person.hubId);
    return { person, key: `${type}:${person.identifiers[field]}` };
  });
  const keyOf = (person: SyntheticPerson): string => {
    const [field, type] = FIELDS.find(([f]) => person.identifiers[f])!;
    return `${type}:${person.identifiers[field]}`;
  };

  it('refuses an unsigned request, and a context the gateway did not sign', async () => {
    const lookups = { lookups: [[byType[0].key]] };
    const unsigned = await ask(lookups, {});
    expect(unsigned.status).toBe(401);
    expect(codeOf(unsigned)).toBe('UNAUTHENTICATED');
    expect(unsigned.body.hubIds).toBeUndefined();
    const forged = await ask(lookups, { authorization: `Bearer ${await signCallerToken(await loadOrCreateCallerTokenKeys(''), GATEWAY_CALLER)}` });
    expect(forged.status).toBe(401);
    expect(forged.body.hubIds).toBeUndefined();
  });

  it('refuses any caller context but the gateway’s own, however broad its access', async () => {
    for (const profile of ['iom-coordinator', 'data-protection-officer', 'analyst', 'police-iom-officer']) {
      const refused = await ask({ lookups: [[byType[0].key]] }, await asGateway(hub, profile));
      expect([profile, refused.status, codeOf(refused)]).toEqual([profile, 403, 'FORBIDDEN']);
      expect(refused.body.hubIds).toBeUndefined();
    }
  });

  it(`refuses more than ${MAX_KEYS_PER_ASK} keys, in one lookup or across several, and more than ${AUDIT_LOOKUPS_PER_ASK} lookups`, async () => {
    expect(AUDIT_KEYS_PER_ASK).toBe(MAX_KEYS_PER_ASK);
    const unknown = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `CRN:Z${String(from + i).padStart(6, '0')}`);
    const oneTooMany = await ask({ lookups: [[byType[1].key, ...unknown(MAX_KEYS_PER_ASK)]] }, await asTheGateway());
    expect([oneTooMany.status, codeOf(oneTooMany)]).toEqual([400, 'BAD_USER_INPUT']);
    expect(oneTooMany.body.errors?.[0].message).toBe(`At most ${MAX_KEYS_PER_ASK} keys at once.`);
    const acrossTwo = await ask({ lookups: [unknown(MAX_KEYS_PER_ASK / 2), [byType[1].key, ...unknown(MAX_KEYS_PER_ASK / 2, MAX_KEYS_PER_ASK)]] }, await asTheGateway());
    expect([acrossTwo.status, codeOf(acrossTwo)]).toEqual([400, 'BAD_USER_INPUT']);
    // At the limit exactly it answers: the one known key among them names its person.
    const atTheLimit = await ask({ lookups: [unknown(MAX_KEYS_PER_ASK / 2), [byType[1].key, ...unknown(MAX_KEYS_PER_ASK / 2 - 1, MAX_KEYS_PER_ASK)]] }, await asTheGateway());
    expect(atTheLimit.status).toBe(200);
    expect(atTheLimit.body.hubIds).toEqual([[], [byType[1].person.hubId]]);
    const tooManyLookups = await ask({ lookups: Array.from({ length: AUDIT_LOOKUPS_PER_ASK + 1 }, () => [byType[0].key]) }, await asTheGateway());
    expect([tooManyLookups.status, codeOf(tooManyLookups)]).toEqual([400, 'BAD_USER_INPUT']);
    for (const body of [{}, { lookups: 'CRN:X1' }, { lookups: [['CRN:X1', 7]] }, { lookups: ['CRN:X1'] }]) {
      expect((await ask(body, await asTheGateway())).status).toBe(400);
    }
  });

  it('names the hub id behind a key of every partner identifier type, each lookup its own, unknown and malformed keys left out', async () => {
    const second = population.people.find((p) => p.duplicateOf !== undefined)!;
    const original = population.people[second.duplicateOf!];
    const lookups = [
      ...byType.map(({ key }) => [key]),
      // Every type at once, the same person by two keys, and keys no one holds.
      [...byType.map(({ key }) => key), `PNC_ID:${byType[0].person.identifiers.pncId}`, 'CRN:X000000', 'NO_SUCH_TYPE:1', 'no colon', `${HUB_ID}:${byType[0].person.hubId}`],
      [],
      // A second index record of someone is its own record until a match is confirmed.
      [keyOf(second), keyOf(original)],
    ];
    const answer = await ask({ lookups }, await asTheGateway());
    expect(answer.status).toBe(200);
    const expected = [...byType.map(({ person }) => [person.hubId]), byType.map(({ person }) => person.hubId), [], [second.hubId, original.hubId]];
    expect(answer.body.hubIds!.map((ids) => [...ids].sort())).toEqual(expected.map((ids) => [...ids].sort()));
    // The gateway's client reads the same answer.
    const token = await signCallerToken(hub.callerTokenKeys, GATEWAY_CALLER);
    expect((await askPersonIndex(hub.subgraphs.people.url, token, lookups)).map((ids) => [...ids].sort())).toEqual(expected.map((ids) => [...ids].sort()));
  });

  it('leaves the gateway without names, so the answer is withheld, when the lookup cannot be made', async () => {
    const rows = new Map([['CRN', new Set([byType[1].person.identifiers.crn!])]]);
    // Answered: the gateway's own keys.
    await expect(personIndexAuditPeople(() => hub.subgraphs.people.url, hub.callerTokenKeys)(rows)).resolves.toEqual([byType[1].person.hubId]);
    // Refused: keys the index does not trust.
    await expect(personIndexAuditPeople(() => hub.subgraphs.people.url, await loadOrCreateCallerTokenKeys(''))(rows)).rejects.toThrow(/HTTP 401/);
    // No index, or none listening.
    await expect(personIndexAuditPeople(() => undefined, hub.callerTokenKeys)(rows)).rejects.toThrow(/no person index/);
    await expect(personIndexAuditPeople(() => 'http://127.0.0.1:1/graphql', hub.callerTokenKeys)(rows)).rejects.toThrow();
    // More keys than one ask carries: refused without asking.
    const tooMany = new Map([['CRN', new Set(Array.from({ length: MAX_KEYS_PER_ASK + 1 }, (_, i) => `Z${i}`))]]);
    await expect(personIndexAuditPeople(() => hub.subgraphs.people.url, hub.callerTokenKeys)(tooMany)).rejects.toThrow(/at most/);
  });
});
