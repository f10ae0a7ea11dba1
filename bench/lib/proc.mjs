// Child processes for the bench: timing whole processes, reading a probe's one-line result, and timing
// the first text a program draws in a pseudo-terminal (util-linux `script`, so no native pty module).

import { spawn } from 'node:child_process';

export function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Wall time from spawn to exit of one process (stdout/stderr discarded); rejects on a non-zero exit. */
export function timeProcess(command, args, { cwd, env, timeoutMs = 30_000, okCodes = [0] } = {}) {
  return new Promise((resolveTime, reject) => {
    const start = nowMs();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => killGroup(child), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const ms = nowMs() - start;
      clearTimeout(timer);
      if (okCodes.includes(code)) resolveTime(ms);
      else reject(new Error(`${[command, ...args].join(' ').slice(0, 80)} exited ${code ?? signal}: ${stderr.trim().split('\n').at(-1) ?? ''}`));
    });
  });
}

/** Like timeProcess, and keeps stdout: resolves `{ ms, stdout, code }` for any exit code in `okCodes`. */
export function timeProcessOutput(command, args, { cwd, env, timeoutMs = 30_000, okCodes = [0] } = {}) {
  return new Promise((resolveRun, reject) => {
    const start = nowMs();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => killGroup(child), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const ms = nowMs() - start;
      clearTimeout(timer);
      if (okCodes.includes(code)) resolveRun({ ms, stdout, code });
      else reject(new Error(`${[command, ...args].join(' ').slice(0, 80)} exited ${code ?? signal}: ${stderr.trim().split('\n').at(-1) ?? ''}`));
    });
  });
}

/** Runs a bundled probe: `node file '<json args>'`; resolves its BENCH_RESULT object. */
export function runProbe(file, args, { cwd, env, timeoutMs = 120_000 } = {}) {
  return new Promise((resolveResult, reject) => {
    const child = spawn(process.execPath, [file, JSON.stringify(args)], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (line) return resolveResult(JSON.parse(line.slice('BENCH_RESULT '.length)));
      const why = timedOut ? `timed out after ${timeoutMs / 1000} s` : `exited ${code ?? signal}`;
      const lines = stderr.trim().split('\n').filter(Boolean);
      const last = lines.find((l) => /^(\w*Error\b|Error \[)/.test(l)) ?? lines.at(-1) ?? '';
      reject(new Error(`probe ${why}${last ? `: ${last.slice(0, 160)}` : ''}`));
    });
  });
}

/**
 * Spawns `shellCommand` inside a pseudo-terminal (`script -qfec`) and resolves the ms from spawn until
 * its output (ANSI escapes stripped) matches `pattern`, or until it exits when `pattern` is null; the
 * process group is then killed. `script` itself costs a few ms, in the baseline too.
 */
export function timePty(shellCommand, pattern, { cwd, env, timeoutMs = 20_000, columns = 120, rows = 40 } = {}) {
  return new Promise((resolveTime, reject) => {
    const start = nowMs();
    const sized = `stty cols ${columns} rows ${rows} 2>/dev/null; exec ${shellCommand}`;
    const child = spawn('script', ['-qfec', sized, '/dev/null'], {
      cwd,
      env: { ...env, TERM: env?.TERM ?? 'xterm-256color' },
      // stdin stays an open pipe: `script` ends the session when its stdin reaches end of file.
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let text = '';
    let done = false;
    const finish = (error, ms) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      killGroup(child);
      error ? reject(error) : resolveTime(ms);
    };
    const timer = setTimeout(() => finish(new Error(`no ${pattern ?? 'exit'} within ${timeoutMs / 1000} s; screen: ${JSON.stringify(text.slice(-160))}`)), timeoutMs);
    child.stdout.on('data', (d) => {
      const at = nowMs();
      // Strip CSI/OSC escapes so a pattern never straddles a colour change.
      text += d.toString('utf8').replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-B]/g, '');
      if (pattern && pattern.test(text)) finish(undefined, at - start);
    });
    child.on('error', (error) => finish(error));
    child.on('exit', (code) => {
      if (!pattern && code === 0) finish(undefined, nowMs() - start);
      else finish(new Error(`exited ${code} before ${pattern}; screen: ${JSON.stringify(text.slice(-200))}`));
    });
  });
}
