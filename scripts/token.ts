/**
 * `npm run token -- <profile> [--purpose P] [--team T]`: prints a bearer token from the built-in
 * development identity provider for one access profile, e.g.
 *   curl -H "authorization: Bearer $(npm run -s token -- iom-coordinator)" …
 */
import { issueDevToken } from '../gateway/identity/dev-issuer';
import { loadAccessPolicy } from '../subgraphs/kit/access/policy';

async function main(): Promise<void> {
  const [profile, ...rest] = process.argv.slice(2);
  const option = (flag: string) => {
    const i = rest.indexOf(flag);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  if (!profile) {
    console.error(`Usage: npm run token -- <profile> [--purpose P] [--team T]\nProfiles: ${Object.keys(loadAccessPolicy().profiles).join(', ')}`);
    process.exit(2);
  }
  console.log(await issueDevToken(profile, { purpose: option('--purpose'), team: option('--team') }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
