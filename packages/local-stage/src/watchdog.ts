/**
 * Stops a child process when this one dies without cleaning up (SIGKILL, the OOM killer): exit hooks cannot run
 * then, so a detached shell polls both PIDs and terminates the child once its parent is gone.
 */
import { spawn } from 'node:child_process';

const script = [
  // Poll while both live; stop as soon as either is gone.
  'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done',
  // Only if the parent died first: terminate the child, then make sure.
  'if ! kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; then kill -TERM "$2"; sleep 5; kill -KILL "$2" 2>/dev/null; fi',
].join('\n');

/** Watches `childPid` on behalf of this process; returns a function that ends the watch (on a normal stop). */
export function stopWhenOrphaned(childPid: number): () => void {
  const watchdog = spawn('sh', ['-c', script, 'local-stage-watchdog', String(process.pid), String(childPid)], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.on('error', () => {}); // no sh: the exit hooks still cover every death but SIGKILL
  watchdog.unref();
  return () => {
    if (watchdog.exitCode === null && watchdog.signalCode === null) watchdog.kill('SIGKILL');
  };
}
