import { readFileSync } from 'node:fs';
import type { RunningHub } from '../../runtime/hub';
import { fromRoot } from '../../subgraphs/kit/paths';
import { sharedFacts } from '../../synthetic/shared-facts';
import { consentRecordedOn, providerFor } from '../../synthetic/seeds/substance-misuse';
import { as, asGateway, countSqlStatements, postGraphQL, startTestHub } from '../support/hub';
import { testPopulation } from '../support/population';

interface Episode {
  provider: string;
  referralRoute: string;
  startDate: string;
  dischargeDate: string | null;
  dischargeReason: string | null;
  substances: string[] | null;
}
interface TreatmentPicture {
  id: string;
  treatmentClientId: string | null;
  inTreatment: boolean | null;
  treatmentProvider: string | null;
  lastTreatmentContact: string | null;
  treatmentEpisodes: Episode[] | null;
  drugTests: { testDate: string; courtOrdered: boolean; result: string; substancesDetected: string[] }[] | null;
  outcomeReviews: { reviewDate: string; stage: string; substanceUseDays: number }[] | null;
  treatmentContinuityOfCare: { releaseDate: string; daysToCommunityTreatment: number | null; engagedWithin21Days: boolean | null }[] | null;
}

const TREATMENT_FIELDS = `id treatmentClientId inTreatment treatmentProvider lastTreatmentContact
  treatmentEpisodes { id provider referralRoute startDate dischargeDate dischargeReason appointmentsKept appointmentsMissed lastContactDate substances }
  drugTests { testDate method courtOrdered result substancesDetected episodeId }
  outcomeReviews { reviewDate stage substanceUseDays injecting housingSituation employmentStatus episodeId }
  treatmentContinuityOfCare { releaseDate communityTreatmentStart daysToCommunityTreatment engagedWithin21Days }`;

describe('the substance-misuse subgraph through the gateway', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  const population = testPopulation();
  const clients = population.people.filter((p) => p.identifiers.treatmentClientId);
  // Consent recorded, so clinical data is shared whether or not the DRR is still open.
  const onDrr = clients.find(
    (p) => p.duplicateOf === undefined && sharedFacts(population, p).drugRehabilitationRequirement && consentRecordedOn(p.identifiers.treatmentClientId!, population.referenceDate),
  )!;
  // Treatment data including clinical facts is for a probation practitioner (see schema/access-policy.json).
  const practitioner = () => as('probation-practitioner');

  const byClientId = async (value: string, fields: string) =>
    postGraphQL<{ personByIdentifier: TreatmentPicture | null }>(
      hub.gatewayUrl,
      `query($value: String!) { personByIdentifier(type: TREATMENT_CLIENT_ID, value: $value) { ${fields} } }`,
      { value },
      await practitioner(),
    );

  it('finds a person on a DRR by treatment client ID: the DRR episode starts on the requirement start, with court-ordered tests', async () => {
    const drr = sharedFacts(population, onDrr).drugRehabilitationRequirement!;
    const response = await byClientId(onDrr.identifiers.treatmentClientId!, TREATMENT_FIELDS);
    expect(response.errors).toBeUndefined();
    const person = response.data!.personByIdentifier!;
    expect(person.id).toBe(onDrr.hubId);
    expect(person.treatmentClientId).toBe(onDrr.identifiers.treatmentClientId);
    expect(person.treatmentProvider).toBe(providerFor(onDrr));
    const drrEpisodes = person.treatmentEpisodes!.filter((e) => e.referralRoute === 'DRR');
    expect(drrEpisodes).toHaveLength(1);
    expect(drrEpisodes[0]).toMatchObject({ startDate: drr.start, provider: providerFor(onDrr) });
    expect(drrEpisodes[0].substances!.length).toBeGreaterThan(0);
    expect(drrEpisodes[0].substances).not.toContain('ALCOHOL');
    expect(person.inTreatment).toBe(person.treatmentEpisodes!.some((e) => e.dischargeDate === null));
    expect(person.drugTests!.some((t) => t.courtOrdered)).toBe(true);
    expect(person.outcomeReviews!.some((r) => r.stage === 'START' && r.reviewDate === drr.start)).toBe(true);
    const contacts = person.treatmentEpisodes!.map((e) => (e as unknown as { lastContactDate: string }).lastContactDate).sort();
    expect(person.lastTreatmentContact).toBe(contacts[contacts.length - 1]);
  });

  it('DRR and ATR referral routes agree, person by person, with the requirements probation holds', async () => {
    const response = await postGraphQL<{ people: { edges: { node: { treatmentClientId: string; treatmentEpisodes: Episode[] | null } }[] } }>(
      hub.gatewayUrl,
      `{ people(first: 500, filter: { hasIdentifiers: [TREATMENT_CLIENT_ID] }) { edges { node { treatmentClientId treatmentEpisodes { referralRoute startDate } } } } }`,
    );
    expect(response.errors).toBeUndefined();
    const seen = response.data!.people.edges.map((edge) => edge.node);
    expect(seen).toHaveLength(clients.length);
    let requirements = 0;
    for (const node of seen) {
      const person = clients.find((p) => p.identifiers.treatmentClientId === node.treatmentClientId)!;
      const facts = sharedFacts(population, person);
      const startsOf = (route: string) => node.treatmentEpisodes!.filter((e) => e.referralRoute === route).map((e) => e.startDate);
      expect(startsOf('DRR')).toEqual(facts.drugRehabilitationRequirement ? [facts.drugRehabilitationRequirement.start] : []);
      expect(startsOf('ATR')).toEqual(facts.alcoholTreatmentRequirement ? [facts.alcoholTreatmentRequirement.start] : []);
      requirements += startsOf('DRR').length + startsOf('ATR').length;
    }
    expect(requirements).toBeGreaterThan(5);
  });

  it('nobody in custody today is in community treatment', async () => {
    const inCustody = clients.filter((p) => p.profile.inCustodyNow).slice(0, 20);
    expect(inCustody.length).toBeGreaterThan(0);
    const response = await postGraphQL<{ _entities: ({ inTreatment: boolean } | null)[] }>(
      hub.subgraphs['substance-misuse'].url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { inTreatment } } }`,
      { r: inCustody.map((p) => ({ __typename: 'Person', treatmentClientId: p.identifiers.treatmentClientId })) },
      await asGateway(hub, 'probation-practitioner'),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities.map((e) => e?.inTreatment)).toEqual(inCustody.map(() => false));
  });

  it('answers null for an unknown client ID, refuses a malformed one, and null straight from the subgraph for a missing key', async () => {
    const unknown = await byClientId('TC99999999', TREATMENT_FIELDS);
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data).toEqual({ personByIdentifier: null });
    const malformed = await byClientId('TC12', 'id');
    expect(malformed.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(malformed.errors![0].message).toContain('TC followed by 8 digits');
    const direct = await postGraphQL<{ _entities: unknown[] }>(
      hub.subgraphs['substance-misuse'].url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { inTreatment } } }`,
      { r: [{ __typename: 'Person', treatmentClientId: 'TC99999999' }, { __typename: 'Person', treatmentClientId: 'x' }, { __typename: 'Person', treatmentClientId: null }] },
      await asGateway(hub, 'probation-practitioner'),
    );
    expect(direct.errors).toBeUndefined();
    expect(direct.data!._entities).toEqual([null, null, null]);
  });

  it('marks clinical fields apart from engagement ones in the schema, for the access rules', () => {
    const sdl = readFileSync(fromRoot('schema/subgraphs/substance-misuse.graphql'), 'utf8');
    const describedAs = (field: string) => new RegExp(`"""\\s*Special category \\(clinical\\)[^"]*"""\\s*${field}`).test(sdl);
    expect(describedAs('drugTests')).toBe(true);
    expect(describedAs('outcomeReviews')).toBe(true);
    expect(describedAs('substances')).toBe(true);
    expect(describedAs('inTreatment')).toBe(false);
    expect(describedAs('treatmentProvider')).toBe(false);
  });

  it('costs the same SQL statements for 10 and 100 people', async () => {
    const query = `query($first: Int!) { people(first: $first, filter: { hasIdentifiers: [TREATMENT_CLIENT_ID] }) { edges { node { ${TREATMENT_FIELDS} } } } }`;
    const run = (first: number) =>
      countSqlStatements(hub, async () => {
        // The treatment providers' own worker: every treatment client is one of their clients.
        const response = await postGraphQL<{ people: { edges: unknown[] } }>(hub.gatewayUrl, query, { first }, await as('substance-misuse-worker'));
        // Clinical data of people without consent or a court order is withheld, and only that.
        expect((response.errors ?? []).filter((e) => !(e.extensions?.code === 'FORBIDDEN' && e.message.includes('clinical-consent')))).toEqual([]);
        expect(response.data!.people.edges).toHaveLength(first);
      });
    const small = await run(10);
    const large = await run(100);
    expect(small['substance-misuse']).toBeGreaterThan(0);
    expect(large['substance-misuse']).toBe(small['substance-misuse']);
  });
});
