import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root, whether running from source (ts-jest) or from dist/ (compiled). */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Cannot find the project root (no package.json above the running code).');
    dir = parent;
  }
  return dir;
}

export function fromRoot(...segments: string[]): string {
  return path.join(projectRoot(), ...segments);
}
