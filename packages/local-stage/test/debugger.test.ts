/**
 * Debugging the function by its TypeScript, as a debugger does it over the inspector protocol: `serve --inspect`,
 * attach, find the bundle's script and the source map the runtime reports for it, set a breakpoint at a line of
 * packages/handler/src/rules.ts (mapped to the bundle through that map, as VS Code and Chrome DevTools map
 * it), send a request, and see the function pause at that line. Also checks that .vscode/launch.json's attach
 * configuration finds that bundle and its map where watch mode writes them.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, matchesGlob } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generatedPositionFor, LEAST_UPPER_BOUND, originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { WebSocket } from 'undici';
import { defaultWatchOptions, repositoryRoot } from '../src/paths.ts';
import { loopback } from './support/credentials.ts';
import { cliPath, runCli, waitFor, type CliRun } from './support/processes.ts';

const rulesPath = join(repositoryRoot, 'packages/handler/src/rules.ts');
const bundlePath = join(defaultWatchOptions.buildDirectory, 'index.mjs');

interface ScriptParsed {
  scriptId: string;
  url: string;
  sourceMapURL: string;
}
interface Paused {
  callFrames: { location: { scriptId: string; lineNumber: number; columnNumber: number } }[];
}

/** A Chrome DevTools Protocol client: commands by id, events by method. */
async function connect(url: string) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  let nextId = 0;
  const replies = new Map<number, (message: { result?: unknown; error?: { message: string } }) => void>();
  const listeners = new Map<string, ((params: unknown) => void)[]>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as {
      id?: number;
      method?: string;
      params?: unknown;
      result?: unknown;
      error?: { message: string };
    };
    if (message.id !== undefined) replies.get(message.id)?.(message);
    else for (const listener of listeners.get(message.method ?? '') ?? []) listener(message.params);
  });
  return {
    send<T>(method: string, params: object = {}): Promise<T> {
      const id = ++nextId;
      socket.send(JSON.stringify({ id, method, params }));
      return new Promise<T>((resolve, reject) =>
        replies.set(id, ({ result, error }) =>
          error ? reject(new Error(`${method}: ${error.message}`)) : resolve(result as T),
        ),
      );
    },
    on<T>(method: string, listener: (params: T) => void): void {
      listeners.set(method, [...(listeners.get(method) ?? []), listener as (params: unknown) => void]);
    },
    close: () => socket.close(),
  };
}

describe('serve --inspect: breakpoints by TypeScript file and line', () => {
  let run: CliRun | undefined;
  after(async () => {
    if (run && run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill('SIGTERM');
      await run.exited;
    }
  });

  it('pauses at a breakpoint set on a line of packages/handler/src/rules.ts', async () => {
    run = runCli(['serve', '--inspect=0', '--in-memory', '--port', '0', '--no-stage-env']);
    const started = run;
    const url = loopback(
      await waitFor(
        'the banner',
        () =>
          /API\s+(http:\/\/localhost:\d+)/.exec(started.output())?.[1] ??
          (started.child.exitCode !== null ? `exited: ${started.output()}` : undefined),
      ),
    );
    assert.match(url, /^http:/, started.output());
    const inspectorUrl = /Debugger listening on (ws:\/\/\S+)/.exec(started.output())?.[1];
    assert.ok(inspectorUrl, started.output());

    const cdp = await connect(inspectorUrl);
    try {
      const scripts: ScriptParsed[] = [];
      cdp.on<ScriptParsed>('Debugger.scriptParsed', (script) => scripts.push(script));
      const paused: Paused[] = [];
      cdp.on<Paused>('Debugger.paused', (event) => paused.push(event));
      await cdp.send('Debugger.enable');
      const bundleUrl = pathToFileURL(bundlePath).href;
      const bundle = await waitFor('the bundle script', () =>
        scripts.find((script) => script.url.split('?')[0] === bundleUrl),
      );

      // The source map the runtime reports for the bundle, resolved as a debugger resolves it.
      assert.ok(bundle.sourceMapURL, 'the bundle reports a source map');
      const mapUrl = new URL(bundle.sourceMapURL, bundle.url);
      const mapText =
        mapUrl.protocol === 'data:'
          ? Buffer.from(mapUrl.pathname.split(',')[1] ?? '', 'base64').toString()
          : await readFile(fileURLToPath(mapUrl), 'utf8');
      const map = new TraceMap(mapText, mapUrl.href);
      const rulesUrl = pathToFileURL(rulesPath).href;
      assert.ok(
        map.resolvedSources.includes(rulesUrl),
        `the reported map lists rules.ts; it lists ${map.resolvedSources.slice(0, 3).join(', ')}…`,
      );

      // A breakpoint in getHealth's body, on the line of `status: 'ok'`.
      const lines = (await readFile(rulesPath, 'utf8')).split('\n');
      const line = lines.findIndex((text) => text.includes("status: 'ok'")) + 1;
      const column = lines[line - 1]!.indexOf('Promise.resolve');
      assert.ok(line > 0 && column >= 0, "getHealth's line in rules.ts");
      const generated = generatedPositionFor(map, {
        source: rulesUrl,
        line,
        column,
        bias: LEAST_UPPER_BOUND,
      });
      assert.ok(generated.line !== null, 'the line maps into the bundle');
      const { locations } = await cdp.send<{ locations: unknown[] }>('Debugger.setBreakpointByUrl', {
        url: bundle.url,
        lineNumber: generated.line - 1,
        columnNumber: generated.column,
      });
      assert.ok(locations.length > 0, 'the breakpoint is bound in the running bundle');

      const answered = fetch(`${url}/health`);
      const [frame] = (await waitFor('Debugger.paused', () => paused[0])).callFrames;
      assert.equal(frame?.location.scriptId, bundle.scriptId);
      const original = originalPositionFor(map, {
        line: frame.location.lineNumber + 1,
        column: frame.location.columnNumber,
      });
      assert.deepEqual({ source: original.source, line: original.line }, { source: rulesUrl, line });
      await cdp.send('Debugger.resume');
      assert.equal((await answered).status, 200);
    } finally {
      cdp.close();
    }
  });
});

describe('serve --inspect without --experimental-vm-modules', () => {
  it('refuses, saying which flag to give', async () => {
    // As `node --import tsx src/cli.ts` runs it, without the flag `nx run local-stage:serve` passes.
    const child = spawn(process.execPath, ['--import', 'tsx', cliPath, 'serve', '--inspect=0', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // A stage that starts instead of refusing is stopped.
      timeout: 60_000,
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.notEqual(code, 0);
    assert.match(
      output,
      /^local-stage serve: --inspect loads the function as a vm module: start Node with --experimental-vm-modules/m,
    );
  });
});

describe('.vscode/launch.json: Attach to the local stage', () => {
  /** launch.json is JSON with comments. */
  const launch = JSON.parse(
    readFileSync(join(repositoryRoot, '.vscode/launch.json'), 'utf8').replace(/^\s*\/\/.*$/gm, ''),
  ) as { configurations: Record<string, unknown>[] };
  const attach = launch.configurations.find((configuration) => configuration.name === 'Attach to the local stage');
  const workspace = (patterns: string[]) =>
    patterns.map((pattern) => pattern.replace('${workspaceFolder}', repositoryRoot));
  /** VS Code's rule: a path matches the list when it matches a pattern and no later `!pattern`. */
  const matches = (path: string, patterns: string[]) =>
    workspace(patterns).reduce(
      (matched, pattern) =>
        pattern.startsWith('!')
          ? matched && !matchesGlob(path, pattern.slice(1))
          : matched || matchesGlob(path, pattern),
      false,
    );

  it('attaches to the inspector `serve --inspect` opens, with source maps on', () => {
    assert.ok(attach);
    assert.deepEqual(
      {
        type: attach.type,
        request: attach.request,
        address: attach.address,
        port: attach.port,
        sourceMaps: attach.sourceMaps,
      },
      { type: 'node', request: 'attach', address: '127.0.0.1', port: 9229, sourceMaps: true },
    );
  });

  it("finds watch mode's bundle (outFiles) and reads its source map (resolveSourceMapLocations)", () => {
    assert.ok(matches(bundlePath, attach?.outFiles as string[]), `outFiles covers ${bundlePath}`);
    assert.ok(
      matches(`${bundlePath}.map`, attach?.resolveSourceMapLocations as string[]),
      `resolveSourceMapLocations covers ${bundlePath}.map`,
    );
  });
});
