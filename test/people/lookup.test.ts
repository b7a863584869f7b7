import type { RunningHub } from '../../runtime/hub';
import { postGraphQL, startTestHub } from '../support/hub';
import { testPopulation } from '../support/population';

const PERSON_FIELDS = 'id givenName familyName dateOfBirth sex pncId crn prisonNumber housingReference treatmentClientId nhsNumber identifiers { type value sourceAgency linkMethod }';

describe('looking a person up through the gateway', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  const population = testPopulation();
  // Someone every partner knows, so each identifier can be tried.
  const everyone = population.people.find(
    (p) => p.duplicateOf === undefined && p.identifiers.pncId && p.identifiers.crn && p.identifiers.prisonNumber && p.identifiers.nhsNumber,
  )!;
  const housed = population.people.find((p) => p.duplicateOf === undefined && p.identifiers.housingReference)!;
  const inTreatment = population.people.find((p) => p.duplicateOf === undefined && p.identifiers.treatmentClientId)!;

  it('finds a person by hub id', async () => {
    const response = await postGraphQL(hub.gatewayUrl, `query($id: ID!) { person(id: $id) { ${PERSON_FIELDS} } }`, { id: everyone.hubId });
    expect(response.errors).toBeUndefined();
    expect(response.data?.person).toMatchObject({
      id: everyone.hubId,
      givenName: everyone.givenName,
      familyName: everyone.familyName,
      dateOfBirth: everyone.dateOfBirth,
      pncId: everyone.identifiers.pncId,
      crn: everyone.identifiers.crn,
    });
  });

  const cases: [string, () => string, () => string][] = [
    ['PNC_ID', () => everyone.identifiers.pncId!, () => everyone.hubId],
    ['CRN', () => everyone.identifiers.crn!, () => everyone.hubId],
    ['PRISON_NUMBER', () => everyone.identifiers.prisonNumber!, () => everyone.hubId],
    ['NHS_NUMBER', () => everyone.identifiers.nhsNumber!, () => everyone.hubId],
    ['HOUSING_REFERENCE', () => housed.identifiers.housingReference!, () => housed.hubId],
    ['TREATMENT_CLIENT_ID', () => inTreatment.identifiers.treatmentClientId!, () => inTreatment.hubId],
  ];
  it.each(cases)('finds a person by %s', async (type, value, expectedId) => {
    const response = await postGraphQL(hub.gatewayUrl, `query($type: IdentifierType!, $value: String!) { personByIdentifier(type: $type, value: $value) { id } }`, {
      type,
      value: value(),
    });
    expect(response.errors).toBeUndefined();
    expect(response.data?.personByIdentifier).toEqual({ id: expectedId() });
  });

  it('accepts identifiers in lower case or with spaces, as people type them', async () => {
    const response = await postGraphQL(hub.gatewayUrl, `query($value: String!) { personByIdentifier(type: CRN, value: $value) { id } }`, {
      value: ` ${everyone.identifiers.crn!.toLowerCase()} `,
    });
    expect(response.data?.personByIdentifier).toEqual({ id: everyone.hubId });
  });

  it('answers null, without an error, for an unknown person', async () => {
    const byId = await postGraphQL(hub.gatewayUrl, `{ person(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(byId.errors).toBeUndefined();
    expect(byId.data).toEqual({ person: null });
    const byCrn = await postGraphQL(hub.gatewayUrl, `{ personByIdentifier(type: CRN, value: "Z999999") { id } }`);
    expect(byCrn.errors).toBeUndefined();
    expect(byCrn.data).toEqual({ personByIdentifier: null });
  });

  it.each([
    ['PNC_ID', '2011/123456', 'YYYY/NNNNNNNX'],
    ['PNC_ID', '2011/0123456A', 'check character'],
    ['CRN', '1234567', 'a letter followed by 6 digits'],
    ['PRISON_NUMBER', 'A12BC', 'a letter, 4 digits and 2 letters'],
    ['HOUSING_REFERENCE', 'H-1', 'HOU-'],
    ['TREATMENT_CLIENT_ID', 'TC12', 'TC followed by 8 digits'],
    ['NHS_NUMBER', '9434765918', 'mod-11'],
  ])('refuses a malformed %s (%s) with BAD_USER_INPUT naming the format', async (type, value, expected) => {
    const response = await postGraphQL(hub.gatewayUrl, `query($type: IdentifierType!, $value: String!) { personByIdentifier(type: $type, value: $value) { id } }`, { type, value });
    expect(response.data).toEqual({ personByIdentifier: null });
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors![0].path).toEqual(['personByIdentifier']);
    expect(response.errors![0].message).toContain(expected);
  });

  it('refuses a hub id that is not a UUID', async () => {
    const response = await postGraphQL(hub.gatewayUrl, `{ person(id: "12345") { id } }`);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain('UUID');
  });
});
