// Programs whose risk depends on their arguments in ways a verb table cannot say:
//
//   program      risk
//   dd           destructive with of=FILE (it overwrites FILE); otherwise write
//   truncate     destructive (cuts files to a size), write when it only grows them (-s +N)
//   kill         destructive (ends the processes given), read for -0 (a liveness check) and -l
//   find         destructive with -delete; what -exec/-execdir/-ok runs; write with -fprint; else read
//   awk          read, unless its program calls system() (the command's risk, or write when not a
//                constant) or writes files or pipes (write); -f FILE: write (program not read here)
//   sed          write with -i (edits files in place, naming them); else read
//   tee          write, naming its files (not /dev/null); read with none
//   curl         destructive for -X DELETE; write when it sends data or saves to a file (-o/-O); else read
//   wget         write (saves a file) unless it writes to stdout (-O -) or only checks (--spider)
//   scp          write (copies files)
import type { ShellWord } from './shell-syntax.js';
import { finding, target, within, type Finding } from './risk-result.js';
import type { Io, Reader } from './risk-shell-wrappers.js';

const HARMLESS_FILE = /^\/dev\/(null|stdout|stderr|tty|fd\/\d+)$/;

export function specialFindings(program: string, args: ShellWord[], io: Io, depth: number, read: Reader): Finding[] | undefined {
  const values = args.map((a) => a.value);
  switch (program) {
    case 'dd': {
      const out = values.find((v) => v.startsWith('of='))?.slice(3);
      if (out === undefined) return [finding('write', 'dd copies data to its output')];
      return [finding('destructive', `dd overwrites ${out}`, target('file', out))];
    }
    case 'truncate': {
      const size = optionAfter(values, ['-s', '--size']);
      const files = operands(values, ['-s', '--size', '-r', '--reference']);
      if (size?.startsWith('+')) return [finding('write', `truncate grows ${files.join(' ')}`)];
      return [finding('destructive', `truncate cuts ${files.join(' ') || 'files'} to size ${size ?? '(given)'}, discarding what lies beyond`, ...files.map((f) => target('file', f)))];
    }
    case 'kill': {
      if (values.some((v) => v === '-0' || v === '-l' || v === '-L' || v === '-s0')) return [finding('read', 'kill -0 only checks that the process exists')];
      const pids = values.filter((v, i) => !v.startsWith('-') && values[i - 1] !== '-s' && values[i - 1] !== '-n');
      return [finding('destructive', `kill ends process${pids.length === 1 ? '' : 'es'} ${pids.join(' ') || '(given)'}`.trim(), ...pids.map((p) => target('pid', p)))];
    }
    case 'find':
      return findFindings(args, io, depth, read);
    case 'awk':
    case 'gawk':
    case 'mawk':
      return awkFindings(program, values, depth, read);
    case 'sed': {
      if (!values.some((v) => /^-[a-zA-Z]*i/.test(v) || v.startsWith('--in-place'))) return [finding('read', 'sed prints its edited input')];
      const files = operands(values, ['-e', '-f', '--expression', '--file']).slice(values.some((v) => v === '-e' || v === '-f') ? 0 : 1);
      return [finding('write', `sed -i edits ${files.join(' ') || 'files'} in place`, ...files.map((f) => target('file', f)))];
    }
    case 'tee': {
      const files = operands(values, []).filter((f) => !HARMLESS_FILE.test(f));
      if (files.length === 0) return [finding('read', 'tee copies its input to the output')];
      const verb = values.some((v) => v === '-a' || v === '--append') ? 'appends to' : 'writes';
      return [finding('write', `tee ${verb} ${files.join(' ')}`, ...files.map((f) => target('file', f)))];
    }
    case 'curl':
      return [curlFinding(values)];
    case 'wget': {
      const out = optionAfter(values, ['-O', '--output-document']);
      const url = values.find((v) => /^[a-z]+:\/\//.test(v));
      if (values.some((v) => v === '--post-data' || v.startsWith('--post-') || v.startsWith('--method'))) return [finding('write', `wget sends data to ${url ?? 'a server'}`)];
      if (out === '-' || values.some((v) => /^-[a-zA-Z]*O-$/.test(v) || v === '--spider')) return [finding('read', `wget fetches ${url ?? 'a URL'} to the output`)];
      return [finding('write', `wget saves ${url ?? 'a URL'} to ${out ?? 'a file'}`, target('file', out))];
    }
    case 'scp':
      return [finding('write', `scp copies files to ${values.at(-1) ?? 'a destination'}`, target('file', values.at(-1)))];
  }
  return undefined;
}

function curlFinding(values: string[]) {
  const url = values.find((v) => /^[a-z]+:\/\//i.test(v)) ?? 'a URL';
  const method = optionAfter(values, ['-X', '--request'])?.toUpperCase();
  if (method === 'DELETE') return finding('destructive', `curl sends a DELETE request to ${url}`, target('resource', url));
  const sends = values.some((a) => /^(-d|--data.*|-F|--form.*|-T|--upload-file|--json)(=|$)|^-[a-zA-Z]*[dFT]$/.test(a));
  if ((method && method !== 'GET' && method !== 'HEAD') || sends) return finding('write', `curl sends ${method ?? 'data'} to ${url}`);
  const out = optionAfter(values, ['-o', '--output']);
  if (out !== undefined && !HARMLESS_FILE.test(out)) return finding('write', `curl saves ${url} to ${out}`, target('file', out));
  if (values.some((v) => /^(-O|--remote-name)$|^-[a-zA-Z]*O$/.test(v))) return finding('write', `curl saves ${url} to a file named after it`);
  return finding('read', `curl fetches ${url}`);
}

function findFindings(args: ShellWord[], io: Io, depth: number, read: Reader): Finding[] {
  const values = args.map((a) => a.value);
  const root = values.find((v) => !v.startsWith('-')) ?? '.';
  const out: Finding[] = [];
  if (values.includes('-delete')) out.push(finding('destructive', `find -delete deletes the files it matches under ${root}`, target('file', root)));
  for (let i = 0; i < args.length; i++) {
    if (!['-exec', '-execdir', '-ok', '-okdir'].includes(values[i]!)) continue;
    let end = i + 1;
    while (end < args.length && values[end] !== ';' && values[end] !== '+') end++;
    out.push(...within(read.argv(args.slice(i + 1, end), io, depth), `find ${values[i]} runs, on each match under ${root}: `));
    i = end;
  }
  if (values.some((v) => /^-fprint|^-fls$/.test(v))) out.push(finding('write', 'find -fprint writes a file'));
  return out.length > 0 ? out : [finding('read', 'find lists files')];
}

function awkFindings(program: string, values: string[], depth: number, read: Reader): Finding[] {
  const file = optionAfter(values, ['-f', '--file']);
  if (file !== undefined) return [finding('write', `${program} runs the program file ${file} (its content is not read here)`, target('file', file))];
  const code = operands(values, ['-F', '-v', '--assign', '--field-separator'])[0] ?? '';
  const out: Finding[] = [];
  for (const call of code.matchAll(/system\s*\(\s*(?:"((?:[^"\\]|\\.)*)")?\s*(\))?/g)) {
    const literal = call[1]?.replace(/\\(.)/g, '$1');
    if (literal !== undefined) {
      // `system("kill " $2)`: the program is in the literal start even when its arguments are not.
      const inner = within(read.shell(literal, depth), `${program} system() runs: `);
      out.push(...inner, ...(call[2] === undefined ? [finding('write', `${program} system() adds arguments at run time`)] : []));
    } else out.push(finding('write', `${program} runs a command built at run time with system(): not known before it runs`));
  }
  if (/\|\s*(getline|")|print[^;}]*[>|]\s*"/.test(code)) out.push(finding('write', `${program}'s program writes files or runs commands`));
  return out.length > 0 ? out : [finding('read', `${program} reads and prints`)];
}

function optionAfter(values: string[], names: string[]): string | undefined {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    for (const name of names) {
      if (v === name) return values[i + 1];
      if (name.startsWith('--') ? v.startsWith(`${name}=`) : v.startsWith(name) && v.length > name.length && !v.startsWith('--')) return v.slice(name.length + (name.startsWith('--') ? 1 : 0));
    }
  }
  return undefined;
}

/** Operands: words that are neither options nor the values of `valued` options. */
function operands(values: string[], valued: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v.startsWith('-') && v.length > 1) {
      if (valued.includes(v)) i++;
    } else out.push(v);
  }
  return out;
}
