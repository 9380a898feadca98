#!/usr/bin/env node
/**
 * Restores lockfile entries for other platforms' optional binaries (Biome's `@biomejs/cli-<os>-<cpu>[-musl]`).
 *
 * The registry this project is developed against serves only the packages for its own platform, so `npm install`
 * leaves the others out of package-lock.json, and `npm ci` then refuses the lockfile as out of sync. The entries
 * added here are what npm writes when it can see those packages: optional, with their os/cpu/libc, so that
 * `npm ci` skips them on every other platform without fetching them.
 *
 * Run it after `npm install` changes the lockfile: `node scripts/complete-lockfile.mjs`.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
const PLATFORM =
  /-(android|darwin|freebsd|linux|openbsd|sunos|win32)-(arm|arm64|ia32|x64|ppc64|s390x)(-(musl|gnu))?$/;

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const target = `node_modules/${name}`;
    if (packages[target] !== undefined) continue;
    const match = PLATFORM.exec(name);
    if (match === null) {
      console.error(`${location}: optional dependency ${name} is missing and is not a platform binary`);
      process.exitCode = 1;
      continue;
    }
    const [, os, cpu, , libc] = match;
    packages[target] = {
      version,
      cpu: [cpu],
      ...(entry.dev && { dev: true }),
      ...(os === 'linux' && { libc: [libc === 'musl' ? 'musl' : 'glibc'] }),
      optional: true,
      os: [os],
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform entr${added === 1 ? 'y' : 'ies'}`);
