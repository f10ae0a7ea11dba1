// How each group of figures is measured. In-process figures run inside one probe process; whole-process
// figures (CLI start, first frame, big results) are spawned by the runner once per sample, after a
// warm-up, and the median taken here. Baseline and subject alternate so load spikes hit both.

import { join } from 'node:path';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ensureCliBuilt, ROOT } from './build.mjs';
import { median, runProbe, timeProcess, timeProcessOutput, timePty } from './proc.mjs';

const NODE = process.execPath;
const BUNDLED = 'runbooks/database-operations.md';
export const BIG_QUERY = 'SELECT g, md5(g::text) FROM generate_series(1, 1000000) g';
// The issue writes the producer as `head -c 1G /dev/zero | tr ...`; that is one 1 GB line (a degenerate
// case), and adding `fold` for lines makes the producer five times slower than anything measured. `yes`
// gives the same 1 GB as 68-byte lines at `head | tr` speed; the baseline runs the same command.
export const BIG_SHELL = "yes 'runbook bench: a line of output as a long-running command prints it' | head -c 1G";

/** Alternates subject and baseline `runs` times after one unmeasured round; returns both medians. */
async function alternate(subject, baseline, runs) {
  await subject();
  if (baseline) await baseline();
  const s = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    const order = i % 2 && baseline ? [[baseline, b], [subject, s]] : [[subject, s], [baseline, b]];
    for (const [fn, out] of order) if (fn) out.push(await fn());
  }
  return { value: median(s), baseline_value: baseline ? median(b) : undefined };
}

function scratch(prefix) {
  return mkdtempSync(join(tmpdir(), `runbook-bench-${prefix}-`));
}

function cliOrThrow() {
  const error = ensureCliBuilt();
  if (error) throw new Error(error);
  return join(ROOT, 'dist/cli.js');
}

/**
 * The real runbooks `npm run corpus` reads (BENCH_CORPUS_DIR, else ../shared/corpus): outside the
 * repository, so the figures are unavailable, with the reason, where it is not.
 */
function corpusFiles() {
  const CORPUS = process.env.BENCH_CORPUS_DIR || join(ROOT, '..', 'shared', 'corpus');
  if (!existsSync(CORPUS)) throw new Error(`${CORPUS} is not there (the corpus lives outside the repository)`);
  return readdirSync(CORPUS)
    .filter((name) => name.endsWith('.md') && name !== 'SOURCES.md' && name !== 'README.md')
    .sort()
    .map((name) => join(CORPUS, name));
}

export const GROUPS = {
  async check_corpus(_ctx, figures) {
    const files = corpusFiles();
    const cli = cliOrThrow();
    const cache = scratch('corpus-cache');
    const env = { ...process.env, XDG_CACHE_HOME: cache };
    try {
      const check = (extra) => () => timeProcess(NODE, [cli, 'check', ...files], { cwd: ROOT, env: { ...env, ...extra }, timeoutMs: 120_000, okCodes: [0, 1] });
      const out = {};
      // The unmeasured first round of `alternate` fills the cache for the cached figure.
      if (figures.includes('check_corpus')) out.check_corpus = await alternate(check({}), null, 5);
      if (figures.includes('check_corpus_uncached')) out.check_corpus_uncached = await alternate(check({ RUNBOOK_NO_CACHE: '1' }), null, 5);
      if (figures.includes('list_corpus_cached_max')) {
        // Each file's cached `list` against `node -e 0`; the slowest file is the figure.
        const bare = () => timeProcess(NODE, ['-e', '0'], { cwd: ROOT });
        let worst;
        for (const file of files) {
          const m = await alternate(() => timeProcess(NODE, [cli, 'list', file], { cwd: ROOT, env }), bare, 5);
          if (!worst || m.value / m.baseline_value > worst.value / worst.baseline_value) worst = m;
        }
        out.list_corpus_cached_max = worst;
      }
      return out;
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  },


  async drill() {
    const cli = cliOrThrow();
    // A scratch cwd (the drill reports) and embedded dir (the template), reachable by the postgres OS user.
    const cwd = scratch('drill');
    chmodSync(cwd, 0o755);
    const env = { ...process.env, RUNBOOK_EMBEDDED_DIR: join(cwd, 'embedded') };
    for (const name of ['DATABASE_URL', 'PGHOST', 'PGPORT', 'PGUSER', 'PGDATABASE', 'PGPASSWORD', 'RUNBOOK_TOOLKIT_DIR']) delete env[name];
    const setups = [];
    let scenarios = 0;
    const all = async () => {
      const r = await timeProcessOutput(NODE, [cli, 'drill', '--all', '--auto', '--json'], { cwd, env, timeoutMs: 600_000, okCodes: [0, 1] });
      const lines = r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
      const missed = lines.filter((l) => l.outcome !== l.expected);
      if (r.code !== 0 || !lines.length) throw new Error(`drill --all --auto: ${missed.map((l) => `${l.scenario} ${l.outcome} (expected ${l.expected})`).join(', ') || `exit ${r.code}`}`);
      scenarios = lines.length;
      return { ms: r.ms, setups: lines.map((l) => l.setupMs) };
    };
    // The baseline: a fresh embedded cluster's first start (initdb, start, the demo database), stopped after.
    const starts = [];
    let fresh = 0;
    const freshStart = async () => {
      const dir = join(cwd, `fresh-${fresh++}`);
      const freshEnv = { ...env, RUNBOOK_EMBEDDED_DIR: dir };
      try {
        const ms = await timeProcess(NODE, [cli, 'db', 'start'], { cwd, env: freshEnv, timeoutMs: 120_000 });
        starts.push(ms);
        return ms;
      } finally {
        await timeProcess(NODE, [cli, 'db', 'stop'], { cwd, env: freshEnv, timeoutMs: 60_000 }).catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      }
    };
    try {
      const first = await all();
      const template = first.ms;
      const runs = [];
      const baselines = [];
      for (let i = 0; i < 2; i++) {
        const order = i % 2 ? ['baseline', 'drill'] : ['drill', 'baseline'];
        for (const what of order) {
          if (what === 'drill') {
            const r = await all();
            runs.push(r.ms);
            setups.push(...r.setups);
          } else {
            let total = 0;
            for (let s = 0; s < scenarios; s++) total += await freshStart();
            baselines.push(total);
          }
        }
      }
      const oneStart = median(starts);
      const drillAll = median(runs);
      return {
        drill_setup: { value: median(setups), baseline_value: oneStart },
        drill_setup_max: { value: Math.max(...setups), baseline_value: oneStart },
        drill_all_auto: { value: drillAll, baseline_value: median(baselines) },
        // The first run also made the template.
        drill_all_auto_first: { value: template },
      };
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  },

  async parse(ctx, figures) {
    return runProbe(await ctx.probe('parse'), { figures, runs: 3 }, { cwd: ROOT, timeoutMs: 180_000 });
  },

  async parse_bundled(ctx) {
    const file = await ctx.probe('parse');
    const once = async () => {
      const r = await runProbe(file, { figures: ['parse_bundled'], mode: 'bundled-once', bundled: BUNDLED }, { cwd: ROOT });
      if (r.parse_bundled.unavailable) throw new Error(r.parse_bundled.unavailable);
      return r.parse_bundled.value;
    };
    return { parse_bundled: await alternate(once, null, 7) };
  },

  async cli_list_cold() {
    const cli = cliOrThrow();
    const list = () => timeProcess(NODE, [cli, 'list', BUNDLED], { cwd: ROOT });
    const uncached = () => timeProcess(NODE, [cli, 'list', BUNDLED], { cwd: ROOT, env: { ...process.env, RUNBOOK_NO_CACHE: '1' } });
    const bare = () => timeProcess(NODE, ['-e', '0'], { cwd: ROOT });
    return { cli_list_cold: await alternate(list, bare, 9), cli_list_uncached: await alternate(uncached, bare, 9) };
  },

  async tui_first_frame() {
    const cli = cliOrThrow();
    // A scratch cwd and embedded dir: the picker must not depend on, or write into, the repository. The
    // dir must be reachable by the `postgres` OS user the embedded server runs as under root.
    const cwd = scratch('tui');
    chmodSync(cwd, 0o755);
    const env = { ...process.env, RUNBOOK_EMBEDDED_DIR: join(cwd, 'embedded') };
    for (const name of ['DATABASE_URL', 'PGHOST', 'PGPORT', 'PGUSER', 'PGDATABASE', 'PGPASSWORD']) delete env[name];
    const db = (action) => timeProcess(NODE, [cli, 'db', action], { cwd, env, timeoutMs: 120_000 }).catch(() => undefined);
    try {
      // `run` starts the embedded database in the background while the picker is up: create it first
      // so every sample is the everyday case (an existing database, a warm start behind the picker).
      await db('start');
      await db('stop');
      const firstFrame = (frameEnv) => async () => {
        const ms = await timePty(`'${NODE}' '${cli}' run`, /Choose a procedure/, { cwd, env: frameEnv });
        // The process group was killed at the frame; the server it started is detached from it.
        await db('stop');
        return ms;
      };
      const bare = () => timePty(`'${NODE}' -e 0`, null, { cwd, env });
      return {
        tui_first_frame: await alternate(firstFrame(env), bare, 7),
        tui_first_frame_uncached: await alternate(firstFrame({ ...env, RUNBOOK_NO_CACHE: '1' }), bare, 7),
      };
    } finally {
      await db('stop');
      rmSync(cwd, { recursive: true, force: true });
    }
  },

  async sql(ctx, figures) {
    const url = await ctx.server();
    const r = await runProbe(await ctx.probe('sql'), { figures, url }, { cwd: ROOT, timeoutMs: 180_000 });
    if (figures.includes('sql_vs_psql') && r.sql_vs_psql && !r.sql_vs_psql.unavailable) {
      // psql as a user would run it from a shell script: one process, one connection per statement.
      const psql = () => timeProcess('psql', ['-X', '-q', '-d', url, '-c', 'SELECT 1'], { cwd: ROOT });
      r.sql_vs_psql.baseline_value = (await alternate(psql, null, 20)).value;
    }
    return r;
  },

  async embedded(ctx, figures) {
    return runProbe(await ctx.probe('embedded'), { figures }, { cwd: ROOT, timeoutMs: 180_000 });
  },

  async big_result(ctx, figures) {
    const url = await ctx.server();
    const file = await ctx.probe('big-result');
    const samples = [];
    const once = async () => {
      const r = await runProbe(file, { figures, url, query: BIG_QUERY }, { cwd: ROOT });
      if (r.big_result_total?.unavailable) throw new Error(r.big_result_total.unavailable);
      samples.push(r);
      return r.big_result_total?.value;
    };
    const psql = () => timeProcess('psql', ['-X', '-q', '-d', url, '-c', `\\copy (${BIG_QUERY}) to '/dev/null'`], { cwd: ROOT, timeoutMs: 120_000 });
    const { baseline_value } = await alternate(once, psql, 3);
    const measured = samples.slice(1); // the first was the warm-up
    const pick = (name) => {
      const values = measured.map((r) => r[name]?.value).filter((v) => typeof v === 'number');
      return values.length ? { value: median(values) } : { unavailable: measured[0]?.[name]?.unavailable ?? 'no sample' };
    };
    return {
      big_result_first_rows: pick('big_result_first_rows'),
      big_result_rss: pick('big_result_rss'),
      big_result_total: { ...pick('big_result_total'), baseline_value },
    };
  },

  async big_shell(ctx, figures) {
    const file = await ctx.probe('big-shell');
    const samples = [];
    const once = async () => {
      const r = await runProbe(file, { figures, command: BIG_SHELL }, { cwd: ROOT });
      if (r.big_shell_total?.unavailable) throw new Error(r.big_shell_total.unavailable);
      samples.push(r);
      return r.big_shell_total.value;
    };
    const bash = () => timeProcess('bash', ['-c', `${BIG_SHELL} > /dev/null`], { cwd: ROOT, timeoutMs: 120_000 });
    const total = await alternate(once, bash, 3);
    return {
      big_shell_rss: { value: median(samples.slice(1).map((r) => r.big_shell_rss.value)) },
      big_shell_total: total,
    };
  },

  async journal(ctx, figures) {
    return runProbe(await ctx.probe('journal'), { figures }, { cwd: ROOT });
  },

  async report(ctx, figures) {
    return runProbe(await ctx.probe('report'), { figures }, { cwd: ROOT });
  },

  async shell_grammar(ctx) {
    const file = await ctx.probe('risk');
    const once = async () => {
      const r = await runProbe(file, { figures: ['shell_grammar_load'], mode: 'load' }, { cwd: ROOT });
      if (r.shell_grammar_load.unavailable) throw new Error(r.shell_grammar_load.unavailable);
      return r.shell_grammar_load.value;
    };
    return { shell_grammar_load: await alternate(once, null, 7) };
  },

  async risk(ctx, figures) {
    return runProbe(await ctx.probe('risk'), { figures }, { cwd: ROOT, timeoutMs: 180_000 });
  },

  async binding(ctx, figures) {
    return runProbe(await ctx.probe('binding'), { figures, url: await ctx.server() }, { cwd: ROOT, timeoutMs: 600_000 });
  },

  async tui_redraw(ctx, figures) {
    return runProbe(await ctx.probe('tui-redraw'), { figures }, { cwd: ROOT });
  },
};
