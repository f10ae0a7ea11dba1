// One drill from the CLI's side: the disposable database and its fault (database/drill-*.ts), a normal
// session on it with the drill's facts journaled (session/drill.ts), the drill report beside the
// session's report (report/drill.ts), and the clean-up. `runbook drill --auto` calls runAuto per scenario;
// the interactive drill opens its session through openInteractive from inside the UI.

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Runbook } from '../runbook/model.js';
import type { Target } from '../database/target.js';
import type { SessionEngine } from '../session/engine.js';
import type { FinishNotes, FinishSummary, PolicyOptions, SessionController } from '../session/types.js';
import type { Drill, DrillRun } from '../session/drill.js';
import type { DrillServer } from '../database/drill-server.js';
import type { InjectedFault } from '../database/drill-fault.js';
import type { LoadedScenario } from './drill-load.js';
import { preflight, type BranchFlags } from '../session/headless.js';
import { suggestionNames } from '../session/params.js';
import { VERSION } from './version.js';

/** The drill server this process's drills share (started on first use), and the ones they stopped. */
export class DrillServers {
  private shared?: Promise<DrillServer>;
  private keepShared = false;
  private own: DrillServer[] = [];

  constructor(private readonly progress: (m: string) => void) {}

  async forScenario(serverStopped: boolean): Promise<{ server: DrillServer; own: boolean }> {
    const { startDrillServer } = await import('../database/drill-server.js');
    if (serverStopped) {
      // Stopping a server its neighbours use would end their drills: this one gets its own.
      const server = await startDrillServer({ version: VERSION, onProgress: this.progress });
      this.own.push(server);
      return { server, own: true };
    }
    this.shared ??= startDrillServer({ version: VERSION, onProgress: this.progress });
    return { server: await this.shared, own: false };
  }

  keep(): void {
    this.keepShared = true;
  }

  async releaseAll(): Promise<void> {
    const shared = await this.shared?.catch(() => undefined);
    await shared?.release(this.keepShared);
    await Promise.all(this.own.map((s) => s.release(false)));
  }
}

export interface Prepared {
  target: Target;
  database: string;
  fault: InjectedFault;
  setupMs: number;
  /** Ends the fault's sessions and removes the database (or keeps it, saying where). */
  teardown(keep: boolean): Promise<string | undefined>;
}

/** A database cloned for this drill, with the scenario's fault in place. */
export async function prepareDrill(loaded: LoadedScenario, servers: DrillServers): Promise<Prepared> {
  const began = performance.now();
  const { cloneDatabase, dropDatabase, rolesOf } = await import('../database/drill-server.js');
  const { injectFault } = await import('../database/drill-fault.js');
  const { server, own } = await servers.forScenario(loaded.scenario.serverStopped);
  const rolesBefore = await rolesOf(server);
  const database = `drill_${loaded.scenario.name.replace(/[^a-z0-9]+/gi, '_').toLowerCase().slice(0, 40)}_${randomBytes(3).toString('hex')}`;
  const target = await cloneDatabase(server, database);
  let fault: InjectedFault;
  try {
    fault = await injectFault(loaded.scenario, target, () => server.stop());
  } catch (error) {
    if (!own) await dropDatabase(server, database, rolesBefore).catch(() => undefined);
    else await server.release(false);
    throw error;
  }
  return {
    target,
    database,
    fault,
    setupMs: performance.now() - began,
    async teardown(keep) {
      await fault.end();
      if (keep) {
        if (own) await server.release(true);
        else servers.keep();
        return `kept: database ${database} of the drill server in ${server.dir} (RUNBOOK_EMBEDDED_DIR=${server.dir} runbook db start, then connect to database ${database}; delete the folder when done)`;
      }
      if (own) await server.release(false);
      else await dropDatabase(server, database, rolesBefore).catch(() => undefined);
      return undefined;
    },
  };
}

export const AUTO_POLICY: PolicyOptions = { confirmEach: false, allowDestructive: true, readOnly: false, dryRun: false };
export const INTERACTIVE_POLICY: PolicyOptions = { confirmEach: true, allowDestructive: true, readOnly: false, dryRun: false };

/** The session folder of a drill: ./.runbook/sessions/<started-at>-drill-<scenario>. */
async function sessionDirFor(name: string): Promise<string> {
  const { sessionsRoot } = await import('../session/list.js');
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  let dir = join(sessionsRoot(), `${stamp}-drill-${name}`);
  for (let n = 2; existsSync(dir); n++) dir = join(sessionsRoot(), `${stamp}-drill-${name}-${n}`);
  return dir;
}

/** What a drill needs before its session opens: the parameters, checked against the procedure. */
function paramsFor(loaded: LoadedScenario, prepared: Prepared, branches: BranchFlags): { params: Record<string, string>; missing?: string } {
  const params = { ...loaded.scenario.params, ...prepared.fault.params };
  const derivable = suggestionNames(loaded.procedure);
  const { missing } = preflight(loaded.procedure, AUTO_POLICY, (n) => n in params || derivable.has(n), undefined, branches);
  const first = missing[0];
  return { params, ...(first ? { missing: `line ${first.line}: ${first.message.replace(/give --param.*/, `the scenario's params must give ${first.name}`)}` } : {}) };
}

async function openDrillSession(runbook: Runbook, hash: string, loaded: LoadedScenario, prepared: Prepared, policy: PolicyOptions, params: Record<string, string>): Promise<{ engine: SessionEngine; drill: Drill }> {
  const [{ openSession }, { realDeps }, { attachReportWriter }, { Drill }, { askCheck }] = await Promise.all([
    import('../session/open.js'),
    import('../session/deps.js'),
    import('../report/writer.js'),
    import('../session/drill.js'),
    import('../database/drill-fault.js'),
  ]);
  const engine = await openSession({ runbook, runbookHash: hash, procedure: loaded.procedure, target: prepared.target, policy, params, sessionDir: await sessionDirFor(loaded.scenario.name), deps: realDeps });
  attachReportWriter(engine);
  const drill = new Drill(engine, loaded.scenario, (code) => askCheck(code, prepared.target));
  return { engine, drill };
}

/** One JSON line of `drill --auto --json` (the contract is in the README). */
export interface AutoLine {
  scenario: string;
  procedure: string;
  expected: string;
  outcome: string;
  reason: string;
  symptomBefore: boolean | null;
  symptomAfter: boolean | null;
  timeToResolveMs: number | null;
  setupMs: number;
  statements: { run: number; failed: number; skipped: number };
  report: string | null;
  kept?: string;
}

/** `--auto`: set up, run, judge, report, clean up; never throws for what a drill finds (that is its outcome). */
export async function runAuto(runbook: Runbook, hash: string, loaded: LoadedScenario, servers: DrillServers, keep: boolean): Promise<AutoLine> {
  const { scenario, procedure } = loaded;
  const base = { scenario: scenario.name, procedure: procedure.id, expected: scenario.expected };
  const failed = (reason: string, setupMs = 0): AutoLine => ({ ...base, outcome: 'error', reason, symptomBefore: null, symptomAfter: null, timeToResolveMs: null, setupMs, statements: { run: 0, failed: 0, skipped: 0 }, report: null });
  let prepared: Prepared;
  try {
    prepared = await prepareDrill(loaded, servers);
  } catch (error) {
    return failed(`the fault could not be set up: ${(error as Error).message.split('\n')[0]}`);
  }
  let kept: string | undefined;
  try {
    const branches: BranchFlags = { when: scenario.when, allBranches: scenario.allBranches };
    const { params, missing } = paramsFor(loaded, prepared, branches);
    if (missing) return failed(`the procedure cannot run: ${missing}`, prepared.setupMs);
    const { engine, drill } = await openDrillSession(runbook, hash, loaded, prepared, AUTO_POLICY, params);
    let run: DrillRun;
    try {
      await engine.fillDerivable();
      await drill.start({ database: `${prepared.target.host}:${prepared.target.port}/${prepared.database}`, setupMs: Math.round(prepared.setupMs), mode: 'auto', ...(prepared.fault.diagnosis ? { diagnosis: prepared.fault.diagnosis } : {}) });
      const { runDrillHeadless } = await import('../session/drill.js');
      run = await runDrillHeadless(drill, procedure, branches);
    } finally {
      await engine.close();
    }
    const { writeDrillReport } = await import('../report/drill.js');
    const report = writeDrillReport(engine.dir, engine.derived);
    return {
      ...base,
      outcome: run.verdict.outcome,
      reason: run.verdict.reason,
      symptomBefore: run.symptomBefore,
      symptomAfter: run.symptomAfter,
      timeToResolveMs: run.timeToResolveMs,
      setupMs: Math.round(prepared.setupMs),
      statements: { run: run.counts.run, failed: run.counts.failed, skipped: run.counts.skipped },
      report: report ? shownPath(report) : null,
    };
  } finally {
    kept = await prepared.teardown(keep).catch(() => undefined);
    if (kept) process.stderr.write(`${scenario.name}: ${kept}\n`);
  }
}

export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** Interactive: what the UI's openSession does for a drill, and what the CLI needs to finish it. */
export interface InteractiveDrill {
  controller: SessionController;
  engine: SessionEngine;
  drill: Drill;
  /** Judges (once) and writes the drill report; returns the lines to show. */
  conclude(): Promise<string[]>;
}

export async function openInteractive(runbook: Runbook, hash: string, loaded: LoadedScenario, prepared: Prepared): Promise<InteractiveDrill> {
  const branches: BranchFlags = { when: loaded.scenario.when, allBranches: loaded.scenario.allBranches };
  const { params } = paramsFor(loaded, prepared, branches);
  const { engine, drill } = await openDrillSession(runbook, hash, loaded, prepared, INTERACTIVE_POLICY, params);
  await drill.start({ database: `${prepared.target.host}:${prepared.target.port}/${prepared.database}`, setupMs: Math.round(prepared.setupMs), mode: 'interactive', ...(prepared.fault.diagnosis ? { diagnosis: prepared.fault.diagnosis } : {}) });
  const unwatch = drill.watch();
  const { writeDrillReport } = await import('../report/drill.js');
  let concluded: Promise<string[]> | undefined;
  const conclude = () =>
    (concluded ??= (async () => {
      unwatch();
      if (!engine.derived.drill?.verdict) await drill.conclude(loaded.procedure);
      const report = writeDrillReport(engine.dir, engine.derived);
      return [...drill.summaryLines(), ...(report ? [`Drill report: ${shownPath(report)}`] : [])];
    })());
  // The UI finishes through the controller: the verdict is journaled before the session ends.
  const controller = new Proxy(engine, {
    get(target, property, receiver) {
      if (property === 'finish') {
        return async (notes?: FinishNotes, options?: { aborted?: boolean }): Promise<FinishSummary> => {
          unwatch();
          if (!engine.derived.drill?.verdict) await drill.conclude(loaded.procedure);
          const summary = await engine.finish(notes, options);
          return { ...summary, extra: await conclude() };
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as SessionController;
  return { controller, engine, drill, conclude };
}
