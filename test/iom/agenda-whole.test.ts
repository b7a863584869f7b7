import { readFileSync } from 'node:fs';
import type { RunningHub } from '../../runtime/hub';
import { postGraphQL, startTestHub } from '../support/hub';
import { ownDatabases } from '../support/own-databases';
import { testPopulation } from '../support/population';
import { firstBenchDate, pickPeople, seededIomPeople, writeConferences } from '../../synthetic/sized-conferences';
import { fromRoot } from '../../subgraphs/kit/paths';

/**
 * The largest page is lowered to 10 for the whole hub in this file, so an agenda of 12 people is
 * "longer than a page" without writing hundreds of cases: the shipped agenda operation, sent
 * without `first` (its variable not given at all, as the case conference tool sends it), must
 * answer all 12, never a silent first page.
 */
const LOWERED_MAX_PAGE_SIZE = 10;
jest.mock('../../subgraphs/kit/page-size', () => ({ DEFAULT_PAGE_SIZE: 5, MAX_PAGE_SIZE: 10 }));

const AGENDA_SIZE = 12;

describe('an agenda longer than the largest page', () => {
  let hub: RunningHub;
  let conferenceId: string;
  beforeAll(async () => {
    hub = await startTestHub({ databaseUrls: await ownDatabases('iom_agenda_whole', { copies: ['iom'] }) });
    const em = hub.subgraphs.iom.orm.em.fork();
    const [conference] = await writeConferences(em, pickPeople(testPopulation(), [AGENDA_SIZE], await seededIomPeople(em), firstBenchDate()));
    conferenceId = conference.id;
  });
  afterAll(() => hub.stop());

  const AGENDA = readFileSync(fromRoot('schema/operations/case-conference-agenda.graphql'), 'utf8');
  type Agenda = { caseConference: { agendaSize: number; agenda: { cursor: string; case: { id: string } }[] } };

  it('answers the whole agenda when `first` is not given, its variable left out', async () => {
    const response = await postGraphQL<Agenda>(hub.gatewayUrl, AGENDA, { id: conferenceId });
    expect(response.errors).toBeUndefined();
    expect(response.data!.caseConference.agendaSize).toBe(AGENDA_SIZE);
    expect(response.data!.caseConference.agenda).toHaveLength(AGENDA_SIZE);
    expect(new Set(response.data!.caseConference.agenda.map((item) => item.case.id)).size).toBe(AGENDA_SIZE);
  });

  it('answers the whole agenda when `first` is given as null', async () => {
    const response = await postGraphQL<Agenda>(hub.gatewayUrl, AGENDA, { id: conferenceId, first: null });
    expect(response.errors).toBeUndefined();
    expect(response.data!.caseConference.agenda).toHaveLength(AGENDA_SIZE);
  });

  it('pages it when asked: the pages join into the whole agenda, in the same order', async () => {
    const whole = (await postGraphQL<Agenda>(hub.gatewayUrl, AGENDA, { id: conferenceId })).data!.caseConference.agenda.map((item) => item.case.id);
    const first = await postGraphQL<Agenda>(hub.gatewayUrl, AGENDA, { id: conferenceId, first: LOWERED_MAX_PAGE_SIZE });
    expect(first.errors).toBeUndefined();
    const firstPage = first.data!.caseConference.agenda;
    expect(firstPage).toHaveLength(LOWERED_MAX_PAGE_SIZE);
    const rest = await postGraphQL<Agenda>(hub.gatewayUrl, AGENDA, { id: conferenceId, first: LOWERED_MAX_PAGE_SIZE, after: firstPage.at(-1)!.cursor });
    expect(rest.errors).toBeUndefined();
    expect([...firstPage, ...rest.data!.caseConference.agenda].map((item) => item.case.id)).toEqual(whole);
  });

  it('refuses a page over the (lowered) largest page, naming it', async () => {
    const response = await postGraphQL<Agenda>(hub.gatewayUrl, AGENDA, { id: conferenceId, first: LOWERED_MAX_PAGE_SIZE + 1 });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toContain(`between 1 and ${LOWERED_MAX_PAGE_SIZE}`);
  });
});
