/**
 * Calls `onChange` once a burst of file changes under some paths has settled: editors save in several steps
 * (truncate and write, write a temporary file and rename it over, delete and create), a `git checkout` changes many
 * files at once, and one save must cause one reload.
 *
 * The watching is chokidar's, not `fs.watch` by hand: Node 20's recursive `fs.watch` on Linux stops reporting a
 * file once it has been replaced (deleted and created again, as some editors save; after renames over it too, on
 * other machines), so every later save of it went unnoticed. chokidar re-arms its watch on each replaced file and
 * directory, on every platform, and is the watcher most Node tools use. esbuild's own `context.watch()` would
 * watch only the bundle's inputs (not the contract), and @parcel/watcher is a native addon for the same job.
 */
import { statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { watch } from 'chokidar';

export interface PathWatcher {
  /** Resolves once the initial scan is done: a change from then on is reported. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * `paths`: directories (watched recursively, new files included) and files (also when replaced or re-created).
 * `onError`: the watcher failed (e.g. the system's limit of watches is reached), so changes may go unseen.
 */
export function watchPaths(
  paths: string[],
  onChange: () => void,
  onError: (error: Error) => void,
  settleMs = 30,
): PathWatcher {
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, settleMs);
  };
  const absolute = paths.map((path) => resolve(path));
  // A file is watched through its directory: chokidar's watch on the file itself loses it once it has been deleted
  // and created again (measured: every later save unseen).
  const files = new Set(absolute.filter((path) => statSync(path).isFile()));
  const directories = absolute.filter((path) => !files.has(path));
  const parents = new Set([...files].map((file) => dirname(file)));
  const watched = (path: string) =>
    files.has(path) ||
    parents.has(path) ||
    directories.some((directory) => path === directory || path.startsWith(directory + sep));
  const watcher = watch([...directories, ...parents], {
    ignoreInitial: true,
    // A file deleted and created again within 100 ms (an editor's save) is one change; editors' swap and backup
    // files (`.name.swp`, `name~`) are no change.
    atomic: true,
    ignored: (path) => !watched(path),
  });
  watcher.on('all', changed);
  watcher.on('error', (error) => onError(error instanceof Error ? error : new Error(String(error))));
  const ready = new Promise<void>((done) => watcher.once('ready', () => done()));
  return {
    ready,
    async close() {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
