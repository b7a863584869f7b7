/**
 * @apollo/gateway refuses a supergraph that links a feature `for: SECURITY` it does not
 * implement (`@requiresScopes`, `@authenticated`, `@policy`). The checked-in supergraph stays
 * standard, so Apollo Router or Hive Gateway can serve and enforce it; this gateway is handed a
 * copy without that purpose, and the access rules are read from the original SDL.
 */
export function executableSupergraph(supergraphSdl: string): string {
  return supergraphSdl.replace(/(@link\(url: "[^"]+"), for: SECURITY\)/g, '$1)');
}
