import type { RunningHub } from '../../runtime/hub';
import { sharedFacts } from '../../synthetic/shared-facts';
import { addDays } from '../../subgraphs/kit/dates';
import { asGateway, countSqlStatements, postGraphQL, startTestHub } from '../support/hub';
import { testPopulation } from '../support/population';

interface Period {
  status: string;
  startDate: string;
  endDate: string | null;
  localAuthority: { code: string } | null;
  outOfBorough: boolean | null;
}
interface HousingPicture {
  id: string;
  housingReference: string | null;
  housingAuthority: { code: string; name: string } | null;
  accommodationHistory: Period[] | null;
  releaseHousingOutcomes: { releaseDate: string; statusOnRelease: string | null; accommodatedOnRelease: boolean }[] | null;
  homelessnessCases: { referralRoute: string; referringAgency: string | null; duty: string; outcome: string | null }[] | null;
}

const HOUSING_FIELDS = `id housingReference housingAuthority { code name }
  accommodationHistory { status startDate endDate localAuthority { code } outOfBorough }
  releaseHousingOutcomes { releaseDate statusOnRelease accommodatedOnRelease threeMonthsAfter statusThreeMonthsAfter settledThreeMonthsAfter }
  homelessnessCases { referralDate referralRoute referringAgency duty dutyStartDate dutyEndDate outcome localAuthority { code } }`;

describe('the housing subgraph through the gateway', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  const population = testPopulation();
  const today = population.referenceDate;
  const released = population.people.find(
    (p) => p.duplicateOf === undefined && p.identifiers.housingReference && sharedFacts(population, p).custody.some((c) => c.release),
  )!;
  const releasedEpisodes = sharedFacts(population, released).custody;

  const byReference = (reference: string, fields: string, variables: Record<string, unknown> = {}, extraArgs = '') =>
    postGraphQL<{ personByIdentifier: HousingPicture | null }>(
      hub.gatewayUrl,
      `query($value: String!${extraArgs}) { personByIdentifier(type: HOUSING_REFERENCE, value: $value) { ${fields} } }`,
      { value: reference, ...variables },
    );

  it('finds a person by housing reference with their authority, and custody periods exactly as the shared custody episodes', async () => {
    const response = await byReference(released.identifiers.housingReference!, HOUSING_FIELDS);
    expect(response.errors).toBeUndefined();
    const person = response.data!.personByIdentifier!;
    expect(person.id).toBe(released.hubId);
    expect(person.housingReference).toBe(released.identifiers.housingReference);
    expect(person.housingAuthority).toEqual({ code: released.localAuthority.code, name: released.localAuthority.name });
    const history = person.accommodationHistory!;
    expect(history.filter((p) => p.status === 'IN_CUSTODY').map((p) => ({ start: p.startDate, release: p.endDate }))).toEqual(releasedEpisodes);
    // One unbroken history: each period ends the day the next begins, and only the last is open.
    for (let i = 1; i < history.length; i++) expect(history[i].startDate).toBe(history[i - 1].endDate);
    expect(history[history.length - 1].endDate).toBeNull();
    expect(person.releaseHousingOutcomes!.map((o) => o.releaseDate)).toEqual(releasedEpisodes.filter((c) => c.release).map((c) => c.release));
    for (const outcome of person.releaseHousingOutcomes!) {
      expect(outcome.statusOnRelease).toBe(history.find((p) => p.startDate === outcome.releaseDate)!.status);
      expect(outcome.accommodatedOnRelease).toBe(!['NO_FIXED_ABODE', 'ROUGH_SLEEPING'].includes(outcome.statusOnRelease!));
    }
  });

  it('answers accommodation(at) for a date in custody, today by default, and null before the history starts', async () => {
    const custody = releasedEpisodes.find((c) => c.release)!;
    const response = await byReference(
      released.identifiers.housingReference!,
      `inCustody: accommodation(at: $inCustody) { status startDate endDate } now: accommodation { status endDate } before: accommodation(at: "1990-01-01") { status }`,
      { inCustody: custody.start },
      ', $inCustody: LocalDate',
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.personByIdentifier).toMatchObject({
      inCustody: { status: 'IN_CUSTODY', startDate: custody.start, endDate: custody.release },
      now: { endDate: null },
      before: null,
    });
  });

  it('refuses accommodation(at) after today with BAD_USER_INPUT saying why', async () => {
    const response = await byReference(released.identifiers.housingReference!, 'id accommodation(at: "2999-01-01") { status }');
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors![0].message).toContain('"at" (2999-01-01) is in the future');
    expect(response.errors![0].path).toEqual(['personByIdentifier', 'accommodation']);
    expect(response.data!.personByIdentifier).toEqual({ id: released.hubId, accommodation: null });
  });

  it("takes today from the hub's clock, pinned to the day the data was generated around, not from the wall clock", async () => {
    // The day after the pinned today: refused whatever the real date is, and the answer names the pinned day.
    const tomorrow = addDays(today, 1);
    const response = await byReference(released.identifiers.housingReference!, `accommodation(at: "${tomorrow}") { status }`);
    expect(response.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors![0].message).toContain(`ask for a date up to today (${today})`);
    const onTheDay = await byReference(released.identifiers.housingReference!, `accommodation(at: "${today}") { status }`);
    expect(onTheDay.errors).toBeUndefined();
  });

  it('answers null for an unknown housing reference and refuses a malformed one naming the format', async () => {
    const unknown = await byReference('HOU-ZZZ-000001', HOUSING_FIELDS);
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data).toEqual({ personByIdentifier: null });
    const malformed = await byReference('HOU-12', 'id');
    expect(malformed.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(malformed.errors![0].message).toContain('HOU-, a 3-letter local authority code');
  });

  it('gives no housing data, and no error, for a person without a housing reference', async () => {
    const unhoused = population.people.find((p) => p.duplicateOf === undefined && !p.identifiers.housingReference && p.identifiers.pncId)!;
    const response = await postGraphQL<{ personByIdentifier: HousingPicture }>(
      hub.gatewayUrl,
      `query($value: String!) { personByIdentifier(type: PNC_ID, value: $value) { ${HOUSING_FIELDS} accommodation { status } } }`,
      { value: unhoused.identifiers.pncId },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.personByIdentifier).toMatchObject({ id: unhoused.hubId, housingReference: null, housingAuthority: null, accommodationHistory: null, homelessnessCases: null });
  });

  it('answers null for unknown, malformed or missing references sent straight to the subgraph', async () => {
    const response = await postGraphQL<{ _entities: unknown[] }>(
      hub.subgraphs.housing.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { housingReference accommodationHistory { status } } } }`,
      { r: [{ __typename: 'Person', housingReference: 'HOU-ZZZ-000001' }, { __typename: 'Person', housingReference: 'nonsense' }, { __typename: 'Person', housingReference: null }] },
      await asGateway(hub, 'housing-officer'),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities).toEqual([null, null, null]);
  });

  it('shows out-of-borough placements against the authority holding the case, and Duty to Refer cases', async () => {
    const response = await postGraphQL<{ people: { edges: { node: HousingPicture }[] } }>(
      hub.gatewayUrl,
      `{ people(first: 200, filter: { hasIdentifiers: [HOUSING_REFERENCE] }) { edges { node { ${HOUSING_FIELDS} } } } }`,
    );
    expect(response.errors).toBeUndefined();
    const people = response.data!.people.edges.map((edge) => edge.node);
    const placements = people.flatMap((person) => person.accommodationHistory!.filter((p) => p.localAuthority).map((p) => ({ person, p })));
    const away = placements.filter(({ p }) => p.outOfBorough);
    expect(away.length).toBeGreaterThan(0);
    for (const { person, p } of placements) expect(p.outOfBorough).toBe(p.localAuthority!.code !== person.housingAuthority!.code);
    const cases = people.flatMap((person) => person.homelessnessCases!);
    expect(cases.some((c) => c.referralRoute === 'DUTY_TO_REFER' && c.referringAgency === 'PRISON' && c.duty === 'PREVENTION')).toBe(true);
    for (const c of cases) expect(c.referringAgency === null).toBe(c.referralRoute === 'SELF_APPLICATION');
  });

  it('refuses a reporting period that ends in the future or starts after it ends', async () => {
    const future = await postGraphQL(hub.gatewayUrl, `{ releaseHousingPerformance(to: "2999-01-01") { from } }`);
    expect(future.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(future.errors![0].message).toContain('"to" (2999-01-01) is in the future');
    const backwards = await postGraphQL(hub.gatewayUrl, `{ releaseHousingPerformance(from: "2026-01-01", to: "2025-01-01") { from } }`);
    expect(backwards.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(backwards.errors![0].message).toContain('"from" (2026-01-01) is after "to" (2025-01-01)');
  });

  it('costs the same SQL statements for 10 and 100 people', async () => {
    const query = `query($first: Int!) { people(first: $first, filter: { hasIdentifiers: [HOUSING_REFERENCE] }) { edges { node {
      ${HOUSING_FIELDS} accommodation { status localAuthority { name } outOfBorough } } } } }`;
    const run = (first: number) =>
      countSqlStatements(hub, async () => {
        const response = await postGraphQL<{ people: { edges: unknown[] } }>(hub.gatewayUrl, query, { first });
        expect(response.errors).toBeUndefined();
        expect(response.data!.people.edges).toHaveLength(first);
      });
    const small = await run(10);
    const large = await run(100);
    expect(small.housing).toBeGreaterThan(0);
    expect(large.housing).toBe(small.housing);
    expect(large.people).toBe(small.people);
  });
});
