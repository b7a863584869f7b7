/**
 * The case conference page: sign in, pick a conference, read its summary and each person's joined
 * picture, record the RAG review with rationale and actions, move actions on, print the minutes.
 * Whatever the hub refuses this caller reads "not shared with your agency".
 */
import { devToken, graphql, HubRequestError, pageConfig, session, type Answer, type GraphQLError, type RefusedPaths } from './client.js';
import { byId, clear, h } from './dom.js';
import {
  AGENCIES,
  AGENDA,
  CONFERENCES,
  MOVE_ACTION,
  NEXT_STATUSES,
  RATINGS,
  RECORD_ATTENDANCE,
  RECORD_REVIEW,
  type Action,
  type ActionStatus,
  type AgendaItem,
  type Conference,
  type ConferenceSummary,
} from './operations.js';

const NOT_SHARED = 'not shared with your agency';
const NONE = 'none recorded';
const LATEST_REVIEWS_SHOWN = 3;

type Path = (string | number)[];

interface Shown {
  conference: Conference;
  refused: RefusedPaths;
}

let shown: Shown | undefined;

// ---------------------------------------------------------------------------------------------
// Words

const STATUS_WORDS: Record<ActionStatus, string> = { OPEN: 'Open', IN_PROGRESS: 'In progress', DONE: 'Done', CANCELLED: 'Cancelled' };
const MOVE_WORDS: Record<ActionStatus, string> = { OPEN: 'Reopen', IN_PROGRESS: 'Mark in progress', DONE: 'Mark done', CANCELLED: 'Cancel action' };

function words(value: string): string {
  const lower = value.replace(/_/g, ' ').toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

function agencyName(agency: string): string {
  return agency === 'IOM' ? 'IOM' : words(agency);
}

function yesNo(value: boolean): string {
  return value ? 'Yes' : 'No';
}

function fullName(item: AgendaItem): string {
  const person = item.person;
  const name = [person?.givenName, person?.familyName].filter(Boolean).join(' ');
  return name || `Case ${item.case?.id ?? ''}`.trim();
}

// ---------------------------------------------------------------------------------------------
// Status line and errors

function announce(message: string, kind: 'info' | 'error' = 'info'): void {
  const status = byId('status');
  status.textContent = message;
  status.classList.toggle('status-error', kind === 'error');
}

function describeFailure(error: unknown): string {
  if (error instanceof HubRequestError) {
    if (error.status === 401) {
      // An expired or refused token is of no further use: offer the sign-in again.
      session.signOut();
      void renderSignIn();
      return 'Your sign-in is not accepted (it may have expired): sign in again.';
    }
    if (error.status === 429) return 'Too many requests: wait a moment and try again.';
    return error.message;
  }
  if (error instanceof DOMException && error.name === 'TimeoutError') return 'The hub did not answer in time: try again.';
  return error instanceof Error ? error.message : String(error);
}

function problemsIn(errors: GraphQLError[]): string[] {
  return errors.filter((e) => e.extensions?.code !== 'FORBIDDEN').map((e) => e.message);
}

// ---------------------------------------------------------------------------------------------
// Showing a value the hub may have refused

function value(refused: RefusedPaths, path: Path, shownValue: string | number | null | undefined): Node {
  if (refused.has(path)) return h('span', { class: 'not-shared' }, NOT_SHARED);
  if (shownValue === null || shownValue === undefined || shownValue === '') return h('span', { class: 'none' }, NONE);
  return document.createTextNode(String(shownValue));
}

function row(label: string, content: Node): HTMLElement[] {
  return [h('dt', {}, label), h('dd', {}, content)];
}

/** A list field: refused, empty, or one item per entry. */
function list<T>(refused: RefusedPaths, path: Path, items: T[] | null | undefined, render: (item: T, index: number) => Node | string): Node {
  if (refused.has(path)) return h('span', { class: 'not-shared' }, NOT_SHARED);
  if (!items || items.length === 0) return h('span', { class: 'none' }, NONE);
  return h('ul', { class: 'plain' }, items.map((item, i) => h('li', {}, render(item, i))));
}

/** Every earlier rating as a trail (oldest first), then the latest few with their rationale. */
function ratingHistory(refused: RefusedPaths, path: Path, reviews: AgendaItem['ragHistory']): Node {
  if (refused.has(path) || !reviews?.length) return list(refused, path, reviews, () => '');
  const latest = reviews.slice(-LATEST_REVIEWS_SHOWN).reverse();
  return h(
    'div',
    {},
    h('ol', { class: 'trail', 'aria-label': `All ${reviews.length} ratings, oldest first` }, reviews.map((r) => h('li', {}, h('span', { class: `rag rag-${(r.rating ?? 'none').toLowerCase()}`, title: r.reviewedOn ?? '' }, r.rating ? r.rating.charAt(0) : '–')))),
    h('ul', { class: 'plain' }, latest.map((r) => h('li', {}, `${r.reviewedOn ?? '?'}: ${r.rating ? words(r.rating) : '—'}${r.rationale ? ` — ${r.rationale}` : ''}`))),
  );
}

function ragBadge(rating: string | null | undefined, label: string): HTMLElement {
  if (!rating) return h('span', { class: 'rag rag-none' }, `${label}: none`);
  return h('span', { class: `rag rag-${rating.toLowerCase()}` }, `${label}: ${words(rating)}`);
}

// ---------------------------------------------------------------------------------------------
// Sign-in

async function renderSignIn(): Promise<void> {
  const area = byId('sign-in');
  clear(area);
  const who = session.who();
  if (session.token() && who) {
    area.append(
      h('p', { class: 'signed-in' }, 'Signed in as ', h('strong', {}, who)),
      h('button', { type: 'button', id: 'sign-out', onclick: () => signOut() }, 'Sign out'),
    );
    return;
  }
  let config;
  try {
    config = await pageConfig();
  } catch (error) {
    announce(`The page could not reach the hub: ${describeFailure(error)}`, 'error');
    return;
  }
  if (!config.devSignIn) {
    area.append(h('p', {}, "Sign in through your agency's identity provider: your hub administrator gives you the link."));
    return;
  }
  const select = h(
    'select',
    { id: 'profile', name: 'profile', required: true },
    config.profiles.map((profile) => h('option', { value: profile.name }, `${profile.label} (${agencyName(profile.agency)})`)),
  );
  const form = h(
    'form',
    { id: 'sign-in-form', class: 'inline-form' },
    h('label', { for: 'profile' }, 'Development profile'),
    select,
    h('button', { type: 'submit' }, 'Sign in'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void signIn(select.value);
  });
  area.append(form, h('p', { class: 'hint' }, 'Development only: the built-in development identity provider issues a one-hour token for the profile you choose.'));
}

async function signIn(profile: string): Promise<void> {
  try {
    const { token, label } = await devToken(profile);
    session.signIn(token, label);
    await renderSignIn();
    await loadConferences();
  } catch (error) {
    announce(`Sign-in failed: ${describeFailure(error)}`, 'error');
  }
}

function signOut(): void {
  session.signOut();
  shown = undefined;
  for (const id of ['choose', 'summary', 'agenda']) byId(id).hidden = true;
  announce('Signed out.');
  void renderSignIn().then(() => byId('sign-in').querySelector<HTMLElement>('select, button')?.focus());
}

// ---------------------------------------------------------------------------------------------
// Choosing a conference

async function loadConferences(): Promise<void> {
  announce('Loading conferences…');
  let answer: Answer<{ caseConferences: { totalCount: number; edges: { node: ConferenceSummary | null }[] } | null }>;
  try {
    answer = await graphql(CONFERENCES, { first: 100 });
  } catch (error) {
    announce(`Could not load the conferences: ${describeFailure(error)}`, 'error');
    return;
  }
  if (answer.refused.has(['caseConferences'])) {
    announce(`Case conferences are ${NOT_SHARED}.`, 'error');
    return;
  }
  const conferences = (answer.data?.caseConferences?.edges ?? []).map((e) => e.node).filter((c): c is ConferenceSummary => c !== null);
  const select = byId<HTMLSelectElement>('conference-select');
  clear(select);
  for (const conference of conferences) {
    select.append(h('option', { value: conference.id }, `${conference.heldOn} — ${conference.agendaSize} due for review (chairs: ${conference.chairAgencies.map(agencyName).join(', ')})`));
  }
  byId('choose').hidden = false;
  const total = answer.data?.caseConferences?.totalCount ?? conferences.length;
  announce(
    conferences.length
      ? total > conferences.length
        ? `The newest ${conferences.length} of ${total} conferences.`
        : `${conferences.length} conferences, newest first.`
      : 'No case conferences are recorded yet.',
  );
  const wanted = new URLSearchParams(location.hash.slice(1)).get('conference');
  if (wanted && conferences.some((c) => c.id === wanted)) {
    select.value = wanted;
    await loadAgenda(wanted);
  }
}

async function loadAgenda(conferenceId: string, focusAfter?: string): Promise<void> {
  announce('Loading the agenda…');
  let answer: Answer<{ caseConference: Conference | null }>;
  try {
    answer = await graphql(AGENDA, { id: conferenceId });
  } catch (error) {
    announce(`Could not load the agenda: ${describeFailure(error)}`, 'error');
    return;
  }
  const conference = answer.data?.caseConference;
  if (!conference) {
    announce(answer.refused.has(['caseConference']) ? `This conference is ${NOT_SHARED}.` : 'No conference has that id.', 'error');
    return;
  }
  shown = { conference, refused: answer.refused };
  history.replaceState(null, '', `#conference=${encodeURIComponent(conference.id)}`);
  renderSummary(shown);
  renderAgenda(shown);
  const problems = problemsIn(answer.errors);
  const refusedNote = answer.refused.size ? ` Some of it is ${NOT_SHARED}.` : '';
  announce(
    problems.length
      ? `Agenda loaded with problems: ${problems.slice(0, 3).join(' ')}`
      : `Agenda loaded: ${conference.agenda?.length ?? 0} people due for review on ${conference.heldOn}.${refusedNote}`,
    problems.length ? 'error' : 'info',
  );
  if (focusAfter) document.getElementById(focusAfter)?.focus();
}

// ---------------------------------------------------------------------------------------------
// Summary (the head of the minutes)

function renderSummary({ conference, refused }: Shown): void {
  const section = byId('summary');
  clear(section);
  const agenda = conference.agenda ?? [];
  const previous = { RED: 0, AMBER: 0, GREEN: 0, none: 0 };
  for (const item of agenda) previous[item.previousRag ?? 'none'] += 1;
  const reviewed = agenda.filter((item) => item.review).length;
  const openActions = agenda.reduce((n, item) => n + (item.openActions?.filter((a) => a.status === 'OPEN' || a.status === 'IN_PROGRESS').length ?? 0), 0);
  const deselection = agenda.filter((item) => item.eligibleForDeselection).length;

  const attendance = conference.attendance.length
    ? h(
        'table',
        { class: 'attendance' },
        h('caption', {}, 'Attendance'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Agency'), h('th', { scope: 'col' }, 'Attendees'))),
        h(
          'tbody',
          {},
          conference.attendance.map((a) => h('tr', {}, h('th', { scope: 'row' }, agencyName(a.agency)), h('td', {}, a.attendees))),
        ),
      )
    : h('p', {}, 'No attendance recorded (a planned conference).');

  section.append(
    h('h2', { id: 'summary-heading' }, `Case conference on ${conference.heldOn}`),
    h(
      'dl',
      { class: 'facts' },
      row('Chairs', document.createTextNode(conference.chairAgencies.map(agencyName).join(', '))),
      row('Due for review', value(refused, ['caseConference', 'agendaSize'], conference.agendaSize)),
      row('Reviewed so far', document.createTextNode(`${reviewed} of ${agenda.length}`)),
      row('Rating at the last review', document.createTextNode(`Red ${previous.RED}, amber ${previous.AMBER}, green ${previous.GREEN}, not yet rated ${previous.none}`)),
      row('Open actions from earlier conferences', document.createTextNode(String(openActions))),
      row('Eligible for deselection (three greens)', document.createTextNode(String(deselection))),
    ),
    attendance,
    renderAttendanceForm(conference),
    h('p', { class: 'no-print' }, h('button', { type: 'button', id: 'print', onclick: () => window.print() }, 'Print the minutes')),
  );
  section.hidden = false;
}

/**
 * Marking attendance holds the conference: the hub accepts it on the conference's day or after,
 * until the conference is closed, and says why otherwise (shown as it says it).
 */
function renderAttendanceForm(conference: Conference): HTMLElement {
  if (conference.status === 'CLOSED') return h('p', { class: 'hint no-print' }, 'This conference is closed: its attendance can no longer change.');
  const errors = h('div', { id: 'attendance-errors', class: 'form-errors', role: 'alert' });
  const recorded = new Map(conference.attendance.map((a) => [a.agency, a.attendees]));
  const form = h(
    'form',
    { class: 'attendance-form no-print', id: 'attendance-form', novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Mark attendance (people present from each agency)'),
      AGENCIES.map((agency) =>
        h(
          'span',
          { class: 'choice' },
          h('label', { for: `attendance-${agency}` }, agencyName(agency)),
          h('input', { id: `attendance-${agency}`, name: agency, type: 'number', min: 0, max: 50, step: 1, inputmode: 'numeric', value: String(recorded.get(agency) ?? 0) }),
        ),
      ),
    ),
    errors,
    h('button', { type: 'submit' }, 'Record attendance'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitAttendance(conference, form, errors);
  });
  return form;
}

async function submitAttendance(conference: Conference, form: HTMLFormElement, errors: HTMLElement): Promise<void> {
  clear(errors);
  const attendance = AGENCIES.map((agency) => ({ agency, attendees: Number(form.querySelector<HTMLInputElement>(`input[name="${agency}"]`)!.value) }));
  const invalid = attendance.filter((a) => !Number.isInteger(a.attendees) || a.attendees < 0 || a.attendees > 50);
  const present = attendance.filter((a) => a.attendees > 0);
  const problems = [
    ...invalid.map((a) => `${agencyName(a.agency)}: give a whole number from 0 to 50.`),
    ...(invalid.length === 0 && present.length === 0 ? ['Give at least one agency that attended.'] : []),
  ];
  if (problems.length) {
    errors.append(h('ul', {}, problems.map((p) => h('li', {}, p))));
    return;
  }
  announce('Saving…');
  try {
    const answer = await graphql<{ recordConferenceAttendance: { id: string } | null }>(RECORD_ATTENDANCE, { conferenceId: conference.id, attendance: present });
    if (!answer.data?.recordConferenceAttendance) {
      const message = answer.refused.has(['recordConferenceAttendance']) ? `Recording attendance is ${NOT_SHARED}.` : `Not saved: ${problemsIn(answer.errors).join(' ') || 'the hub refused it.'}`;
      errors.append(h('p', {}, message));
      announce(message, 'error');
      return;
    }
    await loadAgenda(conference.id);
    announce('Attendance recorded.');
  } catch (error) {
    announce(`Not saved: ${describeFailure(error)}`, 'error');
  }
}

// ---------------------------------------------------------------------------------------------
// The agenda: one article per person

function renderAgenda(current: Shown): void {
  const section = byId('agenda');
  clear(section);
  const agenda = current.conference.agenda ?? [];
  section.append(
    h('h2', { id: 'agenda-heading' }, `Agenda: ${agenda.length} ${agenda.length === 1 ? 'person' : 'people'}`),
    current.refused.has(['caseConference', 'agenda'])
      ? h('p', { class: 'not-shared' }, `The agenda is ${NOT_SHARED}.`)
      : h(
          'nav',
          { 'aria-label': 'People on the agenda', class: 'no-print' },
          h(
            'ol',
            { class: 'contents' },
            agenda.map((item, i) => h('li', {}, h('a', { href: `#person-${i}` }, fullName(item)), ' ', item.review ? ragBadge(item.review.rating, 'Reviewed') : h('span', { class: 'pending' }, 'to review'))),
          ),
        ),
    ...agenda.map((item, i) => renderPerson(current, item, i)),
  );
  section.hidden = false;
}

function renderPerson(current: Shown, item: AgendaItem, index: number): HTMLElement {
  const { refused } = current;
  const base: Path = ['caseConference', 'agenda', index];
  const at = (...rest: Path) => [...base, ...rest];
  const p = item.person;
  // Evidence is what partners hold between the review before this conference and its day.
  const evidence = item.evidence;
  const windowWords = evidence?.since && evidence.until ? `from ${evidence.since} to ${evidence.until}` : 'since the last review';
  const headingId = `person-${index}-heading`;
  const naming = fullName(item);

  const identity = h(
    'dl',
    { class: 'facts' },
    row('Date of birth', value(refused, at('person', 'dateOfBirth'), p?.dateOfBirth)),
    row('Sex', value(refused, at('person', 'sex'), p?.sex ? words(p.sex) : null)),
    row('PNC ID', value(refused, at('person', 'pncId'), p?.pncId)),
    row('CRN', value(refused, at('person', 'crn'), p?.crn)),
    row('Strand and cohort', value(refused, at('case'), item.case ? `${item.case.strand ? words(item.case.strand) : '—'}, ${item.case.cohort?.name ?? '—'}` : null)),
    row('Lead agency and key worker', value(refused, at('case'), item.case ? `${item.case.leadAgency ? agencyName(item.case.leadAgency) : '—'}, ${item.case.keyWorker ?? '—'}` : null)),
    row('Adopted on', value(refused, at('case', 'adoptedOn'), item.case?.adoptedOn)),
    row('Last reviewed on', value(refused, at('lastReviewedOn'), item.lastReviewedOn)),
    row('Eligible for deselection', value(refused, at('eligibleForDeselection'), item.eligibleForDeselection === null ? null : yesNo(item.eligibleForDeselection))),
  );

  const nominal = p?.nominal;
  const police = h(
    'section',
    { class: 'agency-part picture' },
    h('h4', {}, 'Police'),
    h(
      'dl',
      { class: 'facts' },
      row('Prolific', value(refused, at('person', 'nominal', 'prolific'), nominal?.prolific == null ? null : yesNo(nominal.prolific))),
      row('Recorded offences', value(refused, at('person', 'nominal', 'recordedOffenceCount'), nominal?.recordedOffenceCount)),
      row('In custody', value(refused, at('person', 'nominal', 'inCustody'), nominal?.inCustody == null ? null : yesNo(nominal.inCustody))),
      row('MAPPA', value(refused, at('person', 'nominal', 'mappaCategory'), nominal?.mappaCategory ? `category ${nominal.mappaCategory}, ${nominal.mappaLevel ? `level ${nominal.mappaLevel}` : 'no level'}` : null)),
      row('Warning markers', list(refused, at('person', 'nominal', 'warningMarkers'), nominal?.warningMarkers, (m) => `${words(m.type)}${m.recordedOn ? ` (${m.recordedOn})` : ''}`)),
      row(`Offences ${windowWords}`, list(refused, at('evidence', 'offences'), evidence?.offences, (o) => `${o.committedOn}: ${words(o.crimeType)}${o.outcome ? `, ${words(o.outcome)}` : ''}`)),
      row(`Arrests ${windowWords}`, list(refused, at('evidence', 'arrests'), evidence?.arrests, (a) => `${a.arrestedOn}: ${words(a.crimeType)}`)),
    ),
  );

  const compliance = evidence?.compliance;
  const probation = h(
    'section',
    { class: 'agency-part picture' },
    h('h4', {}, 'Probation'),
    p?.orders && p.orders.length > (currentOrders(p.orders)?.length ?? 0) ? h('p', { class: 'hint' }, `${p.orders.length - (currentOrders(p.orders)?.length ?? 0)} earlier orders ended.`) : null,
    h(
      'dl',
      { class: 'facts' },
      row(
        'Orders',
        list(refused, at('person', 'orders'), currentOrders(p?.orders), (o) =>
          `${words(o.type)} from ${o.startedOn ?? '?'}${o.expectedEndOn ? ` to ${o.expectedEndOn}` : ''}${o.terminatedOn ? ` (ended ${o.terminatedOn})` : ''}${o.practitioner ? `; practitioner ${o.practitioner}` : ''}${o.requirements?.length ? `; ${o.requirements.map((r) => `${words(r.type)}${r.status ? ` (${words(r.status)})` : ''}`).join(', ')}` : ''}`,
        ),
      ),
      row(
        `Compliance ${windowWords}`,
        value(
          refused,
          at('evidence', 'compliance'),
          compliance
            ? `${compliance.appointmentsAttended ?? 0} attended, ${compliance.failedToAttendAcceptable ?? 0} acceptable and ${compliance.failedToAttendUnacceptable ?? 0} unacceptable absences; ${compliance.warningLetters?.length ?? 0} warning letters, ${compliance.breaches?.length ?? 0} breaches, ${compliance.recalls?.length ?? 0} recalls`
            : null,
        ),
      ),
      row('Expected release', value(refused, at('evidence', 'expectedReleaseOn'), evidence?.expectedReleaseOn)),
      row('Risk of serious harm', value(refused, at('person', 'risk'), p?.risk ? `${p.risk.riskOfSeriousHarm ? words(p.risk.riskOfSeriousHarm) : '—'}${p.risk.reoffendingPredictorPercentage != null ? `; reoffending predictor ${p.risk.reoffendingPredictorPercentage}%` : ''}${p.risk.assessedOn ? ` (assessed ${p.risk.assessedOn})` : ''}` : null)),
    ),
  );

  const accommodation = p?.accommodation;
  const housing = h(
    'section',
    { class: 'agency-part picture' },
    h('h4', {}, 'Housing'),
    h(
      'dl',
      { class: 'facts' },
      row('Accommodation', value(refused, at('person', 'accommodation'), accommodation ? `${accommodation.status ? words(accommodation.status) : '—'}${accommodation.startDate ? ` since ${accommodation.startDate}` : ''}${accommodation.localAuthority ? `, ${accommodation.localAuthority.name}` : ''}${accommodation.outOfBorough ? ' (out of borough)' : ''}` : null)),
      row('Housing case', value(refused, at('evidence', 'housingRecord'), evidence?.housingRecord ? (evidence.housingRecord.hasRecord ? `Held${evidence.housingRecord.lastChangedAt ? `, last changed ${evidence.housingRecord.lastChangedAt.slice(0, 10)}` : ''}` : 'No housing case held') : null)),
      row('In custody on the day', value(refused, at('evidence', 'inCustody'), evidence?.inCustody == null ? null : evidence.inCustody ? `Yes${evidence.custodySince ? `, since ${evidence.custodySince}` : ''}` : 'No')),
      row('Partners on custody', value(refused, at('evidence', 'custodyDisagreement'), evidence?.custodyDisagreement == null ? null : evidence.custodyDisagreement ? 'Partners disagree: check before the conference' : 'Partners agree')),
      row(`Homelessness duties ${windowWords}`, list(refused, at('evidence', 'homelessnessCases'), evidence?.homelessnessCases, (c) => `${c.referralDate}: ${c.referralRoute === 'DUTY_TO_REFER' ? `Duty to Refer${c.referringAgency ? ` by ${agencyName(c.referringAgency)}` : ''}` : 'self-application'}`)),
      row('Housing on release', list(refused, at('person', 'releaseHousingOutcomes'), p?.releaseHousingOutcomes, (r) => `Released ${r.releaseDate}: ${r.accommodatedOnRelease ? 'accommodated' : 'not accommodated'}${r.settledThreeMonthsAfter == null ? '' : r.settledThreeMonthsAfter ? ', settled three months on' : ', not settled three months on'}`)),
    ),
  );

  const treatment = h(
    'section',
    { class: 'agency-part picture' },
    h('h4', {}, 'Substance-misuse treatment'),
    h(
      'dl',
      { class: 'facts' },
      row('In treatment', value(refused, at('person', 'inTreatment'), p?.inTreatment == null ? null : yesNo(p.inTreatment))),
      row('Provider', value(refused, at('person', 'treatmentProvider'), p?.treatmentProvider)),
      row('Last contact', value(refused, at('person', 'lastTreatmentContact'), p?.lastTreatmentContact)),
      row(`Appointments ${windowWords}`, value(refused, at('evidence', 'treatmentAppointments'), evidence?.treatmentAppointments ? `${evidence.treatmentAppointments.kept} kept, ${evidence.treatmentAppointments.missed} missed` : null)),
    ),
  );

  const assessment = item.latestPathwayAssessment;
  const iom = h(
    'section',
    { class: 'agency-part picture' },
    h('h4', {}, 'IOM'),
    h(
      'dl',
      { class: 'facts' },
      row('Pathway assessment', value(refused, at('latestPathwayAssessment'), assessment ? `Total ${assessment.total ?? '—'} on ${assessment.assessedOn ?? '?'}; change since entry ${item.pathwayChangeSinceEntry ?? '—'}` : null)),
      row('Earlier reviews', ratingHistory(refused, at('ragHistory'), item.ragHistory)),
    ),
  );

  return h(
    'article',
    { class: 'person', id: `person-${index}`, 'aria-labelledby': headingId },
    h('h3', { id: headingId, tabindex: -1 }, naming),
    h('p', { class: 'badges' }, ragBadge(item.previousRag, 'Last review'), ' ', item.review ? ragBadge(item.review.rating, 'This conference') : h('span', { class: 'pending' }, 'Not yet reviewed at this conference')),
    identity,
    h('div', { class: 'parts' }, police, probation, housing, treatment, iom),
    renderOpenActions(current, item, index),
    item.review ? renderReview(current, item, index) : reviewable(item) ? renderReviewForm(current, item, index, naming) : renderNotReviewable(item),
  );
}

type Order = NonNullable<NonNullable<AgendaItem['person']>['orders']>[number];

/** Orders not ended, or the latest one when all have ended: the conference looks at today. */
function currentOrders(orders: Order[] | null | undefined): Order[] | null | undefined {
  if (!orders?.length) return orders;
  const running = orders.filter((o) => !o.terminatedOn);
  if (running.length) return running;
  return [[...orders].sort((a, b) => (a.terminatedOn! < b.terminatedOn! ? 1 : -1))[0]];
}

// ---------------------------------------------------------------------------------------------
// Actions

function renderActionList(current: Shown, actions: Action[], labelPrefix: string): HTMLElement {
  return h(
    'ul',
    { class: 'actions' },
    actions.map((action) => {
      const status = action.status ?? 'OPEN';
      const description = action.description ?? 'an action';
      return h(
        'li',
        { class: `action action-${status.toLowerCase()}` },
        h('span', { class: 'action-text' }, `${description} — ${action.ownerAgency ? agencyName(action.ownerAgency) : '—'}, due ${action.dueOn ?? '?'}`),
        ' ',
        h('span', { class: 'action-status' }, STATUS_WORDS[status]),
        h(
          'span',
          { class: 'action-moves no-print' },
          NEXT_STATUSES[status].map((next) =>
            h('button', { type: 'button', 'aria-label': `${MOVE_WORDS[next]}: ${description} (${labelPrefix})`, onclick: () => void moveAction(current, action, next) }, MOVE_WORDS[next]),
          ),
        ),
      );
    }),
  );
}

function renderOpenActions(current: Shown, item: AgendaItem, index: number): HTMLElement {
  const path: Path = ['caseConference', 'agenda', index, 'openActions'];
  const part = h('section', { class: 'open-actions' }, h('h4', {}, 'Open actions from earlier conferences'));
  if (current.refused.has(path)) part.append(h('p', { class: 'not-shared' }, NOT_SHARED));
  else if (!item.openActions?.length) part.append(h('p', { class: 'none' }, 'None.'));
  else part.append(renderActionList(current, item.openActions, fullName(item)));
  return part;
}

async function moveAction(current: Shown, action: Action, status: ActionStatus): Promise<void> {
  announce('Saving…');
  try {
    const answer = await graphql<{ updateConferenceActionStatus: { id: string; status: ActionStatus } | null }>(MOVE_ACTION, {
      input: { actionId: action.id, status, on: current.conference.heldOn },
    });
    if (!answer.data?.updateConferenceActionStatus) {
      announce(answer.refused.has(['updateConferenceActionStatus']) ? `Moving actions on is ${NOT_SHARED}.` : `Not saved: ${problemsIn(answer.errors).join(' ') || 'the hub refused it.'}`, 'error');
      return;
    }
    await loadAgenda(current.conference.id);
    announce(`“${action.description ?? 'The action'}” is now ${STATUS_WORDS[status].toLowerCase()}.`);
  } catch (error) {
    announce(`Not saved: ${describeFailure(error)}`, 'error');
  }
}

// ---------------------------------------------------------------------------------------------
// The review at this conference

function renderReview(current: Shown, item: AgendaItem, index: number): HTMLElement {
  const review = item.review!;
  return h(
    'section',
    { class: 'review recorded', 'aria-labelledby': `review-${index}-heading` },
    h('h4', { id: `review-${index}-heading` }, 'Review at this conference'),
    h('p', {}, ragBadge(review.rating, 'Rating'), ' ', h('span', { class: 'rationale' }, review.rationale ?? '')),
    review.actions?.length ? renderActionList(current, review.actions, fullName(item)) : h('p', { class: 'none' }, 'No actions agreed.'),
  );
}

/** The hub records reviews of adopted cases only (a case deselected or ended since is not). */
function reviewable(item: AgendaItem): boolean {
  return item.case?.status === 'ADOPTED';
}

function renderNotReviewable(item: AgendaItem): HTMLElement {
  const status = item.case?.status;
  return h('p', { class: 'none' }, status ? `Not reviewed at this conference. The case is now ${words(status).toLowerCase()}: only adopted cases are reviewed.` : `Not reviewed at this conference. The case is ${NOT_SHARED}.`);
}

function renderReviewForm(current: Shown, item: AgendaItem, index: number, naming: string): HTMLElement {
  const id = (name: string) => `review-${index}-${name}`;
  const errors = h('div', { id: id('errors'), class: 'form-errors', role: 'alert' });
  const actionRows = h('ol', { class: 'action-rows' });
  let nextRow = 0;

  const addAction = () => {
    const n = nextRow++;
    const rowId = (name: string) => id(`action-${n}-${name}`);
    const li = h(
      'li',
      { class: 'action-row' },
      h('label', { for: rowId('description') }, 'Action'),
      h('input', { id: rowId('description'), name: 'description', type: 'text', maxlength: 500, required: true }),
      h('label', { for: rowId('owner') }, 'Owner'),
      h('select', { id: rowId('owner'), name: 'owner' }, AGENCIES.map((agency) => h('option', { value: agency }, agencyName(agency)))),
      h('label', { for: rowId('due') }, 'Due on'),
      h('input', { id: rowId('due'), name: 'due', type: 'date', min: current.conference.heldOn, required: true }),
    );
    li.append(h('button', { type: 'button', class: 'secondary', onclick: () => li.remove() }, 'Remove this action'));
    actionRows.append(li);
    li.querySelector<HTMLInputElement>('input')?.focus();
  };

  const form = h(
    'form',
    { class: 'review-form no-print', id: id('form'), novalidate: true, 'aria-labelledby': id('heading') },
    h('h4', { id: id('heading') }, `Review ${naming} at this conference`),
    h(
      'fieldset',
      {},
      h('legend', {}, 'RAG rating'),
      RATINGS.map((rating) =>
        h('span', { class: `choice rag-choice-${rating.toLowerCase()}` }, h('input', { type: 'radio', name: 'rating', id: id(rating), value: rating }), h('label', { for: id(rating) }, words(rating))),
      ),
    ),
    h('label', { for: id('rationale') }, 'Rationale'),
    h('textarea', { id: id('rationale'), name: 'rationale', rows: 3, required: true }),
    h('fieldset', {}, h('legend', {}, 'Actions agreed'), actionRows, h('button', { type: 'button', class: 'secondary', onclick: addAction }, 'Add an action')),
    errors,
    h('button', { type: 'submit' }, 'Record the review'),
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitReview(current, item, index, form, errors);
  });
  return form;
}

function readActions(form: HTMLFormElement, heldOn: string, problems: string[]): { description: string; ownerAgency: string; dueOn: string }[] {
  return [...form.querySelectorAll<HTMLLIElement>('.action-row')].map((li, i) => {
    const description = li.querySelector<HTMLInputElement>('input[name="description"]')!.value.trim();
    const ownerAgency = li.querySelector<HTMLSelectElement>('select[name="owner"]')!.value;
    const dueOn = li.querySelector<HTMLInputElement>('input[name="due"]')!.value;
    if (!description) problems.push(`Action ${i + 1} needs a description.`);
    if (!dueOn) problems.push(`Action ${i + 1} needs a due date.`);
    else if (dueOn < heldOn) problems.push(`Action ${i + 1} cannot be due before the conference (${heldOn}).`);
    return { description, ownerAgency, dueOn };
  });
}

async function submitReview(current: Shown, item: AgendaItem, index: number, form: HTMLFormElement, errors: HTMLElement): Promise<void> {
  const problems: string[] = [];
  const rating = form.querySelector<HTMLInputElement>('input[name="rating"]:checked')?.value;
  const rationale = form.querySelector<HTMLTextAreaElement>('textarea[name="rationale"]')!.value.trim();
  if (!rating) problems.push('Choose a rating.');
  if (!rationale) problems.push('Give the rationale.');
  const actions = readActions(form, current.conference.heldOn, problems);
  const caseId = item.case?.id;
  if (!caseId) problems.push(`The case is ${NOT_SHARED}.`);
  clear(errors);
  if (problems.length || !caseId) {
    errors.append(h('ul', {}, problems.map((p) => h('li', {}, p))));
    form.querySelector<HTMLElement>(rating ? 'textarea' : 'input[name="rating"]')?.focus();
    return;
  }
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  submit.disabled = true;
  try {
    const answer = await graphql<{ recordRagReview: { id: string } | null }>(RECORD_REVIEW, {
      input: { conferenceId: current.conference.id, caseId, rating, rationale, actions },
    });
    if (!answer.data?.recordRagReview) {
      const message = answer.refused.has(['recordRagReview']) ? `Recording reviews is ${NOT_SHARED}.` : problemsIn(answer.errors).join(' ') || 'The hub refused it.';
      errors.append(h('p', {}, `Not recorded: ${message}`));
      return;
    }
    await loadAgenda(current.conference.id, `person-${index}-heading`);
    announce(`Review recorded for ${fullName(item)}: ${words(rating!)}.`);
  } catch (error) {
    errors.append(h('p', {}, `Not recorded: ${describeFailure(error)}`));
  } finally {
    submit.disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------

async function start(): Promise<void> {
  byId<HTMLFormElement>('choose-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const id = byId<HTMLSelectElement>('conference-select').value;
    if (id) void loadAgenda(id);
  });
  await renderSignIn();
  if (session.token()) await loadConferences();
  else announce('Sign in to open a case conference.');
}

void start();
