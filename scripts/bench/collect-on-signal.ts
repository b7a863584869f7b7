/**
 * Loaded by `npm run bench:load` into both gateways it compares (the hub's and stock Apollo's),
 * never by the hub itself: `node --expose-gc -r dist/scripts/bench/collect-on-signal.js …`. On
 * SIGUSR2 the process runs a full garbage collection and writes its memory just after it
 * (`process.memoryUsage()`) to `<HUB_BENCH_MEMORY_DIR>/memory-<pid>.json`, so that the benchmark
 * reads each gateway's memory after a collection rather than wherever V8's sawtooth happens to
 * be: under load V8 lets the old generation grow to two or three times what is live before it
 * collects, and a reading at one instant says more about when the last collection ran than
 * about what the gateway keeps.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export const MEMORY_DIR_VARIABLE = 'HUB_BENCH_MEMORY_DIR';

export function memoryFile(dir: string, pid: number): string {
  return path.join(dir, `memory-${pid}.json`);
}

const dir = process.env[MEMORY_DIR_VARIABLE];
if (dir) {
  process.on('SIGUSR2', () => {
    (globalThis as { gc?: () => void }).gc?.();
    writeFileSync(memoryFile(dir, process.pid), JSON.stringify(process.memoryUsage()));
  });
}
