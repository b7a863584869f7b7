import type { RunningHub } from '../../runtime/hub';
import { consentRecordedOn } from '../../synthetic/seeds/substance-misuse';
import { loadAccessPolicy } from '../../subgraphs/kit/access/policy';
import { as, asGateway, postGraphQL, startTestHub, type GraphQLResponse } from '../support/hub';
import { ownDatabases } from '../support/own-databases';
import { testPopulation } from '../support/population';

/**
 * Every profile × every data category, straight from schema/access-policy.json: a caller with the
 * scope gets the data, a caller without it gets null + FORBIDDEN at exactly that path — through
 * the gateway, and again directly against the subgraph that holds the data.
 */
const population = testPopulation();
const person = population.people.find(
  (p) =>
    p.duplicateOf === undefined &&
    p.profile.statutorySupervision &&
    p.identifiers.pncId &&
    p.identifiers.crn &&
    p.identifiers.housingReference &&
    p.identifiers.treatmentClientId &&
    consentRecordedOn(p.identifiers.treatmentClientId, population.referenceDate),
)!;

interface PersonProbe {
  field: string;
  selection: string;
  subgraph: string;
  key: Record<string, string>;
}

const PERSON_PROBES: Record<string, PersonProbe> = {
  offending: { field: 'offences', selection: 'offences { committedOn }', subgraph: 'police', key: { pncId: person.identifiers.pncId! } },
  'police-intelligence': { field: 'homeVisits', selection: 'homeVisits { __typename }', subgraph: 'police', key: { pncId: person.identifiers.pncId! } },
  sentence: { field: 'orders', selection: 'orders { __typename }', subgraph: 'probation', key: { crn: person.identifiers.crn! } },
  risk: { field: 'riskAssessments', selection: 'riskAssessments { __typename }', subgraph: 'probation', key: { crn: person.identifiers.crn! } },
  'housing-status': { field: 'housingAuthority', selection: 'housingAuthority { code }', subgraph: 'housing', key: { housingReference: person.identifiers.housingReference! } },
  'housing-detail': { field: 'accommodationHistory', selection: 'accommodationHistory { status }', subgraph: 'housing', key: { housingReference: person.identifiers.housingReference! } },
  'treatment-engagement': { field: 'treatmentEpisodes', selection: 'treatmentEpisodes { startDate }', subgraph: 'substance-misuse', key: { treatmentClientId: person.identifiers.treatmentClientId! } },
  'treatment-clinical': { field: 'drugTests', selection: 'drugTests { __typename }', subgraph: 'substance-misuse', key: { treatmentClientId: person.identifiers.treatmentClientId! } },
};

const ROOT_PROBES: Record<string, { field: string; selection: string }> = {
  'aggregate-statistics': { field: 'releaseHousingPerformance', selection: 'releaseHousingPerformance { from }' },
  audit: { field: 'auditRecords', selection: 'auditRecords(first: 1) { totalCount }' },
};

const policy = loadAccessPolicy();
// The person is a current client of every partner agency (their identifiers came from each), so
// every profile but the caseload-only one may see them; the caseload is tested on its own.
const profiles = Object.keys(policy.profiles).filter((name) => policy.profiles[name].rows !== 'iom-caseload');
const has = (profile: string, scope: string) => policy.profiles[profile].scopes.includes(scope);
const isForbiddenAt = (response: GraphQLResponse, path: (string | number)[]) =>
  !!response.errors?.some((e) => e.extensions?.code === 'FORBIDDEN' && JSON.stringify(e.path) === JSON.stringify(path));

const QUERY = `query($id: ID!) {
  person(id: $id) { id givenName ${Object.values(PERSON_PROBES).map((p) => p.selection).join(' ')} }
  ${Object.values(ROOT_PROBES).map((p) => p.selection).join(' ')}
}`;

describe('profile × data category', () => {
  let hub: RunningHub;
  const answers = new Map<string, Promise<GraphQLResponse>>();
  const answerFor = (profile: string) => {
    if (!answers.has(profile)) answers.set(profile, as(profile).then((headers) => postGraphQL(hub.gatewayUrl, QUERY, { id: person.hubId }, headers)));
    return answers.get(profile)!;
  };
  beforeAll(async () => {
    // releaseHousingPerformance records what it answers (the check between answers): on a copy, so no other file's answers depend on this one's.
    hub = await startTestHub({ databaseUrls: await ownDatabases('profile_matrix', { copies: ['housing'] }) });
  });
  afterAll(() => hub.stop());

  describe('through the gateway', () => {
    it.each(profiles)('%s: identity', async (profile) => {
      const response = await answerFor(profile);
      if (has(profile, 'identity')) {
        expect((response.data?.person as Record<string, unknown>).givenName).toBe(person.givenName);
      } else {
        expect(response.data?.person).toBeNull();
        expect(isForbiddenAt(response, ['person'])).toBe(true);
      }
    });

    const personCases = profiles.flatMap((profile) => Object.keys(PERSON_PROBES).map((scope) => [profile, scope] as const));
    it.each(personCases)('%s: %s', async (profile, scope) => {
      const response = await answerFor(profile);
      const probe = PERSON_PROBES[scope];
      if (!has(profile, 'identity')) return expect(response.data?.person).toBeNull();
      const value = (response.data!.person as Record<string, unknown>)[probe.field];
      if (has(profile, scope)) {
        expect(isForbiddenAt(response, ['person', probe.field])).toBe(false);
        expect(value).not.toBeNull();
      } else {
        expect(value).toBeNull();
        expect(isForbiddenAt(response, ['person', probe.field])).toBe(true);
      }
    });

    const rootCases = profiles.flatMap((profile) => Object.keys(ROOT_PROBES).map((scope) => [profile, scope] as const));
    it.each(rootCases)('%s: %s', async (profile, scope) => {
      const response = await answerFor(profile);
      const { field } = ROOT_PROBES[scope];
      if (has(profile, scope)) {
        expect(response.data?.[field]).not.toBeNull();
        expect(isForbiddenAt(response, [field])).toBe(false);
      } else {
        expect(response.data?.[field]).toBeNull();
        expect(isForbiddenAt(response, [field])).toBe(true);
      }
    });
  });

  describe('directly against each subgraph, with the gateway-signed caller context', () => {
    const cases = profiles.flatMap((profile) => Object.keys(PERSON_PROBES).map((scope) => [profile, scope] as const));
    it.each(cases)('%s: %s', async (profile, scope) => {
      const probe = PERSON_PROBES[scope];
      const response = await postGraphQL<{ _entities: (Record<string, unknown> | null)[] }>(
        hub.subgraphs[probe.subgraph].url,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { ${probe.selection} } } }`,
        { r: [{ __typename: 'Person', ...probe.key }] },
        await asGateway(hub, profile),
      );
      if (policy.profiles[profile].rows === 'none') {
        // No person-level row at all: the subgraph knows no one, as for an unknown key.
        expect(response.data!._entities).toEqual([null]);
        return;
      }
      const value = response.data!._entities[0]?.[probe.field];
      if (has(profile, scope)) {
        expect(response.errors).toBeUndefined();
        expect(value).not.toBeNull();
      } else {
        expect(value).toBeNull();
        expect(isForbiddenAt(response, ['_entities', 0, probe.field])).toBe(true);
      }
    });
  });
});

describe('the clinical-consent policy', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  const clients = population.people.filter((p) => p.identifiers.treatmentClientId && p.duplicateOf === undefined);
  const withoutConsentOrOrder = clients.find((p) => !consentRecordedOn(p.identifiers.treatmentClientId!, population.referenceDate) && !p.profile.statutorySupervision)!;
  const withConsent = clients.find((p) => consentRecordedOn(p.identifiers.treatmentClientId!, population.referenceDate))!;
  const query = `query($v: String!) { personByIdentifier(type: TREATMENT_CLIENT_ID, value: $v) { inTreatment treatmentConsentRecordedOn drugTests { testDate } } }`;

  it('withholds clinical data of a non-statutory case without recorded consent, even from a scope holder', async () => {
    const response = await postGraphQL<{ personByIdentifier: { inTreatment: boolean | null; treatmentConsentRecordedOn: string | null; drugTests: unknown } }>(
      hub.gatewayUrl,
      query,
      { v: withoutConsentOrOrder.identifiers.treatmentClientId },
      await as('substance-misuse-worker'),
    );
    expect(response.data!.personByIdentifier.treatmentConsentRecordedOn).toBeNull();
    expect(typeof response.data!.personByIdentifier.inTreatment).toBe('boolean');
    expect(response.data!.personByIdentifier.drugTests).toBeNull();
    const error = response.errors?.find((e) => JSON.stringify(e.path) === JSON.stringify(['personByIdentifier', 'drugTests']));
    expect(error?.extensions?.code).toBe('FORBIDDEN');
    expect(error?.message).toContain('clinical-consent');
  });

  it('shares it once consent is recorded', async () => {
    const response = await postGraphQL<{ personByIdentifier: { drugTests: unknown[] | null } }>(
      hub.gatewayUrl,
      query,
      { v: withConsent.identifiers.treatmentClientId },
      await as('substance-misuse-worker'),
    );
    expect(response.errors).toBeUndefined();
    expect(Array.isArray(response.data!.personByIdentifier.drugTests)).toBe(true);
  });
});
