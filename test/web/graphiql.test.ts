/**
 * GraphiQL and the development token endpoint: on in development (served by the hub, with the
 * shipped operations and a profile's token), absent in production.
 */
import { readdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { RunningHub } from '../../runtime/hub';
import { fromRoot } from '../../subgraphs/kit/paths';
import { postGraphQL, startTestHub } from '../support/hub';
import { GRAPHIQL_CONTENT_SECURITY_POLICY, shippedOperations, webOptionsFromEnvironment } from '../../gateway/web/web-routes';
import { compileBrowserScripts, launchChromium, screenshot, watchPolicyViolations } from './browser';

const HTML = { accept: 'text/html,application/xhtml+xml' };

describe('which web tools are on', () => {
  it('turns GraphiQL and the token endpoint on in development and off in production', () => {
    expect(webOptionsFromEnvironment({})).toEqual({ graphiql: true, devSignIn: true });
    expect(webOptionsFromEnvironment({ NODE_ENV: 'development' })).toEqual({ graphiql: true, devSignIn: true });
    expect(webOptionsFromEnvironment({ NODE_ENV: 'production' })).toEqual({ graphiql: false, devSignIn: false });
    // Trusting the development issuer's tokens in production never hands them out over HTTP.
    expect(webOptionsFromEnvironment({ NODE_ENV: 'production', HUB_DEV_ISSUER: 'true' })).toEqual({ graphiql: false, devSignIn: false });
    expect(webOptionsFromEnvironment({ HUB_DEV_ISSUER: 'false' })).toEqual({ graphiql: true, devSignIn: false });
  });

  it('offers every shipped operation, with a placeholder for each required variable, the default where one is declared and null for other optional ones', () => {
    const operations = shippedOperations();
    expect(operations.map((o) => `${o.name}.graphql`)).toEqual(readdirSync(fromRoot('schema', 'operations')).filter((f) => f.endsWith('.graphql')).sort());
    const byName = Object.fromEntries(operations.map((o) => [o.name, o.variables]));
    expect(byName['case-conference-agenda']).toEqual({ id: '', filter: null, first: null, after: null });
    // Variables with a default start at it, as the file declares them.
    expect(byName['iom-cohort-measures']).toEqual({ asOf: null, filter: null, seriesFrom: '2025-07-01', seriesTo: '2026-06-30' });
    expect(byName['iom-reoffending']).toEqual({ asOf: null, months: 12, target: 17, filter: null, seriesFrom: '', seriesTo: '' });
    expect(byName['iom-waiting-lists']).toEqual({});
  });
});

describe('GraphiQL and the token endpoint in development', () => {
  let hub: RunningHub;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    compileBrowserScripts();
    hub = await startTestHub({ web: { graphiql: true, devSignIn: true } });
    origin = new URL(hub.gatewayUrl).origin;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it('answers a browser opening /graphql with GraphiQL, and a GraphQL client as before', async () => {
    const page = await fetch(`${origin}/graphql`, { headers: HTML });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('/web/vendor/graphiql.min.js');
    const policy = page.headers.get('content-security-policy')!;
    expect(policy).toBe(GRAPHIQL_CONTENT_SECURITY_POLICY);
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toMatch(/unsafe-eval|https?:/);

    // A GET carrying an operation is still GraphQL, and still needs the CSRF preflight header.
    const get = await fetch(`${origin}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: HTML });
    expect(get.headers.get('content-type')).toMatch(/json/);
    expect(get.status).toBe(400);
    const vendor = await fetch(`${origin}/web/vendor/react.production.min.js`);
    expect(vendor.status).toBe(200);
    expect(vendor.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${origin}/web/vendor/react.development.js`)).status).toBe(404);
  });

  it('issues a development token for a profile, which the hub then accepts as that profile', async () => {
    const response = await fetch(`${origin}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ profile: 'housing-officer' }) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { token: string; label: string; expiresInSeconds: number };
    expect(body).toMatchObject({ label: 'Housing officer', expiresInSeconds: 3600 });
    const asHousing = await postGraphQL(hub.gatewayUrl, `{ people(first: 1) { edges { node { id offences { committedOn } } } } }`, {}, { authorization: `Bearer ${body.token}` });
    expect(asHousing.status).toBe(200);
    expect(asHousing.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');

    const unknown = await fetch(`${origin}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ profile: 'superuser' }) });
    expect(unknown.status).toBe(400);
    // A cross-site form cannot send JSON: anything else is refused before a token is made.
    const form = await fetch(`${origin}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'profile=iom-coordinator' });
    expect(form.status).toBe(415);
  });

  it('opens in a browser with the shipped operations as tabs and runs one with a chosen profile', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const violations = watchPolicyViolations(page);
    try {
      await page.goto(`${origin}/graphql`);
      await page.locator('.graphiql-container').waitFor();
      const tabs = page.locator('.graphiql-tab');
      await expect(tabs.count()).resolves.toBe(shippedOperations().length);
      await page.getByLabel('Development profile').selectOption('iom-coordinator');
      await page.getByRole('button', { name: 'Use a token for this profile' }).click();
      await page.getByRole('status').filter({ hasText: 'Requests carry a one-hour token for IOM coordinator.' }).waitFor();

      await tabs.filter({ hasText: 'IomWaitingLists' }).first().click();
      await page.locator('.graphiql-execute-button').click();
      const result = page.locator('.graphiql-response .CodeMirror');
      await result.filter({ hasText: '"iomCohorts"' }).waitFor();
      const text = (await result.textContent()) ?? '';
      expect(text).not.toContain('UNAUTHENTICATED');
      expect(text).toContain('"placesAvailable"');
      await screenshot(page, 'graphiql');
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('in production', () => {
  let hub: RunningHub;
  let origin: string;

  beforeAll(async () => {
    hub = await startTestHub({ web: webOptionsFromEnvironment({ NODE_ENV: 'production' }) });
    origin = new URL(hub.gatewayUrl).origin;
  });
  afterAll(() => hub?.stop());

  it('has no GraphiQL and no token endpoint, and keeps the page', async () => {
    const graphql = await fetch(`${origin}/graphql`, { headers: HTML });
    expect(graphql.headers.get('content-type')).toMatch(/json/);
    expect(await graphql.text()).not.toContain('graphiql');
    const token = await fetch(`${origin}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ profile: 'iom-coordinator' }) });
    expect(token.status).toBe(404);
    expect((await fetch(`${origin}/web/vendor/graphiql.min.js`)).status).toBe(404);
    expect((await fetch(`${origin}/web/operations.json`)).status).toBe(404);

    expect((await fetch(`${origin}/conference`)).status).toBe(200);
    expect(await (await fetch(`${origin}/web/config.json`)).json()).toEqual({ devSignIn: false, profiles: [] });
  });
});
