import type { EntityManager } from '@mikro-orm/postgresql';
import type { RunningHub } from '../../runtime/hub';
import { fixedClock } from '../../subgraphs/kit/dates';
import { Agency } from '../../subgraphs/kit/agency';
import { Sex } from '../../subgraphs/kit/sex';
import { IdentifierType } from '../../subgraphs/kit/identifiers';
import { makeIdentifier } from '../../synthetic/identifiers';
import { Person } from '../../subgraphs/people/entities/person.entity';
import { LinkMethod, PersonIdentifier } from '../../subgraphs/people/entities/person-identifier.entity';
import { PoliceNominal } from '../../subgraphs/police/entities/nominal.entity';
import { PoliceOffence } from '../../subgraphs/police/entities/offence.entity';
import { PoliceCrimeType, PoliceOutcome } from '../../subgraphs/police/entities/enums';
import { ProbationCase } from '../../subgraphs/probation/entities/case.entity';
import { ProbationCustody } from '../../subgraphs/probation/entities/custody.entity';
import { HousingClient } from '../../subgraphs/housing/entities/housing-client.entity';
import { AccommodationPeriod } from '../../subgraphs/housing/entities/accommodation-period.entity';
import { HomelessnessCase } from '../../subgraphs/housing/entities/homelessness-case.entity';
import { AccommodationStatus, HomelessnessDuty, HomelessnessReferralRoute } from '../../subgraphs/housing/entities/enums';
import { TreatmentClient } from '../../subgraphs/substance-misuse/entities/treatment-client.entity';
import { TreatmentEpisode } from '../../subgraphs/substance-misuse/entities/treatment-episode.entity';
import { TreatmentAppointment } from '../../subgraphs/substance-misuse/entities/treatment-appointment.entity';
import { TreatmentReferralRoute, TreatmentSubstance } from '../../subgraphs/substance-misuse/entities/enums';
import { IomCase } from '../../subgraphs/iom/entities/case.entity';
import { CaseConference } from '../../subgraphs/iom/entities/conference.entity';
import { RagReview } from '../../subgraphs/iom/entities/review.entity';
import { CaseConferenceStatus, IomCaseBasis, IomCaseEndReason, IomCaseStatus, RagRating } from '../../subgraphs/iom/entities/enums';
import { as, asGateway, callerFor, postGraphQL, startTestHub, type GraphQLResponse } from '../support/hub';
import { ownDatabases } from '../support/own-databases';

/**
 * What partners add to an agenda beyond police and probation's first fields: treatment
 * appointments, homelessness and Duty to Refer, custody with the expected release date, when each
 * partner's data last changed, whether it holds a record at all, and where partners disagree. The
 * file's databases start empty: the people, their records and the conferences are built here, so
 * every expected figure follows from the rows below and the definitions.
 */
describe("partners' evidence on an agenda", () => {
  /** The hub believes it is the conference day: police's "in custody now" speaks for it. */
  const DAY = '2020-03-02';
  const EARLIER = '2020-02-03';
  let hub: RunningHub;
  let conferenceId: string;
  let earlierId: string;
  const ids = { a: '', b: '', c: '' };
  const pnc = (serial: number) => makeIdentifier.pncId(1998, 9_990_000 + serial);
  const person = {
    a: { pncId: pnc(1), crn: makeIdentifier.crn('Z', 990_001), housingReference: makeIdentifier.housingReference('LIN', 990_001), treatmentClientId: makeIdentifier.treatmentClientId(99_900_001) },
    b: { pncId: pnc(2), housingReference: makeIdentifier.housingReference('LIN', 990_002) },
    c: { pncId: pnc(3), housingReference: makeIdentifier.housingReference('LIN', 990_003) },
  };
  const changed = {
    policeA: '2020-02-12T09:30:00.000Z',
    probationA: '2020-02-20T11:00:00.000Z',
    housingA: '2020-02-20T14:45:00.000Z',
    treatmentA: '2020-03-02T16:10:00.000Z',
  };

  const em = (name: string): EntityManager => hub.subgraphs[name].orm.em.fork() as EntityManager;

  beforeAll(async () => {
    // Empty databases of this file's own: the people, records and conferences below are all there is.
    const databaseUrls = await ownDatabases('agenda_partner_evidence', { empty: ['people', 'police', 'probation', 'housing', 'substance-misuse', 'iom'] });
    hub = await startTestHub({ databaseUrls, clock: fixedClock(DAY) });

    // The person index: A is known to every partner, B to police and (by reference only) housing, C to police and housing.
    const people = em('people');
    const sources: [keyof typeof person, IdentifierType, string, Agency][] = [];
    for (const key of ['a', 'b', 'c'] as const) {
      const row = people.create(Person, { givenName: `Evidence${key.toUpperCase()}`, familyName: 'Testcase', dateOfBirth: '1990-05-05', sex: Sex.MALE });
      await people.flush();
      ids[key] = row.id;
      const identifiers = person[key] as Partial<Record<'pncId' | 'crn' | 'housingReference' | 'treatmentClientId', string>>;
      if (identifiers.pncId) sources.push([key, IdentifierType.PNC_ID, identifiers.pncId, Agency.POLICE]);
      if (identifiers.crn) sources.push([key, IdentifierType.CRN, identifiers.crn, Agency.PROBATION]);
      if (identifiers.housingReference) sources.push([key, IdentifierType.HOUSING_REFERENCE, identifiers.housingReference, Agency.HOUSING]);
      if (identifiers.treatmentClientId) sources.push([key, IdentifierType.TREATMENT_CLIENT_ID, identifiers.treatmentClientId, Agency.SUBSTANCE_MISUSE]);
    }
    for (const [key, type, value, sourceAgency] of sources) people.create(PersonIdentifier, { personId: ids[key], type, value, sourceAgency, linkMethod: LinkMethod.EXACT });
    await people.flush();

    // Police: A offended inside the window, C only before it; B is in custody as police record it.
    const police = em('police');
    const nominal = (pncId: string, inCustody: boolean, recordChangedAt: string) =>
      ({ pncId, localReference: `NOM-TST-${pncId.slice(5, 12)}`, policingArea: 'Lincoln', neighbourhood: 'Lincoln Central', dateOfBirth: '1990-05-05', mappaCategory: null, mappaLevel: null, inCustody, recordChangedAt: new Date(recordChangedAt) }) as PoliceNominal;
    await police.insertMany(PoliceNominal, [nominal(person.a.pncId, false, changed.policeA), nominal(person.b.pncId, true, '2020-01-01T10:00:00.000Z'), nominal(person.c.pncId, false, '2020-01-15T10:00:00.000Z')]);
    await police.insertMany(PoliceOffence, [
      { pncId: person.a.pncId, committedOn: '2020-02-12', crimeType: PoliceCrimeType.SHOPLIFTING, outcome: PoliceOutcome.CHARGE },
      { pncId: person.c.pncId, committedOn: '2020-01-15', crimeType: PoliceCrimeType.SHOPLIFTING, outcome: PoliceOutcome.CHARGE },
    ] as PoliceOffence[]);

    // Probation holds A only: in custody since 20 February, release expected on 19 August.
    const probation = em('probation');
    await probation.insert(ProbationCase, { crn: person.a.crn, pncId: person.a.pncId, prisonNumber: null, deliveryUnit: 'Lincoln PDU', recordChangedAt: new Date(changed.probationA) } as ProbationCase);
    await probation.insert(ProbationCustody, { crn: person.a.crn, startedOn: '2020-02-20', expectedReleaseOn: '2020-08-19', releasedOn: null } as ProbationCustody);

    // Housing holds A (in custody since 20 February, per its IN_CUSTODY period) and C (settled in
    // Kingsmere, outside the district police manage C in); B's reference has no case behind it.
    const housing = em('housing');
    await housing.insertMany(HousingClient, [
      { housingReference: person.a.housingReference, localAuthorityCode: 'LIN', localAuthorityName: 'Lincoln', recordChangedAt: new Date(changed.housingA) },
      { housingReference: person.c.housingReference, localAuthorityCode: 'LIN', localAuthorityName: 'Lincoln', recordChangedAt: new Date('2019-06-01T12:00:00.000Z') },
    ] as HousingClient[]);
    await housing.insertMany(AccommodationPeriod, [
      { housingReference: person.a.housingReference, status: AccommodationStatus.SETTLED, startDate: '2019-06-01', endDate: '2020-02-20', localAuthorityCode: 'LIN', localAuthorityName: 'Lincoln' },
      { housingReference: person.a.housingReference, status: AccommodationStatus.IN_CUSTODY, startDate: '2020-02-20', endDate: null, localAuthorityCode: null, localAuthorityName: null },
      { housingReference: person.c.housingReference, status: AccommodationStatus.SETTLED, startDate: '2019-06-01', endDate: null, localAuthorityCode: 'KGM', localAuthorityName: 'Kingsmere' },
    ] as AccommodationPeriod[]);
    const homelessness = (referralDate: string, referralRoute: HomelessnessReferralRoute) =>
      ({
        housingReference: person.a.housingReference, referralDate, referralRoute, referringAgency: referralRoute === HomelessnessReferralRoute.DUTY_TO_REFER ? Agency.PROBATION : null,
        duty: HomelessnessDuty.PREVENTION, dutyStartDate: referralDate, dutyEndDate: null, outcome: null, localAuthorityCode: 'LIN', localAuthorityName: 'Lincoln',
      }) as HomelessnessCase;
    await housing.insertMany(HomelessnessCase, [
      homelessness('2020-02-02', HomelessnessReferralRoute.DUTY_TO_REFER), // the day before the window: out
      homelessness('2020-02-05', HomelessnessReferralRoute.DUTY_TO_REFER), // in
      homelessness(DAY, HomelessnessReferralRoute.SELF_APPLICATION), // on the conference day: in
    ]);

    // Treatment: A's weekly appointments either side of the window and on both its ends.
    const treatment = em('substance-misuse');
    await treatment.insert(TreatmentClient, { treatmentClientId: person.a.treatmentClientId, provider: 'WDP', consentToShareRecordedOn: null, recordChangedAt: new Date(changed.treatmentA) } as TreatmentClient);
    const episode = treatment.create(TreatmentEpisode, {
      treatmentClientId: person.a.treatmentClientId, provider: 'WDP', referralRoute: TreatmentReferralRoute.SELF, startDate: '2020-01-27', dischargeDate: null, dischargeReason: null,
      appointmentsKept: 5, appointmentsMissed: 2, lastContactDate: '2020-02-24', substances: [TreatmentSubstance.CRACK],
    });
    await treatment.flush();
    const appointments: [string, boolean][] = [
      ['2020-01-27', true], // before the window
      [EARLIER, true], // the window's first day
      ['2020-02-10', false],
      ['2020-02-17', true],
      ['2020-02-24', true],
      [DAY, false], // the conference day
      ['2020-03-09', true], // after it
    ];
    await treatment.insertMany(TreatmentAppointment, appointments.map(([appointmentOn, kept]) => ({ treatmentClientId: person.a.treatmentClientId, episodeId: episode.id, appointmentOn, kept })) as TreatmentAppointment[]);

    // IOM: A and C reviewed at the earlier conference (their window starts then); B adopted after it.
    const iom = em('iom');
    const earlier = iom.create(CaseConference, { heldOn: EARLIER, chairAgencies: [Agency.POLICE, Agency.PROBATION], status: CaseConferenceStatus.HELD });
    const conference = iom.create(CaseConference, { heldOn: DAY, chairAgencies: [Agency.POLICE, Agency.PROBATION] });
    await iom.flush();
    [earlierId, conferenceId] = [earlier.id, conference.id];
    // Ended months later, like the benchmark's cases, so no cohort's caseload moves.
    const iomCase = (personId: string, adoptedOn: string) =>
      iom.create(IomCase, {
        personId, cohortCode: 'FIXED', status: IomCaseStatus.ENDED, sex: Sex.MALE, ageAtReferral: 29, sourceAgency: Agency.POLICE, referralReason: 'Test case.', referredOn: '2019-11-04',
        neighbourhoodCrime: true, domesticAbusePerpetrator: false, decidedOn: '2019-11-11', adoptedOn, caseBasis: IomCaseBasis.STATUTORY, leadAgency: Agency.PROBATION, keyWorker: 'Sam Test',
        endedOn: '2020-06-30', endReason: IomCaseEndReason.MOVED_AWAY,
      });
    const cases = { a: iomCase(ids.a, '2019-12-02'), b: iomCase(ids.b, '2020-02-10'), c: iomCase(ids.c, '2019-12-02') };
    await iom.flush();
    for (const key of ['a', 'c'] as const) iom.create(RagReview, { caseId: cases[key].id, conferenceId: earlier.id, reviewedOn: EARLIER, rating: RagRating.AMBER, rationale: 'Test review.' });
    await iom.flush();
  });

  afterAll(async () => {
    await hub.stop();
  });

  const EVIDENCE = `
    since until
    treatmentAppointments { kept missed }
    homelessnessCases { referralDate referralRoute referringAgency }
    inCustody custodySince policeInCustody probationInCustody expectedReleaseOn
    policeRecord { hasRecord lastChangedAt } probationRecord { hasRecord lastChangedAt }
    housingRecord { hasRecord lastChangedAt } treatmentRecord { hasRecord lastChangedAt }
    accommodationArea policingArea custodyDisagreement addressDisagreement`;
  const AGENDA = `query($id: ID!) { caseConference(id: $id) {
    agendaSummary { people newOffendingSinceLastReview inCustody }
    agenda { person { id } evidence { ${EVIDENCE} } } } }`;

  interface Evidence {
    since: string;
    until: string;
    treatmentAppointments: { kept: number; missed: number } | null;
    homelessnessCases: { referralDate: string; referralRoute: string; referringAgency: string | null }[] | null;
    inCustody: boolean | null;
    custodySince: string | null;
    policeInCustody: boolean | null;
    probationInCustody: boolean | null;
    expectedReleaseOn: string | null;
    policeRecord: { hasRecord: boolean; lastChangedAt: string | null } | null;
    probationRecord: { hasRecord: boolean; lastChangedAt: string | null } | null;
    housingRecord: { hasRecord: boolean; lastChangedAt: string | null } | null;
    treatmentRecord: { hasRecord: boolean; lastChangedAt: string | null } | null;
    accommodationArea: string | null;
    policingArea: string | null;
    custodyDisagreement: boolean | null;
    addressDisagreement: boolean | null;
  }
  type Agenda = { caseConference: { agendaSummary: { people: number; newOffendingSinceLastReview: number | null; inCustody: number | null }; agenda: { person: { id: string }; evidence: Evidence }[] } };

  async function agenda(id: string, headers: Record<string, string> = {}): Promise<GraphQLResponse<Agenda>> {
    return postGraphQL<Agenda>(hub.gatewayUrl, AGENDA, { id }, headers);
  }

  function byPerson(response: GraphQLResponse<Agenda>): Record<'a' | 'b' | 'c', Evidence> {
    const items = response.data!.caseConference.agenda;
    const find = (id: string) => items.find((item) => item.person.id === id)!.evidence;
    return { a: find(ids.a), b: find(ids.b), c: find(ids.c) };
  }

  /** The paths refused, as `<person key>.<field>` (and `summary.<field>`). */
  function refusals(response: GraphQLResponse<Agenda>): string[] {
    const items = response.data!.caseConference.agenda;
    const keyOf = (index: number) => (['a', 'b', 'c'] as const).find((key) => items[index].person.id === ids[key]);
    return (response.errors ?? [])
      .map((error) => {
        expect(error.extensions?.code).toBe('FORBIDDEN');
        const path = error.path ?? [];
        // caseConference.agendaSummary.<field>, or caseConference.agenda.<index>.evidence.<field>
        return path[1] === 'agendaSummary' ? `summary.${path[2]}` : `${keyOf(path[2] as number)}.${path[4]}`;
      })
      .sort();
  }

  it('answers each partner’s facts in the window, worked out from the rows built here', async () => {
    const response = await agenda(conferenceId);
    expect(response.errors).toBeUndefined();
    const { a, b, c } = byPerson(response);
    expect([a.since, b.since, c.since]).toEqual([EARLIER, '2020-02-10', EARLIER]);

    // Appointments from the window's first day to the conference day, both inclusive.
    expect(a.treatmentAppointments).toEqual({ kept: 3, missed: 2 });
    // Referred in the window: the Duty to Refer of 5 February and the self-application on the day.
    expect(a.homelessnessCases).toEqual([
      { referralDate: '2020-02-05', referralRoute: 'DUTY_TO_REFER', referringAgency: 'PROBATION' },
      { referralDate: DAY, referralRoute: 'SELF_APPLICATION', referringAgency: null },
    ]);
    // Custody: housing (the source) and probation say in custody, with probation's expected release; police say not.
    expect(a).toMatchObject({ inCustody: true, custodySince: '2020-02-20', probationInCustody: true, expectedReleaseOn: '2020-08-19', policeInCustody: false, custodyDisagreement: true });
    expect(a).toMatchObject({ accommodationArea: null, policingArea: 'Lincoln', addressDisagreement: null });
    expect([a.policeRecord, a.probationRecord, a.housingRecord, a.treatmentRecord]).toEqual([
      { hasRecord: true, lastChangedAt: changed.policeA },
      { hasRecord: true, lastChangedAt: changed.probationA },
      { hasRecord: true, lastChangedAt: changed.housingA },
      { hasRecord: true, lastChangedAt: changed.treatmentA },
    ]);

    // B: police say in custody, nobody else can say, so there is nothing to compare; housing's
    // reference leads to no case: "no record", not a refusal.
    expect(b).toMatchObject({ policeInCustody: true, inCustody: null, probationInCustody: null, custodyDisagreement: null, homelessnessCases: null, treatmentAppointments: null });
    expect([b.housingRecord, b.probationRecord, b.treatmentRecord]).toEqual([{ hasRecord: false, lastChangedAt: null }, { hasRecord: false, lastChangedAt: null }, { hasRecord: false, lastChangedAt: null }]);

    // C: housing settles C in Kingsmere, police manage C in Lincoln; both say not in custody.
    expect(c).toMatchObject({ accommodationArea: 'Kingsmere', policingArea: 'Lincoln', addressDisagreement: true, inCustody: false, policeInCustody: false, custodyDisagreement: false });
    // A housing case with no duty in the window: an empty list, not null.
    expect(c.homelessnessCases).toEqual([]);

    // The summary: new offending in the window (A; C's offence is before it), in custody by housing (A; B only per police).
    expect(response.data!.caseConference.agendaSummary).toEqual({ people: 3, newOffendingSinceLastReview: 1, inCustody: 1 });
  });

  it('a past conference keeps its own window and day: police cannot say who was in custody then', async () => {
    const response = await agenda(earlierId);
    expect(response.errors).toBeUndefined();
    const items = response.data!.caseConference.agenda;
    expect(items.map((item) => item.person.id).sort()).toEqual([ids.a, ids.c].sort());
    const a = items.find((item) => item.person.id === ids.a)!.evidence;
    // Adopted 2 December, to the conference day: the appointments of 27 January and 3 February
    // (both kept), and the Duty to Refer of 2 February that the later window leaves out.
    expect(a).toMatchObject({
      since: '2019-12-02', until: EARLIER, treatmentAppointments: { kept: 2, missed: 0 },
      homelessnessCases: [{ referralDate: '2020-02-02', referralRoute: 'DUTY_TO_REFER', referringAgency: 'PROBATION' }],
    });
    // On 3 February housing and probation both had A in the community; police only know today.
    expect(a).toMatchObject({ inCustody: false, probationInCustody: false, expectedReleaseOn: null, policeInCustody: null, custodyDisagreement: false });
    // C's offence of 15 January lies in C's window to this conference (the later one left it out).
    expect(response.data!.caseConference.agendaSummary).toEqual({ people: 2, newOffendingSinceLastReview: 1, inCustody: 0 });
  });

  it('a housing officer gets housing and treatment facts, and FORBIDDEN for police, probation and every flag comparing them', async () => {
    const response = await agenda(conferenceId, await as('housing-officer'));
    const { a, b } = byPerson(response);
    expect(a).toMatchObject({ treatmentAppointments: { kept: 3, missed: 2 }, inCustody: true, housingRecord: { hasRecord: true, lastChangedAt: changed.housingA } });
    expect(a.homelessnessCases).toHaveLength(2);
    expect(b.housingRecord).toEqual({ hasRecord: false, lastChangedAt: null });
    const refused = ['policeInCustody', 'probationInCustody', 'expectedReleaseOn', 'policeRecord', 'probationRecord', 'policingArea', 'custodyDisagreement', 'addressDisagreement'];
    for (const field of refused) expect([field, a[field as keyof Evidence]]).toEqual([field, null]);
    expect(refusals(response)).toEqual([...['a', 'b', 'c'].flatMap((key) => refused.map((field) => `${key}.${field}`)), 'summary.newOffendingSinceLastReview'].sort());
    expect(response.data!.caseConference.agendaSummary).toEqual({ people: 3, newOffendingSinceLastReview: null, inCustody: 1 });
  });

  it('a substance-misuse worker (no housing detail, no offending) is refused homelessness, the flags and the new-offending count', async () => {
    const response = await agenda(conferenceId, await as('substance-misuse-worker'));
    // The worker's rule: their own agency's clients (A) and the IOM caseload (these cases are not open).
    const items = response.data!.caseConference.agenda;
    expect(items.map((item) => item.person.id)).toEqual([ids.a]);
    const a = items[0].evidence;
    expect(a).toMatchObject({ treatmentAppointments: { kept: 3, missed: 2 }, inCustody: true, custodySince: '2020-02-20', homelessnessCases: null, custodyDisagreement: null, addressDisagreement: null });
    const paths = refusals(response);
    for (const expected of ['a.homelessnessCases', 'a.custodyDisagreement', 'a.addressDisagreement', 'a.policeRecord', 'a.expectedReleaseOn', 'summary.newOffendingSinceLastReview']) expect(paths).toContain(expected);
    for (const allowed of ['a.treatmentAppointments', 'a.treatmentRecord', 'a.inCustody', 'a.housingRecord', 'summary.inCustody']) expect(paths).not.toContain(allowed);
  });

  it('the housing subgraph itself refuses custody, the housing record and the custody count to a caller without housing status', async () => {
    // Every profile that sees people holds housing-status, so the refusal is shown on a caller context without it.
    const evidence = { __typename: 'ConferenceEvidence', id: `${conferenceId}:x`, since: EARLIER, until: DAY, person: { housingReference: person.a.housingReference } };
    const summary = { __typename: 'AgendaSummary', id: conferenceId, evidence: [{ id: `${conferenceId}:x`, since: EARLIER, until: DAY, person: { housingReference: person.a.housingReference } }] };
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ConferenceEvidence { inCustody housingRecord { hasRecord } } ... on AgendaSummary { peopleInCustody: inCustody } } }`;
    const housingUrl = hub.subgraphs.housing.url;
    const allowed = await postGraphQL<{ _entities: unknown[] }>(housingUrl, query, { r: [evidence, summary] }, await asGateway(hub, 'iom-coordinator'));
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data!._entities).toEqual([{ inCustody: true, housingRecord: { hasRecord: true } }, { peopleInCustody: 1 }]);
    const scopes = callerFor('iom-coordinator').scopes.filter((scope) => scope !== 'housing-status');
    const refused = await postGraphQL<{ _entities: unknown[] }>(housingUrl, query, { r: [evidence, summary] }, await asGateway(hub, 'iom-coordinator', { scopes }));
    expect(refused.data!._entities).toEqual([{ inCustody: null, housingRecord: null }, { peopleInCustody: null }]);
    expect(refused.errors?.map((error) => [error.path?.join('.'), error.extensions?.code]).sort()).toEqual([
      ['_entities.0.housingRecord', 'FORBIDDEN'],
      ['_entities.0.inCustody', 'FORBIDDEN'],
      ['_entities.1.peopleInCustody', 'FORBIDDEN'],
    ]);
  });

  it('the treatment subgraph itself refuses appointments and its record to a caller without treatment engagement', async () => {
    const representation = { __typename: 'ConferenceEvidence', id: `${conferenceId}:x`, since: EARLIER, until: DAY, person: { treatmentClientId: person.a.treatmentClientId } };
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ConferenceEvidence { treatmentAppointments { kept missed } treatmentRecord { hasRecord } } } }`;
    const coordinator = callerFor('iom-coordinator').scopes;
    expect(coordinator).toContain('treatment-engagement');
    const allowed = await postGraphQL<{ _entities: Evidence[] }>(hub.subgraphs['substance-misuse'].url, query, { r: [representation] }, await asGateway(hub, 'iom-coordinator'));
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data!._entities[0]).toEqual({ treatmentAppointments: { kept: 3, missed: 2 }, treatmentRecord: { hasRecord: true } });
    const withoutEngagement = await postGraphQL<{ _entities: (Evidence | null)[] }>(hub.subgraphs['substance-misuse'].url, query, { r: [representation] }, await asGateway(hub, 'iom-coordinator', { scopes: coordinator.filter((scope) => scope !== 'treatment-engagement') }));
    expect(withoutEngagement.data!._entities[0]).toEqual({ treatmentAppointments: null, treatmentRecord: null });
    expect(withoutEngagement.errors?.map((error) => [error.path?.at(-1), error.extensions?.code])).toEqual([['treatmentAppointments', 'FORBIDDEN'], ['treatmentRecord', 'FORBIDDEN']]);
  });
});
