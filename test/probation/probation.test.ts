import type { SyntheticPerson } from '../../synthetic/population';
import { sharedFacts } from '../../synthetic/shared-facts';
import type { RunningHub } from '../../runtime/hub';
import { postGraphQL, startTestHub } from '../support/hub';
import { testPopulation } from '../support/population';

interface Order {
  type: string;
  startedOn: string;
  expectedEndOn: string;
  terminatedOn: string | null;
  terminationReason: string | null;
  requirements: { type: string }[];
}
interface Requirement {
  type: string;
  status: string;
  startedOn: string | null;
  plannedEndOn: string | null;
  endedOn: string | null;
  provider: string | null;
}

describe('the probation subgraph through the gateway', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  const population = testPopulation();
  const known = population.people.filter((p) => p.duplicateOf === undefined && p.identifiers.crn);
  const onLicence = known.find((p) => sharedFacts(population, p).onLicence)!;
  const withDrr = known.find((p) => sharedFacts(population, p).drugRehabilitationRequirement)!;
  const withAtr = known.find((p) => sharedFacts(population, p).alcoholTreatmentRequirement)!;

  const BY_CRN = `query($value: String!) { personByIdentifier(type: CRN, value: $value) {
    id givenName
    probationCase { crn pncId prisonNumber deliveryUnit }
    orders { type startedOn expectedEndOn terminatedOn terminationReason practitioner team requirements { type } }
    requirements { type status startedOn plannedEndOn endedOn provider }
    compliance { appointmentsAttended failedToAttendAcceptable failedToAttendUnacceptable appointments { appointmentOn outcome } warningLetters { actionOn } breaches { actionOn } recalls { actionOn } }
    risk { riskOfSeriousHarm reoffendingPredictorPercentage assessedOn }
    riskAssessments { assessedOn }
    crsReferrals { service provider referredOn startedOn completedOn }
  } }`;

  type ByCrn = {
    personByIdentifier: {
      id: string;
      givenName: string;
      probationCase: { crn: string; pncId: string | null; prisonNumber: string | null; deliveryUnit: string };
      orders: Order[];
      requirements: Requirement[];
      compliance: { appointmentsAttended: number; failedToAttendAcceptable: number; failedToAttendUnacceptable: number; appointments: { appointmentOn: string; outcome: string }[]; warningLetters: unknown[]; breaches: unknown[]; recalls: unknown[] };
      risk: { riskOfSeriousHarm: string; reoffendingPredictorPercentage: number; assessedOn: string } | null;
      riskAssessments: { assessedOn: string }[];
    };
  };
  const byCrn = (person: SyntheticPerson) => postGraphQL<ByCrn>(hub.gatewayUrl, BY_CRN, { value: person.identifiers.crn });

  it('finds a person by CRN, with the PNC ID and prison number on the case record as data', async () => {
    const response = await byCrn(onLicence);
    expect(response.errors).toBeUndefined();
    const person = response.data!.personByIdentifier;
    expect(person).toMatchObject({ id: onLicence.hubId, givenName: onLicence.givenName });
    expect(person.probationCase).toEqual({
      crn: onLicence.identifiers.crn,
      pncId: onLicence.identifiers.pncId ?? null,
      prisonNumber: onLicence.identifiers.prisonNumber ?? null,
      deliveryUnit: `${onLicence.localAuthority.name} PDU`,
    });
    // On licence since the last release the shared facts record.
    const current = person.orders.filter((o) => o.terminatedOn === null);
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ type: 'LICENCE', startedOn: sharedFacts(population, onLicence).lastRelease, requirements: [] });
    expect(person.risk).toEqual(expect.objectContaining({ assessedOn: person.riskAssessments[0].assessedOn }));
    expect(person.risk!.reoffendingPredictorPercentage).toBeGreaterThanOrEqual(0);
    expect(person.risk!.reoffendingPredictorPercentage).toBeLessThanOrEqual(100);
    const { compliance } = person;
    expect(compliance.appointments.length).toBeGreaterThan(0);
    expect(compliance.appointmentsAttended + compliance.failedToAttendAcceptable + compliance.failedToAttendUnacceptable).toBe(compliance.appointments.length);
    // Unacceptable absences on licence bring warning letters.
    expect(compliance.warningLetters.length).toBe(compliance.failedToAttendUnacceptable);
  });

  it.each([
    ['DRUG_REHABILITATION', () => withDrr, () => sharedFacts(population, withDrr).drugRehabilitationRequirement!],
    ['ALCOHOL_TREATMENT', () => withAtr, () => sharedFacts(population, withAtr).alcoholTreatmentRequirement!],
  ])('takes %s dates from the facts the treatment provider shares', async (type, person, facts) => {
    const response = await postGraphQL<{ personByIdentifier: { requirements: Requirement[]; orders: Order[] } }>(
      hub.gatewayUrl,
      `query($value: String!, $type: ProbationRequirementType) { personByIdentifier(type: CRN, value: $value) { requirements(type: $type) { type status startedOn plannedEndOn endedOn provider } orders { type terminatedOn requirements { type } } } }`,
      { value: person().identifiers.crn, type },
    );
    expect(response.errors).toBeUndefined();
    const { requirements, orders } = response.data!.personByIdentifier;
    expect(requirements).toHaveLength(1);
    expect(requirements[0]).toMatchObject({ type, startedOn: facts().start, plannedEndOn: facts().plannedEnd });
    expect(requirements[0].provider).toMatch(/We Are With You|Cranstoun|WDP/);
    // Part of the person's current community or suspended sentence order.
    const current = orders.find((o) => o.terminatedOn === null)!;
    expect(['COMMUNITY_ORDER', 'SUSPENDED_SENTENCE_ORDER']).toContain(current.type);
    expect(current.requirements.map((r) => r.type)).toContain(type);
  });

  it('filters requirements by type and status, and compliance by date', async () => {
    const all = await byCrn(withDrr);
    const { requirements, compliance } = all.data!.personByIdentifier;
    const status = requirements[0].status;
    const filtered = await postGraphQL<{ personByIdentifier: { requirements: Requirement[]; compliance: { appointments: { appointmentOn: string }[] } } }>(
      hub.gatewayUrl,
      `query($value: String!, $status: ProbationRequirementStatus, $since: LocalDate) { personByIdentifier(type: CRN, value: $value) {
        requirements(status: $status) { type status startedOn plannedEndOn endedOn provider } compliance(since: $since) { appointments { appointmentOn } } } }`,
      { value: withDrr.identifiers.crn, status, since: '2026-05-01' },
    );
    expect(filtered.errors).toBeUndefined();
    expect(filtered.data!.personByIdentifier.requirements).toEqual(requirements.filter((r) => r.status === status));
    expect(filtered.data!.personByIdentifier.compliance.appointments).toEqual(
      compliance.appointments.filter((a) => a.appointmentOn >= '2026-05-01').map((a) => ({ appointmentOn: a.appointmentOn })),
    );
  });

  it('has a current order for exactly the people under statutory supervision', async () => {
    const response = await postGraphQL<{ people: { edges: { node: { crn: string; orders: Order[] } }[] } }>(
      hub.gatewayUrl,
      `{ people(first: 250, filter: { hasIdentifiers: [CRN] }) { edges { node { crn orders { type startedOn expectedEndOn terminatedOn terminationReason requirements { type } } } } } }`,
    );
    expect(response.errors).toBeUndefined();
    const supervised = response.data!.people.edges.filter((e) => e.node.orders.some((o) => o.terminatedOn === null)).map((e) => e.node.crn).sort();
    expect(supervised).toEqual(known.filter((p) => p.profile.statutorySupervision).map((p) => p.identifiers.crn!).sort());
    for (const { node } of response.data!.people.edges) {
      expect(node.orders.length).toBeGreaterThan(0);
      for (const order of node.orders) {
        expect(order.startedOn < order.expectedEndOn).toBe(true);
        expect(order.terminatedOn === null).toBe(order.terminationReason === null);
        if (order.type === 'LICENCE' || order.type === 'POST_SENTENCE_SUPERVISION') expect(order.requirements).toEqual([]);
      }
    }
  });

  it('answers null for an unknown CRN, and BAD_USER_INPUT naming the format for a malformed one', async () => {
    expect(known.some((p) => p.identifiers.crn === 'Z000001')).toBe(false);
    const unknown = await postGraphQL(hub.gatewayUrl, BY_CRN, { value: 'Z000001' });
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data).toEqual({ personByIdentifier: null });
    const direct = await postGraphQL(hub.gatewayUrl, `{ probationCase(crn: "Z000001") { crn } }`);
    expect(direct.errors).toBeUndefined();
    expect(direct.data).toEqual({ probationCase: null });

    for (const query of [BY_CRN, `query($value: String!) { probationCase(crn: $value) { crn } }`]) {
      const malformed = await postGraphQL(hub.gatewayUrl, query, { value: '12345X' });
      expect(malformed.errors).toHaveLength(1);
      expect(malformed.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(malformed.errors![0].message).toContain('a letter followed by 6 digits');
    }
  });

  it('joins a probation case back to the people index', async () => {
    const response = await postGraphQL<{ probationCase: { crn: string; person: { id: string; familyName: string; pncId: string | null } } }>(
      hub.gatewayUrl,
      `query($crn: String!) { probationCase(crn: $crn) { crn person { id familyName pncId } } }`,
      { crn: withAtr.identifiers.crn },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.probationCase.person).toEqual({ id: withAtr.hubId, familyName: withAtr.familyName, pncId: withAtr.identifiers.pncId ?? null });
  });
});
