/**
 * The case conference page in a real browser (Chromium through playwright-core) against a whole
 * hub: signing in with a development profile, the agenda, recording a review, moving an action
 * on, what a profile may not see, the content security policy and accessibility (axe-core).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningHub } from '../../runtime/hub';
import { postGraphQL, startTestHub, as, TEST_TODAY } from '../support/hub';
import { ownDatabases } from '../support/own-databases';
import { addDays } from '../../subgraphs/kit/dates';
import { PAGE_CONTENT_SECURITY_POLICY } from '../../gateway/web/web-routes';
import { AGENDA, CONFERENCES, MOVE_ACTION, RECORD_REVIEW } from '../../web/src/operations';
import { compileBrowserScripts, launchChromium, screenshot, watchPolicyViolations } from './browser';

/**
 * A conference of the test's own, after the seeded ones (the last was nine days before today) so
 * its reviews start empty, and already held, since reviews and attendance are recorded on the day.
 */
const HELD_ON = addDays(TEST_TODAY, -6);
const NOT_SHARED = 'not shared with your agency';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

describe('the case conference page in a browser', () => {
  let hub: RunningHub;
  let browser: Browser;
  let origin: string;
  let conferenceId: string;
  let agendaSize: number;
  /** Where on the agenda the first and second cases that can be reviewed (still adopted) are. */
  let reviewable: number[];

  beforeAll(async () => {
    compileBrowserScripts();
    hub = await startTestHub({ databaseUrls: await ownDatabases('conference_page', { copies: ['iom'] }) });
    origin = new URL(hub.gatewayUrl).origin;
    browser = await launchChromium();
    const recorded = await postGraphQL<{ recordCaseConference: { id: string; agendaSize: number } }>(
      hub.gatewayUrl,
      `mutation($input: CaseConferenceInput!) { recordCaseConference(input: $input) { id agendaSize } }`,
      { input: { heldOn: HELD_ON, chairAgencies: ['POLICE', 'PROBATION'], attendance: [{ agency: 'POLICE', attendees: 2 }, { agency: 'HOUSING', attendees: 1 }] } },
    );
    expect(recorded.errors).toBeUndefined();
    conferenceId = recorded.data!.recordCaseConference.id;
    agendaSize = recorded.data!.recordCaseConference.agendaSize;
    expect(agendaSize).toBeGreaterThan(1);
    // Other test files may have deselected or ended a case since: the hub reviews adopted cases only.
    const agenda = await postGraphQL<{ caseConference: { agenda: { case: { status: string } }[] } }>(hub.gatewayUrl, AGENDA, { id: conferenceId });
    reviewable = agenda.data!.caseConference.agenda.flatMap((item, i) => (item.case.status === 'ADOPTED' ? [i] : []));
    expect(reviewable.length).toBeGreaterThan(1);
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  async function openAs(profile: string, options: { bypassCSP?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; violations: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: options.bypassCSP ?? false });
    const page = await context.newPage();
    const violations = watchPolicyViolations(page);
    await page.goto(`${origin}/conference`);
    await page.getByLabel('Development profile').selectOption(profile);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Conference', { exact: true }).selectOption(conferenceId);
    await page.getByRole('button', { name: 'Open the agenda' }).click();
    await page.getByRole('heading', { name: `Case conference on ${HELD_ON}` }).waitFor();
    return { context, page, violations };
  }

  it("serves the page with a strict content security policy, and sends a browser opening / to it", async () => {
    const page = await fetch(`${origin}/conference`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const policy = page.headers.get('content-security-policy')!;
    expect(policy).toBe(PAGE_CONTENT_SECURITY_POLICY);
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');

    const root = await fetch(`${origin}/`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(root.status).toBe(303);
    expect(root.headers.get('location')).toBe('/conference');
    expect((await fetch(`${origin}/favicon.ico`)).status).toBe(204);
    // A file name that tries to climb out of the served folders is not found.
    expect((await fetch(`${origin}/web/..%2Fpackage.json`)).status).toBe(404);
  });

  it('runs each of its operations as the schema stands today', async () => {
    const conferences = await postGraphQL(hub.gatewayUrl, CONFERENCES, { first: 5 });
    expect(conferences.errors).toBeUndefined();
    const agenda = await postGraphQL<{ caseConference: { agenda: unknown[] } }>(hub.gatewayUrl, AGENDA, { id: conferenceId });
    expect(agenda.errors).toBeUndefined();
    expect(agenda.data!.caseConference.agenda).toHaveLength(agendaSize);
    // The mutations are valid documents: an unknown id is refused by the IOM rules, not by validation.
    const unknownId = '00000000-0000-4000-8000-000000000000';
    const review = await postGraphQL(hub.gatewayUrl, RECORD_REVIEW, { input: { conferenceId: unknownId, caseId: unknownId, rating: 'RED', rationale: 'x' } });
    expect(review.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    const move = await postGraphQL(hub.gatewayUrl, MOVE_ACTION, { input: { actionId: unknownId, status: 'DONE', on: HELD_ON } });
    expect(move.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('lets the IOM coordinator load the agenda, record a review with an action, and see it', async () => {
    const { context, page, violations } = await openAs('iom-coordinator');
    try {
      await expect(page.locator('article.person').count()).resolves.toBe(agendaSize);
      await expect(page.getByRole('heading', { name: `Agenda: ${agendaSize} people` }).count()).resolves.toBe(1);
      const attendance = page.getByRole('table', { name: 'Attendance' });
      await expect(attendance.getByRole('row', { name: 'Police 2' }).count()).resolves.toBe(1);
      await expect(attendance.getByRole('row', { name: 'Housing 1' }).count()).resolves.toBe(1);
      await screenshot(page, 'conference-page');

      const first = page.locator('article.person').nth(reviewable[0]);
      const name = (await first.locator('h3').textContent())!;
      await first.getByLabel('Amber', { exact: true }).check();
      await first.getByLabel('Rationale').fill('Engaging with treatment; one unacceptable absence since the last review.');
      await first.getByRole('button', { name: 'Add an action' }).click();
      await first.getByLabel('Action', { exact: true }).fill('Arrange a joint home visit');
      await first.getByLabel('Owner').selectOption('PROBATION');
      await first.getByLabel('Due on').fill('2026-08-25');
      await first.getByRole('button', { name: 'Record the review' }).click();

      await page.getByRole('status').filter({ hasText: `Review recorded for ${name}: Amber.` }).waitFor();
      const reviewed = page.locator('article.person').nth(reviewable[0]);
      await expect(reviewed.locator('h3').textContent()).resolves.toBe(name);
      await expect(reviewed.locator('.review.recorded').textContent()).resolves.toContain('Engaging with treatment; one unacceptable absence since the last review.');
      await expect(reviewed.locator('.review.recorded .rag').textContent()).resolves.toBe('Rating: Amber');
      await expect(reviewed.locator('.review.recorded .action').textContent()).resolves.toMatch(/Arrange a joint home visit — Probation, due 2026-08-25\s*Open/);
      await screenshot(reviewed, 'conference-person');
      // The focus lands on the person just reviewed, so a keyboard user carries on from there.
      await expect(page.evaluate('document.activeElement?.textContent')).resolves.toBe(name);

      // The hub has it, not only the page.
      const stored = await postGraphQL<{ caseConference: { agenda: { person: { givenName: string; familyName: string }; review: { rating: string; rationale: string; actions: { description: string; ownerAgency: string; dueOn: string; status: string }[] } | null }[] } }>(
        hub.gatewayUrl,
        AGENDA,
        { id: conferenceId },
      );
      const reviews = stored.data!.caseConference.agenda.filter((item) => item.review);
      expect(reviews).toHaveLength(1);
      expect(`${reviews[0].person.givenName} ${reviews[0].person.familyName}`).toBe(name);
      expect(reviews[0].review).toMatchObject({
        rating: 'AMBER',
        rationale: 'Engaging with treatment; one unacceptable absence since the last review.',
        actions: [{ description: 'Arrange a joint home visit', ownerAgency: 'PROBATION', dueOn: '2026-08-25', status: 'OPEN' }],
      });
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('checks the review before sending it, and says what is missing', async () => {
    const { context, page } = await openAs('iom-coordinator');
    try {
      const second = page.locator('article.person').nth(reviewable[1]);
      await second.getByRole('button', { name: 'Record the review' }).click();
      await expect(second.getByRole('alert').textContent()).resolves.toBe('Choose a rating.Give the rationale.');
      const stored = await postGraphQL<{ caseConference: { agenda: { review: unknown }[] } }>(hub.gatewayUrl, AGENDA, { id: conferenceId });
      expect(stored.data!.caseConference.agenda.filter((item) => item.review)).toHaveLength(1);
    } finally {
      await context.close();
    }
  });

  it('moves an open action on and shows its new status', async () => {
    const { context, page } = await openAs('iom-coordinator');
    try {
      const open = page.locator('.open-actions .action').filter({ has: page.getByRole('button', { name: /^Mark in progress/ }) }).first();
      await expect(open.count()).resolves.toBe(1);
      const text = (await open.locator('.action-text').textContent())!;
      await open.getByRole('button', { name: /^Mark in progress/ }).click();
      await page.getByRole('status').filter({ hasText: 'is now in progress' }).waitFor();
      const moved = page.locator('.open-actions .action').filter({ hasText: text }).first();
      await expect(moved.locator('.action-status').textContent()).resolves.toBe('In progress');
      const stored = await postGraphQL<{ caseConference: { agenda: { openActions: { description: string; status: string }[] }[] } }>(hub.gatewayUrl, AGENDA, { id: conferenceId });
      const description = text.split(' — ')[0];
      expect(stored.data!.caseConference.agenda.flatMap((item) => item.openActions).filter((a) => a.description === description).map((a) => a.status)).toContain('IN_PROGRESS');
    } finally {
      await context.close();
    }
  });

  it('marks attendance, and shows what the hub then holds', async () => {
    const { context, page } = await openAs('iom-coordinator');
    try {
      await page.locator('#attendance-HOUSING').fill('3');
      await page.locator('#attendance-PROBATION').fill('2');
      await page.getByRole('button', { name: 'Record attendance' }).click();
      await page.getByRole('status').filter({ hasText: 'Attendance recorded' }).waitFor();
      const stored = await postGraphQL<{ caseConference: { status: string; attendance: { agency: string; attendees: number }[] } }>(
        hub.gatewayUrl,
        'query($id: ID!) { caseConference(id: $id) { status attendance { agency attendees } } }',
        { id: conferenceId },
      );
      expect(stored.data!.caseConference.status).toBe('HELD');
      expect(stored.data!.caseConference.attendance).toEqual(expect.arrayContaining([{ agency: 'HOUSING', attendees: 3 }, { agency: 'PROBATION', attendees: 2 }]));
      // The table the minutes print is read back from the hub, not from the form.
      const cells = await page.locator('table.attendance tbody tr').evaluateAll((rows) => rows.map((row) => [row.querySelector('th')!.textContent, row.querySelector('td')!.textContent]));
      expect(cells.length).toBe(stored.data!.caseConference.attendance.length);
      expect(cells.map(([, attendees]) => Number(attendees)).sort()).toEqual(stored.data!.caseConference.attendance.map((a) => a.attendees).sort());
    } finally {
      await context.close();
    }
  });

  it('shows a housing officer what housing may not see as "not shared with your agency"', async () => {
    // What the hub itself refuses this profile on the first person: the page must say exactly that.
    const answer = await postGraphQL(hub.gatewayUrl, AGENDA, { id: conferenceId }, await as('housing-officer'));
    const refused = new Set((answer.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path!.join('.')));
    const shown = reviewable[0];
    const onFirst = (field: string) => refused.has(`caseConference.agenda.${shown}.${field}`);
    expect(onFirst('evidence.offences')).toBe(true);
    expect(onFirst('person.orders')).toBe(true);
    expect(onFirst('person.accommodation')).toBe(false);

    const { context, page, violations } = await openAs('housing-officer');
    try {
      const first = page.locator('article.person').nth(shown);
      const definition = (term: string) => first.locator('dt', { hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');
      await expect(first.locator('dt', { hasText: /^Offences (from|since)/ }).locator('xpath=following-sibling::dd[1]').textContent()).resolves.toBe(NOT_SHARED);
      await expect(definition('Orders').textContent()).resolves.toBe(NOT_SHARED);
      await expect(definition('Risk of serious harm').textContent()).resolves.toBe(NOT_SHARED);
      await expect(definition('Accommodation').textContent()).resolves.not.toBe(NOT_SHARED);
      await expect(definition('In treatment').textContent()).resolves.not.toBe(NOT_SHARED);
      await expect(page.getByRole('status').textContent()).resolves.toContain(`Some of it is ${NOT_SHARED}.`);
      await screenshot(first, 'not-shared');

      // Recording reviews needs case management, which housing does not have.
      const second = page.locator('article.person').nth(reviewable[1]);
      await second.getByLabel('Red', { exact: true }).check();
      await second.getByLabel('Rationale').fill('Housing view');
      await second.getByRole('button', { name: 'Record the review' }).click();
      await expect(second.getByRole('alert').textContent()).resolves.toBe(`Not recorded: Recording reviews is ${NOT_SHARED}.`);
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('prints as minutes: ratings, rationale and actions, without the joined picture or the forms', async () => {
    const { context, page } = await openAs('iom-coordinator');
    try {
      await page.emulateMedia({ media: 'print' });
      await expect(page.locator('.picture').first().isVisible()).resolves.toBe(false);
      await expect(page.locator('form.review-form').first().isVisible()).resolves.toBe(false);
      await expect(page.locator('#sign-in').isVisible()).resolves.toBe(false);
      await expect(page.getByRole('status').isVisible()).resolves.toBe(false);
      await expect(page.locator('.review.recorded').first().isVisible()).resolves.toBe(true);
      await expect(page.getByRole('table', { name: 'Attendance' }).isVisible()).resolves.toBe(true);
      await screenshot(page, 'minutes-print');
    } finally {
      await context.close();
    }
  });

  it('can be signed into and driven from the keyboard', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${origin}/conference`);
      // The sign-in form is drawn once the page has asked the hub which profiles exist.
      await page.getByLabel('Development profile').waitFor();
      await page.keyboard.press('Tab'); // skip link
      await page.keyboard.press('Tab');
      await expect(page.evaluate('document.activeElement?.id')).resolves.toBe('profile');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter'); // Sign in, as the first profile
      await page.getByLabel('Conference', { exact: true }).waitFor();
      await expect(page.locator('.signed-in').textContent()).resolves.toContain('Signed in as');
    } finally {
      await context.close();
    }
  });

  it('asks to sign in again when the hub no longer accepts the token', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${origin}/conference`);
      await page.evaluate("sessionStorage.setItem('hub.token', 'expired-or-forged'); sessionStorage.setItem('hub.signedInAs', 'IOM coordinator')");
      await page.reload();
      await page.getByRole('status').filter({ hasText: 'Your sign-in is not accepted (it may have expired): sign in again.' }).waitFor();
      await page.getByLabel('Development profile').waitFor();
      await expect(page.evaluate("sessionStorage.getItem('hub.token')")).resolves.toBeNull();
    } finally {
      await context.close();
    }
  });

  it('has no serious or critical accessibility violation (axe-core)', async () => {
    // axe is injected as an inline script, which the page's policy rightly refuses: the test's own
    // context lifts the policy for the tool, not for the page.
    for (const profile of ['iom-coordinator', 'housing-officer']) {
      const { context, page } = await openAs(profile, { bypassCSP: true });
      try {
        await page.locator('form.review-form').first().getByRole('button', { name: 'Add an action' }).click();
        await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
        // A string, evaluated in the page: the test itself is compiled without the DOM's types.
        const violations = await page.evaluate<AxeViolation[]>('axe.run(document).then((result) => result.violations)');
        const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ profile, id: v.id, help: v.help, where: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
        expect(serious).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });
});
