import type { RunningHub } from '../../runtime/hub';
import { postGraphQL, startTestHub } from '../support/hub';
import { ownDatabases } from '../support/own-databases';
import { testPopulation } from '../support/population';

const CANDIDATES = `query($id: ID!) { person(id: $id) { id candidateMatches { score band blockedBy evidence { field level weight } candidate { id givenName housingReference treatmentClientId } } } }`;

describe('candidate matches between index records', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub({ databaseUrls: await ownDatabases('matching', { copies: ['people'] }) });
  });
  afterAll(() => hub.stop());

  const population = testPopulation();
  const duplicates = population.people.filter((p) => p.duplicateOf !== undefined);
  const [toConfirm, toReject, untouched] = duplicates;
  const originalOf = (duplicate: (typeof duplicates)[number]) => population.people[duplicate.duplicateOf!];

  it('offers a duplicate record as a candidate, with its score, the rules that paired it and the evidence per field', async () => {
    type Match = { score: number; band: string; blockedBy: string[]; evidence: { field: string; level: string; weight: number }[]; candidate: { id: string } };
    const response = await postGraphQL<{ person: { candidateMatches: Match[] } }>(hub.gatewayUrl, CANDIDATES, {
      id: originalOf(untouched).hubId,
    });
    expect(response.errors).toBeUndefined();
    const candidate = response.data!.person.candidateMatches.find((match) => match.candidate.id === untouched.hubId);
    expect(candidate).toBeDefined();
    // The seeded duplicate keeps the date of birth and postcode; its forename is the same or has two letters swapped.
    expect(candidate!.blockedBy).toContain('DATE_OF_BIRTH_AND_POSTCODE');
    expect(candidate!.evidence).toContainEqual(expect.objectContaining({ field: 'DATE_OF_BIRTH', level: 'EXACT' }));
    expect(candidate!.evidence).toContainEqual(expect.objectContaining({ field: 'POSTCODE', level: 'FULL' }));
    expect(['EXACT', 'CLOSE', 'PHONETIC']).toContain(candidate!.evidence.find((item) => item.field === 'FORENAME')!.level);
    expect(candidate!.score).toBeCloseTo(candidate!.evidence.reduce((sum, item) => sum + item.weight, 0) - 16.61, 0);
  });

  it('confirming merges the identifiers and the old id answers with the merged person', async () => {
    const original = originalOf(toConfirm);
    const confirmed = await postGraphQL<{ confirmMatch: { id: string; aliases: string[]; identifiers: { type: string; value: string; linkMethod: string }[] } }>(
      hub.gatewayUrl,
      `mutation($p: ID!, $c: ID!) { confirmMatch(personId: $p, candidateId: $c, reason: "Same person: checked with housing officer") { id aliases identifiers { type value linkMethod } } }`,
      { p: original.hubId, c: toConfirm.hubId },
    );
    expect(confirmed.errors).toBeUndefined();
    const moved = toConfirm.identifiers.housingReference ?? toConfirm.identifiers.treatmentClientId;
    expect(confirmed.data!.confirmMatch.identifiers).toContainEqual(expect.objectContaining({ value: moved, linkMethod: 'CONFIRMED' }));

    const viaOldId = await postGraphQL<{ person: { id: string } }>(hub.gatewayUrl, `query($id: ID!) { person(id: $id) { id } }`, { id: toConfirm.hubId });
    expect(viaOldId.data!.person.id).toBe(original.hubId);
    const type = toConfirm.identifiers.housingReference ? 'HOUSING_REFERENCE' : 'TREATMENT_CLIENT_ID';
    const viaIdentifier = await postGraphQL<{ personByIdentifier: { id: string } }>(
      hub.gatewayUrl,
      `query($type: IdentifierType!, $value: String!) { personByIdentifier(type: $type, value: $value) { id } }`,
      { type, value: moved },
    );
    expect(viaIdentifier.data!.personByIdentifier.id).toBe(original.hubId);

    const again = await postGraphQL(hub.gatewayUrl, `mutation($p: ID!, $c: ID!) { confirmMatch(personId: $p, candidateId: $c, reason: "again") { id } }`, { p: original.hubId, c: toConfirm.hubId });
    expect(again.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(again.errors?.[0].message).toContain('already been merged');
  });

  it('rejecting is remembered: the pair is not offered again', async () => {
    const original = originalOf(toReject);
    const rejected = await postGraphQL<{ rejectMatch: { outcome: string; personId: string; candidateId: string } }>(
      hub.gatewayUrl,
      `mutation($p: ID!, $c: ID!) { rejectMatch(personId: $p, candidateId: $c, reason: "Different people: checked date of birth with the prison") { outcome personId candidateId } }`,
      { p: original.hubId, c: toReject.hubId },
    );
    expect(rejected.errors).toBeUndefined();
    expect(rejected.data!.rejectMatch).toEqual({ outcome: 'REJECTED', personId: original.hubId, candidateId: toReject.hubId });

    const after = await postGraphQL<{ person: { candidateMatches: { candidate: { id: string } }[] } }>(hub.gatewayUrl, CANDIDATES, { id: original.hubId });
    expect(after.data!.person.candidateMatches.map((m) => m.candidate.id)).not.toContain(toReject.hubId);
    const fromTheOtherSide = await postGraphQL<{ person: { candidateMatches: { candidate: { id: string } }[] } }>(hub.gatewayUrl, CANDIDATES, { id: toReject.hubId });
    expect(fromTheOtherSide.data!.person.candidateMatches.map((m) => m.candidate.id)).not.toContain(original.hubId);

    const again = await postGraphQL(hub.gatewayUrl, `mutation($p: ID!, $c: ID!) { rejectMatch(personId: $p, candidateId: $c, reason: "again") { id } }`, { p: toReject.hubId, c: original.hubId });
    expect(again.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(again.errors?.[0].message).toContain('already rejected');
  });

  it('refuses to confirm two people who are not candidates, and writes nothing', async () => {
    const [a, b] = population.people.filter((p) => p.duplicateOf === undefined && p.dateOfBirth !== population.people[0].dateOfBirth);
    const before = await postGraphQL<{ person: { identifiers: unknown[] } }>(hub.gatewayUrl, `query($id: ID!) { person(id: $id) { identifiers { value } } }`, { id: a.hubId });
    const response = await postGraphQL(hub.gatewayUrl, `mutation($p: ID!, $c: ID!) { confirmMatch(personId: $p, candidateId: $c, reason: "looks alike") { id } }`, { p: a.hubId, c: b.hubId });
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain('not a candidate match');
    const after = await postGraphQL<{ person: { identifiers: unknown[] } }>(hub.gatewayUrl, `query($id: ID!) { person(id: $id) { identifiers { value } } }`, { id: a.hubId });
    expect(after.data).toEqual(before.data);
    const still = await postGraphQL<{ person: { id: string } }>(hub.gatewayUrl, `query($id: ID!) { person(id: $id) { id } }`, { id: b.hubId });
    expect(still.data!.person.id).toBe(b.hubId);
  });

  it('refuses to match a person with themselves or an unknown id', async () => {
    const someone = population.people[0].hubId;
    const self = await postGraphQL(hub.gatewayUrl, `mutation($p: ID!) { rejectMatch(personId: $p, candidateId: $p, reason: "no") { id } }`, { p: someone });
    expect(self.errors?.[0].message).toContain('themselves');
    const unknown = await postGraphQL(hub.gatewayUrl, `mutation($p: ID!) { rejectMatch(personId: $p, candidateId: "00000000-0000-4000-8000-000000000000", reason: "no") { id } }`, { p: someone });
    expect(unknown.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(unknown.errors?.[0].message).toContain('No person has id');
  });
});
