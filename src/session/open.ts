// Starting and resuming sessions: creates the session folder (journal.jsonl, outputs/, report.md),
// writes `session-started` with everything the journal needs to stand alone (and its format version),
// or continues the fold of an existing journal (list.ts inspectSession) and records `session-resumed`.
// Returns the engine (a SessionController).

import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { Procedure, Runbook } from '../runbook/model.js';
import type { ExecutorRegistry } from '../executors/types.js';
import { describeTarget, type Target } from '../database/target.js';
import type { PolicyOptions } from './types.js';
import { JOURNAL_FORMAT, Journal, repairTail } from './journal.js';
import { seed, interrupted } from './state.js';
import { Redactor } from './redact.js';
import { pgpassPasswords } from '../database/pgpass.js';
import { redactLeftovers } from './leftover-outputs.js';
import { SessionEngine, type BindFn, type ClassifyFn, type EngineInit } from './engine.js';
import { changedSteps, planOf, sha256, stepHashes } from './plan.js';
import { JOURNAL_FILE, inspectSession, sessionsRoot, type InspectedSession } from './list.js';
import { lockSession, type SessionLock } from './lock.js';
import { slugify } from '../runbook/slug.js';
import { SessionExists } from '../errors.js';

export interface EngineDeps {
  /** Resolves when the dependencies can be used (the SQL parser that `classify` needs is loaded). */
  ready?(): Promise<void>;
  /** `session.id`: the session the executors run for (its SQL connection is named after it). */
  createExecutors(target: Target, session?: { id: string }): ExecutorRegistry | Promise<ExecutorRegistry>;
  bind: BindFn;
  classify?: ClassifyFn;
}

export interface OpenOptions {
  runbook: Runbook;
  /** The runbook file's text, for the content hash (or give `runbookHash`). */
  source?: string;
  runbookHash?: string;
  procedure: Procedure;
  target: Target;
  policy: PolicyOptions;
  /** Parameter values given up front (`--param`). */
  params?: Record<string, string>;
  /** The session folder itself (`--session-dir`); default ./.runbook/sessions/<started-at>-<slug>. */
  sessionDir?: string;
  deps: EngineDeps;
  now?: Date;
}

export function operatorName(): string {
  try {
    return process.env.USER || userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** Secrets every session masks: the target's password, PGPASSWORD, every .pgpass password. */
export function baseRedactor(target: Target): Redactor {
  return new Redactor([target.password, process.env.PGPASSWORD, ...pgpassPasswords()]);
}

export function sessionId(now: Date, procedure: Procedure): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${slugify(procedure.title) || procedure.id}`.slice(0, 120);
}

/** The engine for a session folder: executors for the target, the operator running this process. */
async function startEngine(
  o: Pick<OpenOptions, 'runbook' | 'target' | 'deps'>,
  session: Pick<EngineInit, 'dir' | 'procedure' | 'journal' | 'derived' | 'cutOff' | 'redactor' | 'onClose'> & { id: string },
): Promise<SessionEngine> {
  await o.deps.ready?.();
  const { id, ...init } = session;
  return new SessionEngine({
    ...init,
    runbook: o.runbook,
    executors: await o.deps.createExecutors(o.target, { id }),
    operator: operatorName(),
    target: o.target,
    bind: o.deps.bind,
    classify: o.deps.classify,
  });
}

export async function openSession(o: OpenOptions): Promise<SessionEngine> {
  const now = o.now ?? new Date();
  let id = sessionId(now, o.procedure);
  // Two sessions of one procedure started in the same second get -2, -3, ... rather than sharing a folder.
  for (let n = 2; !o.sessionDir && existsSync(join(sessionsRoot(), id)); n++) id = `${sessionId(now, o.procedure)}-${n}`;
  const dir = resolve(o.sessionDir ?? join(sessionsRoot(), id));
  mkdirSync(join(dir, 'outputs'), { recursive: true });
  // The lock first: of two processes opening one folder, the second is refused here, never both writing.
  const lock = lockSession(dir);
  let engine: SessionEngine;
  try {
    const journalPath = join(dir, JOURNAL_FILE);
    if (existsSync(journalPath)) {
      // An empty journal (a crash before its first event, by older versions) holds no session.
      if (statSync(journalPath).size > 0) throw new SessionExists(dir);
      rmSync(journalPath);
    }
    const redactor = baseRedactor(o.target);
    const journal = new Journal(journalPath, redactor);
    engine = await startEngine(o, { id, dir, procedure: o.procedure, journal, derived: seed(dir), redactor, onClose: async () => lock.release() });
  } catch (error) {
    lock.release();
    throw error;
  }
  engine.record({
    type: 'session-started',
    format: JOURNAL_FORMAT,
    sessionId: id,
    operator: engine.operator,
    hostname: hostname(),
    runbook: { path: o.runbook.path, title: o.runbook.title, hash: o.runbookHash ?? sha256(o.source ?? '') },
    procedure: { id: o.procedure.id, title: o.procedure.title },
    steps: stepHashes(o.procedure),
    target: describeTarget(o.target),
    options: o.policy,
    plan: planOf(o.runbook, o.procedure),
  });
  await engine.snapshotServer('start');
  for (const [name, value] of Object.entries(o.params ?? {})) await engine.setParam(name, value);
  return engine;
}

export interface ResumeOptions extends Omit<OpenOptions, 'procedure' | 'sessionDir' | 'now'> {
  /** Continue although these steps changed since the session started (else ResumeRefused). */
  acceptChanges?: boolean;
  /**
   * The session's lock, taken by the caller before it read the journal (lockForResume); without it,
   * resumeSession takes it and trusts that the fold it was given is current.
   */
  lock?: SessionLock;
}

/**
 * For resume: takes the session's lock (SessionBusy when another process writes it), then reads the
 * journal again if it grew since `session` was read, so what resume decides is decided on all of it.
 */
export function lockForResume(session: InspectedSession): { session: InspectedSession; lock: SessionLock } {
  const lock = lockSession(session.dir);
  try {
    if (statSync(join(session.dir, JOURNAL_FILE)).size === session.bytes) return { session, lock };
    const again = inspectSession(session.dir);
    if (!again) throw new Error(`${session.dir}: the session's journal changed under it`);
    return { session: again, lock };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** Thrown when the runbook changed under a session and the changes were not accepted. */
export class ResumeRefused extends Error {
  constructor(readonly changed: string[]) {
    super(`the runbook changed since this session started: ${changed.join('; ')}`);
  }
}

/**
 * Continues a session from its journal as `inspectSession` read and folded it (once: the engine goes on
 * from that fold). Finished statements stay finished; one a dead process left running runs again.
 */
export async function resumeSession(session: InspectedSession, o: ResumeOptions): Promise<SessionEngine> {
  const { dir, derived } = session;
  const procedureId = derived.state.procedureId;
  const procedure = o.runbook.procedures.find((p) => p.id === procedureId);
  if (!procedure) throw new Error(`procedure "${procedureId}" is no longer in ${o.runbook.path}`);
  const hash = o.runbookHash ?? sha256(o.source ?? '');
  const steps = stepHashes(procedure);
  const changed = hash === derived.runbookHash ? [] : changedSteps(derived.steps, steps);
  if (changed.length > 0 && !o.acceptChanges) throw new ResumeRefused(changed);
  const lock = o.lock ?? lockSession(dir);
  const redactor = baseRedactor(o.target);
  let engine: SessionEngine;
  try {
    // The torn line was already ignored when reading; cut it so the next event starts a line of its own.
    repairTail(join(dir, JOURNAL_FILE));
    const lastSeq = session.events.at(-1)?.seq ?? 0;
    const journal = new Journal(join(dir, JOURNAL_FILE), redactor, lastSeq);
    mkdirSync(join(dir, 'outputs'), { recursive: true });
    engine = await startEngine(o, { id: derived.state.id, dir, procedure, journal, derived, cutOff: interrupted(derived), redactor, onClose: async () => lock.release() });
  } catch (error) {
    lock.release();
    throw error;
  }
  engine.record({
    type: 'session-resumed',
    operator: engine.operator,
    options: o.policy,
    ...(changed.length ? { acceptedChanges: changed, runbookHash: hash, steps, plan: planOf(o.runbook, procedure) } : {}),
  });
  await engine.snapshotServer('resume');
  // What the dead process left running: the server is asked before anything runs again.
  await engine.checkInterrupted();
  // Secret parameter values were masked in the journal: they must be given again.
  for (const [name, value] of Object.entries(o.params ?? {})) await engine.setParam(name, value);
  engine.restoreParams();
  await redactLeftovers(dir, derived, redactor);
  return engine;
}
