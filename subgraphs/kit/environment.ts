/** Environment variable prefix of a subgraph: `substance-misuse` → `SUBSTANCE_MISUSE` (e.g. `SUBSTANCE_MISUSE_PORT`). */
export function envPrefix(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
