// Rebuilds only when a TypeScript source is newer than the compiled output, so a command such as
// `npm run token` answers in a second when nothing has changed. Plain JavaScript: it runs before
// anything is compiled. Usage: node scripts/fresh-build.js [compiled file to compare against]
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const compiled = path.join(root, process.argv[2] ?? 'dist/scripts/token.js');
const SOURCES = ['audit-trail', 'gateway', 'subgraphs', 'runtime', 'scripts', 'synthetic', 'web/src'];

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

const newest = Math.max(
  ...SOURCES.map((dir) => newestSource(path.join(root, dir))),
  ...['tsconfig.json', 'web/tsconfig.json', 'package-lock.json'].map((file) => statSync(path.join(root, file)).mtimeMs),
);
if (!existsSync(compiled) || statSync(compiled).mtimeMs < newest) {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
}
