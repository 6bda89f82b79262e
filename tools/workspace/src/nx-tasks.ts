/**
 * Which Nx tasks are running right now under one Nx process. Nx's stream output says when a task starts
 * (`> nx run project:target`) but not when it ends, so the heartbeat asks the operating system: Nx gives every
 * task's processes `NX_TASK_TARGET_PROJECT` and `NX_TASK_TARGET_TARGET` in their environment. Linux's /proc only;
 * elsewhere the answer is `undefined` and the heartbeat says less.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** `project:target` of every task with a process descending from `rootPid`; `undefined` without /proc. */
export function runningNxTasks(rootPid: number, proc = '/proc'): Set<string> | undefined {
  let pids: number[];
  try {
    pids = readdirSync(proc)
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return undefined;
  }
  const parents = new Map<number, number>();
  for (const pid of pids) {
    const ppid = parentPid(proc, pid);
    if (ppid !== undefined) parents.set(pid, ppid);
  }
  const descends = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p !== undefined && p > 1 && hops < 64; hops++) {
      if (p === rootPid) return true;
      p = parents.get(p);
    }
    return false;
  };
  // Run inside an Nx task itself (npm test's own tests do), every process inherits that task's variables: not ours.
  const inherited = taskOf(environment(proc, rootPid));
  const tasks = new Set<string>();
  for (const pid of parents.keys()) {
    if (pid === rootPid || !descends(pid)) continue;
    const task = taskOf(environment(proc, pid));
    if (task && task !== inherited) tasks.add(task);
  }
  return tasks;
}

/** `project:target` of the Nx task a process environment belongs to, if any. */
function taskOf(env: Map<string, string> | undefined): string | undefined {
  const project = env?.get('NX_TASK_TARGET_PROJECT');
  const target = env?.get('NX_TASK_TARGET_TARGET');
  return project && target ? `${project}:${target}` : undefined;
}

/** Field 4 of /proc/<pid>/stat; the command name before it may hold spaces and parentheses. */
function parentPid(proc: string, pid: number): number | undefined {
  try {
    const stat = readFileSync(`${proc}/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined; // exited meanwhile
  }
}

function environment(proc: string, pid: number): Map<string, string> | undefined {
  try {
    const entries = readFileSync(`${proc}/${pid}/environ`, 'utf8').split('\0');
    return new Map(
      entries.filter((e) => e.includes('=')).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]),
    );
  } catch {
    return undefined; // exited meanwhile, or not ours to read
  }
}
