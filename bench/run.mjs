#!/usr/bin/env node
// `npm run bench`: the engine measured side by side with what users would otherwise use (issue #7).
// Prints a table for people, or with `--json` one JSON object per line per figure. `--only a,b` runs a
// subset. It measures, it does not judge: exit 0 whatever the figures, also when a piece is missing.
//
// Every measured process runs plain JavaScript (bench/.build/ probes bundled by esbuild, or dist/), so
// no TypeScript loader and none of this runner's own work is inside a figure.

import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { buildProbe, OUT, ROOT } from './lib/build.mjs';
import { FIGURES } from './lib/figures.mjs';
import { GROUPS } from './lib/measure.mjs';
import { jsonLine, machine, table } from './lib/output.mjs';

function parseArgs(argv) {
  const options = { json: false, only: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') options.json = true;
    else if (a === '--only') options.only = argv[++i];
    else if (a.startsWith('--only=')) options.only = a.slice('--only='.length);
    else if (a === '--help' || a === '-h') options.help = true;
    else options.unknown = a;
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));
if (options.help || options.unknown) {
  process.stdout.write(`Usage: npm run bench -- [--json] [--only name1,name2]\nFigures: ${FIGURES.map((f) => f.name).join(', ')}\n`);
  process.exit(options.unknown ? 2 : 0);
}
const wanted = options.only ? options.only.split(',').map((s) => s.trim()).filter(Boolean) : FIGURES.map((f) => f.name);
const unknown = wanted.filter((n) => !FIGURES.some((f) => f.name === n));
if (unknown.length) {
  process.stderr.write(`bench: unknown figure ${unknown.join(', ')} (known: ${FIGURES.map((f) => f.name).join(', ')})\n`);
  process.exit(2);
}

const progress = (text) => process.stderr.write(`bench: ${text}\n`);
mkdirSync(OUT, { recursive: true });

// Probes are bundled on first use; a failed bundle is remembered so its figures say why.
const built = new Map();
function probe(name) {
  if (!built.has(name)) built.set(name, buildProbe(name));
  return built.get(name);
}

// The SQL figures' server: BENCH_DATABASE_URL, else the embedded server in a temp dir, started once.
let serverChild;
let serverUrl;
function server() {
  serverUrl ??= (async () => {
    if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
    progress('starting an embedded PostgreSQL for the SQL figures');
    const file = await probe('server');
    return new Promise((resolveUrl, reject) => {
      serverChild = spawn(process.execPath, [file], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      serverChild.stderr.on('data', (d) => (err += d));
      serverChild.stdout.on('data', (d) => {
        out += d;
        const ok = out.match(/^BENCH_SERVER (\S+)$/m);
        const failed = out.match(/^BENCH_SERVER_ERROR (.*)$/m);
        if (ok) resolveUrl(ok[1]);
        if (failed) reject(new Error(`embedded server: ${failed[1]}`));
      });
      serverChild.on('exit', (code) => reject(new Error(`embedded server exited ${code}: ${err.trim().split('\n').at(-1) ?? ''}`)));
    });
  })();
  return serverUrl;
}

function stopServer() {
  if (!serverChild || serverChild.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    serverChild.on('exit', done);
    serverChild.stdin.end();
  });
}

const results = new Map();
const groups = [...new Set(FIGURES.filter((f) => wanted.includes(f.name)).map((f) => f.group))];
const began = Date.now();
for (const group of groups) {
  const names = FIGURES.filter((f) => f.group === group && wanted.includes(f.name)).map((f) => f.name);
  progress(`measuring ${names.join(', ')}`);
  const groupStart = Date.now();
  let measured;
  try {
    measured = await GROUPS[group]({ probe, server }, names);
  } catch (error) {
    const reason = String(error?.message ?? error).split('\n')[0];
    measured = Object.fromEntries(names.map((n) => [n, { unavailable: reason }]));
  }
  progress(`  ${((Date.now() - groupStart) / 1000).toFixed(1)} s`);
  for (const name of names) {
    const m = measured?.[name] ?? { unavailable: 'the probe returned nothing for it' };
    results.set(name, m);
    if (options.json) process.stdout.write(`${jsonLine(name, m)}\n`);
  }
}
await stopServer();

if (!options.json) {
  process.stdout.write(`${table(FIGURES.filter((f) => wanted.includes(f.name)), results)}\n`);
  // Figures may carry detail for people (the risk corpus's confusion matrix); never in --json.
  for (const m of results.values()) if (typeof m.detail === 'string') process.stdout.write(`\n${m.detail}\n`);
  process.stdout.write(`\n${machine()}; ${Math.round((Date.now() - began) / 1000)} s\n`);
}
process.exit(0);
