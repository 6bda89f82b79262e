/**
 * Calls `onChange` once a burst of file system events under some paths has settled: editors write a file in several
 * steps (truncate, write, rename), and one save must cause one reload.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface WatchedPath {
  /** A directory (watched recursively) or a file (its directory is watched: editors replace files by renaming). */
  path: string;
  kind: 'directory' | 'file';
}

export function watchPaths(paths: WatchedPath[], onChange: () => void, settleMs = 30): () => void {
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, settleMs);
  };
  const watchers: FSWatcher[] = paths.map(({ path, kind }) =>
    kind === 'directory'
      ? watch(path, { recursive: true }, changed)
      : watch(dirname(path), (_event, name) => {
          if (name === basename(path)) changed();
        }),
  );
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
