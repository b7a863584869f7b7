/**
 * `npm start`: PostgreSQL (embedded unless HUB_POSTGRES_URL is set), a database per subgraph,
 * migrations, synthetic data on first run, then every subgraph and the gateway, each in its own
 * process as a deployment runs them (runtime/hub-processes.ts). Ctrl-C stops it all.
 */
import 'reflect-metadata';
import { SUBGRAPHS } from '../subgraphs';
import { databaseUrlsFor } from '../runtime/databases';
import { prepareSeededDatabases } from '../runtime/seeding';
import { startHubProcesses, type RunningHubProcesses } from '../runtime/hub-processes';
import { envPrefix } from '../subgraphs/kit/environment';
import { configuredPgPort, startConfiguredPostgres } from '../runtime/postgres';
import { readSeedOptions } from './seed-options';
import { loadAccessPolicy } from '../subgraphs/kit/access/policy';
import { webOptionsFromEnvironment } from '../gateway/web/web-routes';

async function main(): Promise<void> {
  // PostgreSQL is stopped here, after the hub has drained, not the moment a signal arrives.
  const postgres = await startConfiguredPostgres({ dataDir: process.env.HUB_DATA_DIR ?? 'data/pg', port: configuredPgPort(), stopOnSignals: false });
  let hub: RunningHubProcesses | undefined;
  let stopping = false;
  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the hub…');
    await hub?.stop().catch((error: unknown) => console.error(error));
    await postgres.stop().catch((error: unknown) => console.error(error));
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    console.log(postgres.embedded ? `PostgreSQL (embedded) on ${new URL(postgres.url).host}` : 'PostgreSQL from HUB_POSTGRES_URL');
    const urls = databaseUrlsFor(SUBGRAPHS, postgres.url, 'hub');
    for (const result of await prepareSeededDatabases(SUBGRAPHS, urls, readSeedOptions(process.argv.slice(2)))) {
      const migrations = result.migrationsApplied.length ? `${result.migrationsApplied.length} migration(s) applied` : 'schema up to date';
      console.log(`  ${result.subgraph}: ${migrations}; ${result.seeded}`);
    }
    hub = await startHubProcesses({
      subgraphs: SUBGRAPHS.map((s) => ({ name: s.name, port: Number(process.env[`${envPrefix(s.name)}_PORT`] ?? s.defaultPort) })),
      databaseUrls: urls,
      gatewayPort: Number(process.env.GATEWAY_PORT ?? 4000),
      host: process.env.HUB_HOST,
      onUnexpectedExit: (service, code, signal) => {
        const how = signal ?? `exit code ${code}`;
        if (service !== 'gateway') {
          console.error(`Subgraph ${service} stopped (${how}); what it serves answers SUBGRAPH_UNAVAILABLE until the hub is restarted.`);
          return;
        }
        console.error(`The gateway stopped (${how}).`);
        void stop(1);
      },
    });
    for (const [name, url] of Object.entries(hub.subgraphUrls)) console.log(`  subgraph ${name.padEnd(16)} ${url}`);
    const origin = new URL(hub.gatewayUrl).origin;
    const development = webOptionsFromEnvironment();
    console.log(`
The hub is running: ${hub.gatewayUrl}

The case conference page: ${origin}/conference${development.devSignIn ? ' (sign in with a development profile)' : ''}${development.graphiql ? `\nGraphiQL:                 ${hub.gatewayUrl} (open it in a browser)` : ''}

Every request needs a bearer token; in another terminal:
  TOKEN=$(npm run -s token -- iom-coordinator)
  curl -s ${hub.gatewayUrl} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"query":"{ people(first: 3, filter: { hasIdentifiers: [PNC_ID, CRN] }) { totalCount edges { node { id givenName familyName pncId crn } } } }"}'
Profiles: ${Object.keys(loadAccessPolicy().profiles).join(', ')}.

Press Ctrl-C to stop.`);
  } catch (error) {
    console.error('The hub could not start:', error instanceof Error ? error.message : error);
    await stop(1);
  }
}

void main();
