/**
 * autocannon (the load generator), run as its own process through its CLI (`--json`). In the bench process it
 * would share the event loop with the local stage it measures — the stage hosts the gateway and, in-process, the
 * function — and charge the stage for the client's HTTP work, which a real client (a browser, curl, the e2e suite)
 * does elsewhere. The floor has no client to charge.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  method?: 'GET' | 'PUT' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requestsPerSecond: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** The fields of autocannon's `--json` report that are read here. */
interface AutocannonReport {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

const run = promisify(execFile);
const cli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

export function autocannonArguments(options: LoadOptions): string[] {
  const args = ['--json', '--connections', String(options.connections), '--duration', String(options.duration)];
  if (options.method !== undefined) args.push('--method', options.method);
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push('--headers', `${name}=${value}`);
  if (options.body !== undefined) args.push('--body', options.body);
  args.push(options.url);
  return args;
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const { stdout } = await run(process.execPath, [cli, ...autocannonArguments(options)], {
    maxBuffer: 16 * 1024 * 1024,
  });
  let report: AutocannonReport;
  try {
    report = JSON.parse(stdout) as AutocannonReport;
  } catch {
    throw new Error(`autocannon printed no JSON report for ${options.url}: ${stdout.slice(0, 200)}`);
  }
  return {
    requestsPerSecond: report.requests.average,
    p50: report.latency.p50,
    p99: report.latency.p99,
    total: report.requests.total,
    non2xx: report.non2xx,
    errors: report.errors,
    timeouts: report.timeouts,
  };
}
