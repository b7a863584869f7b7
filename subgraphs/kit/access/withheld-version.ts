/**
 * The route and the shape of the person index's restrictions version, apart from the routes
 * themselves (withheld-keys.ts): the gateway reads the version and must not load the subgraphs'
 * schema code to do so.
 */
export const WITHHELD_VERSION_PATH = '/row-keys/withheld/version';

export function isWithheldVersion(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9]{1,19}$/.test(value);
}
