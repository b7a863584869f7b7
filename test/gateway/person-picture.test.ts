import type { RunningHub } from '../../runtime/hub';
import { sharedFacts } from '../../synthetic/shared-facts';
import { as, countSqlStatements, postGraphQL, startTestHub } from '../support/hub';
import { consentRecordedOn } from '../../synthetic/seeds/substance-misuse';
import { testPopulation } from '../support/population';

/** The case-conference question: one person, found by PNC ID, with every partner's picture in one query. */
describe("one person's picture across partners", () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  const population = testPopulation();
  const person = population.people.find(
    (p) =>
      p.duplicateOf === undefined &&
      p.identifiers.pncId &&
      p.identifiers.housingReference &&
      p.identifiers.treatmentClientId &&
      consentRecordedOn(p.identifiers.treatmentClientId, population.referenceDate) &&
      sharedFacts(population, p).custody.some((c) => c.release),
  )!;

  it('assembles identity, housing and treatment for a person found by PNC ID, each partner asked once', async () => {
    const query = `query($pnc: String!) { personByIdentifier(type: PNC_ID, value: $pnc) {
      id givenName familyName pncId housingReference treatmentClientId
      housingAuthority { code } accommodation { status } accommodationHistory { status startDate endDate }
      releaseHousingOutcomes { releaseDate accommodatedOnRelease }
      homelessnessCases { duty outcome }
      inTreatment treatmentProvider treatmentEpisodes { referralRoute startDate } drugTests { result } outcomeReviews { stage }
      treatmentContinuityOfCare { releaseDate engagedWithin21Days }
    } }`;
    let response: Awaited<ReturnType<typeof postGraphQL<{ personByIdentifier: Record<string, unknown> & { accommodationHistory: { status: string; startDate: string; endDate: string | null }[] } }>>>;
    const statements = await countSqlStatements(hub, async () => {
      response = await postGraphQL(hub.gatewayUrl, query, { pnc: person.identifiers.pncId }, await as('probation-practitioner'));
    });
    expect(response!.errors).toBeUndefined();
    const picture = response!.data!.personByIdentifier;
    expect(picture).toMatchObject({
      id: person.hubId,
      givenName: person.givenName,
      familyName: person.familyName,
      pncId: person.identifiers.pncId,
      housingReference: person.identifiers.housingReference,
      treatmentClientId: person.identifiers.treatmentClientId,
      housingAuthority: { code: person.localAuthority.code },
    });
    const releases = sharedFacts(population, person).custody.filter((c) => c.release).map((c) => c.release);
    expect((picture.releaseHousingOutcomes as { releaseDate: string }[]).map((o) => o.releaseDate)).toEqual(releases);
    expect(picture.accommodationHistory.filter((p) => p.status === 'IN_CUSTODY').map((p) => p.endDate).filter(Boolean)).toEqual(releases);
    expect(Array.isArray(picture.treatmentEpisodes)).toBe(true);
    expect(typeof picture.inTreatment).toBe('boolean');
    // Continuity of care is only counted for releases prison treatment referred on: a subset of the shared releases.
    for (const c of picture.treatmentContinuityOfCare as { releaseDate: string }[]) expect(releases).toContain(c.releaseDate);
    expect(statements.housing).toBeGreaterThan(0);
    expect(statements['substance-misuse']).toBeGreaterThan(0);
  });
});
