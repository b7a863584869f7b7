import type { SyntheticPerson } from '../../synthetic/population';
import { ageOn } from '../../subgraphs/kit/dates';
import { sharedFacts } from '../../synthetic/shared-facts';
import type { RunningHub } from '../../runtime/hub';
import { makeIdentifier } from '../../synthetic/identifiers';
import { prolificThreshold } from '../../subgraphs/police/services/prolific';
import { postGraphQL, startTestHub } from '../support/hub';
import { testPopulation } from '../support/population';

interface Offence {
  committedOn: string;
  crimeType: string;
  outcome: string | null;
  detected: boolean;
  neighbourhoodCrime: boolean;
}
interface Nominal {
  pncId: string;
  localReference: string;
  policingArea: string;
  inCustody: boolean;
  prolific: boolean;
  recordedOffenceCount: number;
}

describe('the police subgraph through the gateway', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  const population = testPopulation();
  const known = population.people.filter((p) => p.duplicateOf === undefined && p.identifiers.pncId);
  const age = (p: SyntheticPerson) => ageOn(p.dateOfBirth, population.referenceDate);
  const iom = known.find((p) => p.profile.iomCandidate && age(p) >= 18 && !p.profile.inCustodyNow)!;
  const occasional = known.find((p) => p.profile.offendingLevel === 'OCCASIONAL' && !p.profile.iomCandidate)!;
  const inCustody = known.find((p) => p.profile.inCustodyNow)!;

  const BY_PNC = `query($value: String!) { personByIdentifier(type: PNC_ID, value: $value) {
    id givenName familyName
    nominal { pncId localReference policingArea neighbourhood inCustody prolific recordedOffenceCount mappaCategory mappaLevel warningMarkers { type recordedOn } }
    offences { committedOn crimeType outcome detected neighbourhoodCrime }
    arrests { arrestedOn crimeType custodySuite }
    drugTestsOnArrest { testedOn substance result }
    homeVisits { visitedOn visitType outcome }
  } }`;

  it('finds a person by PNC ID and joins the people index with the police record', async () => {
    const response = await postGraphQL<{ personByIdentifier: { id: string; givenName: string; nominal: Nominal; offences: Offence[]; homeVisits: unknown[] } }>(hub.gatewayUrl, BY_PNC, {
      value: iom.identifiers.pncId,
    });
    expect(response.errors).toBeUndefined();
    const person = response.data!.personByIdentifier;
    expect(person).toMatchObject({ id: iom.hubId, givenName: iom.givenName, familyName: iom.familyName });
    expect(person.nominal).toMatchObject({
      pncId: iom.identifiers.pncId,
      localReference: `NOM-${iom.localAuthority.code}-${String(iom.index + 1).padStart(6, '0')}`,
      policingArea: iom.localAuthority.name,
      inCustody: false,
      // IOM candidates have 22+ recorded offences: prolific at any adult age.
      prolific: true,
    });
    expect(person.nominal.recordedOffenceCount).toBe(person.offences.length);
    expect(person.offences.length).toBeGreaterThanOrEqual(22);
    // IOM nominals are visited at home about weekly.
    expect(person.homeVisits.length).toBeGreaterThanOrEqual(12);
    for (const offence of person.offences) {
      expect(offence.detected).toBe(['CHARGE', 'CAUTION', 'CONDITIONAL_CAUTION', 'COMMUNITY_RESOLUTION'].includes(offence.outcome ?? ''));
      expect(offence.neighbourhoodCrime).toBe(/^(BURGLARY|ROBBERY|THEFT_FROM_THE_PERSON|THEFT_OF_MOTOR|THEFT_FROM_MOTOR|VEHICLE_INTERFERENCE)/.test(offence.crimeType));
    }
    const dates = person.offences.map((o) => o.committedOn);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('computes the prolific flag by the 8 / 16 offences rule from the offences and age police hold', async () => {
    const response = await postGraphQL<{ nominals: { edges: { node: Nominal & { person: { dateOfBirth: string } } }[] } }>(
      hub.gatewayUrl,
      `{ nominals(first: 500) { edges { node { pncId prolific recordedOffenceCount person { dateOfBirth } } } } }`,
    );
    expect(response.errors).toBeUndefined();
    const nodes = response.data!.nominals.edges.map((e) => e.node);
    expect(nodes).toHaveLength(known.length);
    for (const node of nodes) {
      const threshold = prolificThreshold(ageOn(node.person.dateOfBirth, population.referenceDate));
      expect([node.pncId, node.prolific]).toEqual([node.pncId, threshold !== null && node.recordedOffenceCount >= threshold]);
    }
    expect(nodes.some((n) => n.prolific)).toBe(true);
    expect(nodes.some((n) => !n.prolific)).toBe(true);
    // The list's SQL filter applies the same rule as the flag.
    const prolific = await postGraphQL<{ nominals: { totalCount: number } }>(hub.gatewayUrl, `{ nominals(filter: { prolific: true }) { totalCount } }`);
    expect(prolific.data!.nominals.totalCount).toBe(nodes.filter((n) => n.prolific).length);
    const notProlific = await postGraphQL<{ nominals: { totalCount: number } }>(hub.gatewayUrl, `{ nominals(filter: { prolific: false }) { totalCount } }`);
    expect(notProlific.data!.nominals.totalCount).toBe(nodes.filter((n) => !n.prolific).length);
  });

  it('shows IOM candidates offending far more than everyone else', async () => {
    const response = await postGraphQL<{ nominals: { edges: { node: Nominal }[] } }>(hub.gatewayUrl, `{ nominals(first: 500) { edges { node { pncId recordedOffenceCount } } } }`);
    const counts = new Map(response.data!.nominals.edges.map((e) => [e.node.pncId, e.node.recordedOffenceCount]));
    const mean = (people: SyntheticPerson[]) => people.reduce((sum, p) => sum + counts.get(p.identifiers.pncId!)!, 0) / people.length;
    const iomMean = mean(known.filter((p) => p.profile.iomCandidate));
    const othersMean = mean(known.filter((p) => !p.profile.iomCandidate));
    expect(iomMean).toBeGreaterThan(3 * othersMean);
  });

  it('records custody as the shared facts say', async () => {
    const response = await postGraphQL<{ personByIdentifier: { nominal: Nominal; offences: Offence[] } }>(hub.gatewayUrl, BY_PNC, { value: inCustody.identifiers.pncId });
    expect(response.data!.personByIdentifier.nominal.inCustody).toBe(true);
    const custodyStart = sharedFacts(population, inCustody).custody.find((episode) => episode.release === null)!.start;
    for (const offence of response.data!.personByIdentifier.offences) expect(offence.committedOn < custodyStart).toBe(true);
  });

  it('filters offences by date range and detection', async () => {
    const all = await postGraphQL<{ personByIdentifier: { offences: Offence[] } }>(hub.gatewayUrl, BY_PNC, { value: iom.identifiers.pncId });
    const offences = all.data!.personByIdentifier.offences;
    const from = '2024-01-01';
    const to = '2025-12-31';
    const filtered = await postGraphQL<{ personByIdentifier: { offences: Offence[] } }>(
      hub.gatewayUrl,
      `query($value: String!, $from: LocalDate, $to: LocalDate) { personByIdentifier(type: PNC_ID, value: $value) { offences(from: $from, to: $to, detectedOnly: true) { committedOn crimeType outcome detected neighbourhoodCrime } } }`,
      { value: iom.identifiers.pncId, from, to },
    );
    expect(filtered.errors).toBeUndefined();
    expect(filtered.data!.personByIdentifier.offences).toEqual(offences.filter((o) => o.committedOn >= from && o.committedOn <= to && o.detected));
  });

  it('refuses a range whose start is after its end with BAD_USER_INPUT, and still answers the rest', async () => {
    const response = await postGraphQL<{ personByIdentifier: { givenName: string; offences: null } }>(
      hub.gatewayUrl,
      `query($value: String!) { personByIdentifier(type: PNC_ID, value: $value) { givenName offences(from: "2025-06-01", to: "2025-01-01") { committedOn } } }`,
      { value: occasional.identifiers.pncId },
    );
    expect(response.data!.personByIdentifier).toEqual({ givenName: occasional.givenName, offences: null });
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]).toMatchObject({ path: ['personByIdentifier', 'offences'], extensions: { code: 'BAD_USER_INPUT' } });
    expect(response.errors![0].message).toContain('"from" (2025-06-01) is after "to" (2025-01-01)');
  });

  it('answers null for an unknown PNC ID, and BAD_USER_INPUT naming the format for a malformed one', async () => {
    const unknown = makeIdentifier.pncId(2019, 42);
    expect(known.some((p) => p.identifiers.pncId === unknown)).toBe(false);
    const byIndex = await postGraphQL(hub.gatewayUrl, BY_PNC, { value: unknown });
    expect(byIndex.errors).toBeUndefined();
    expect(byIndex.data).toEqual({ personByIdentifier: null });
    const byPolice = await postGraphQL(hub.gatewayUrl, `query($pncId: String!) { nominal(pncId: $pncId) { pncId } }`, { pncId: unknown });
    expect(byPolice.errors).toBeUndefined();
    expect(byPolice.data).toEqual({ nominal: null });

    for (const query of [BY_PNC, `query($value: String!) { nominal(pncId: $value) { pncId } }`]) {
      const malformed = await postGraphQL(hub.gatewayUrl, query, { value: '2011/123456' });
      expect(malformed.errors).toHaveLength(1);
      expect(malformed.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(malformed.errors![0].message).toContain('YYYY/NNNNNNNX');
    }
  });

  it('joins people and police for a page of people, and police nominals back to the index', async () => {
    const page = await postGraphQL<{ people: { edges: { node: { pncId: string | null; nominal: { pncId: string } | null } }[] } }>(
      hub.gatewayUrl,
      `{ people(first: 50) { edges { node { pncId nominal { pncId } } } } }`,
    );
    expect(page.errors).toBeUndefined();
    for (const { node } of page.data!.people.edges) {
      // Someone without a PNC ID has no police record, and that is not an error.
      expect(node.nominal).toEqual(node.pncId ? { pncId: node.pncId } : null);
    }
    expect(page.data!.people.edges.some((e) => e.node.pncId === null)).toBe(true);

    const nominals = await postGraphQL<{ nominals: { totalCount: number; edges: { node: { pncId: string; person: { givenName: string; crn: string | null } } }[]; pageInfo: { endCursor: string } } }>(
      hub.gatewayUrl,
      `{ nominals(first: 5, filter: { inCustody: true }) { totalCount pageInfo { endCursor } edges { node { pncId person { givenName crn } } } } }`,
    );
    expect(nominals.errors).toBeUndefined();
    expect(nominals.data!.nominals.totalCount).toBe(known.filter((p) => p.profile.inCustodyNow).length);
    for (const { node } of nominals.data!.nominals.edges) {
      const expected = known.find((p) => p.identifiers.pncId === node.pncId)!;
      expect(node.person).toEqual({ givenName: expected.givenName, crn: expected.identifiers.crn ?? null });
    }
    const next = await postGraphQL<{ nominals: { edges: { node: { pncId: string } }[] } }>(hub.gatewayUrl, `query($after: String) { nominals(first: 5, after: $after, filter: { inCustody: true }) { edges { node { pncId } } } }`, {
      after: nominals.data!.nominals.pageInfo.endCursor,
    });
    const expectedOrder = known.filter((p) => p.profile.inCustodyNow).map((p) => p.identifiers.pncId!).sort();
    expect(next.data!.nominals.edges.map((e) => e.node.pncId)).toEqual(expectedOrder.slice(5, 10));
  });
});
