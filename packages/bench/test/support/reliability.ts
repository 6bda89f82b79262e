/**
 * What the reliability tests share: the short/long switch, a quiet local stage, and an HTTP client that reports
 * a dropped connection or a hung request as such instead of throwing (so the tests can assert on them), sending
 * the stage's credentials with every request.
 */
import { request as httpRequest, Agent } from 'node:http';
import { Writable } from 'node:stream';
import { startLocalStage, type LocalStage, type LocalStageOptions } from '@items-api/local-stage';
import { problemTypeUriPrefix } from '@items-api/openapi/operations';
import { stageAuthHeaders, unthrottledPlans } from '../../src/stage-auth.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * `RELIABILITY_LONG=1` (what `nx run bench:reliability` sets) runs the long forms: 60 s of load at 32, a longer
 * outage, 1,500 fast-check runs. An environment variable, because the test runner gives each file its own process.
 */
export const long = process.env.RELIABILITY_LONG === '1';

/** Discards what it is given (the function's logs: a DynamoDB outage makes it log a warning per request). */
export const discard = (): Writable => new Writable({ write: (_chunk, _encoding, done) => done() });

/** A stage that logs nothing and never throttles (the load would meet the contract's usage plan, not faults). */
export function startQuietStage(options: LocalStageOptions = {}): Promise<LocalStage> {
  return startLocalStage({
    port: 0,
    accessLog: () => {},
    writeStateFile: false,
    functionLogStream: discard(),
    inMemory: true,
    usagePlans: unthrottledPlans,
    ...options,
  });
}

/** Where requests go and the credentials every one of them carries. */
export interface Api {
  /** http://127.0.0.1:port */
  base: string;
  /** `Authorization` and the API key; a request's own headers win. */
  headers: Record<string, string>;
}

/** The stage's API, called with its full-access client's token and API key. */
export async function apiOf(stage: LocalStage): Promise<Api> {
  return { base: stage.url.replace('localhost', '127.0.0.1'), headers: await stageAuthHeaders(stage) };
}

export interface Answer {
  /** 0 when there was no HTTP answer (see `error`). */
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  ms: number;
  /** `dropped` (socket closed or reset without an answer), `hung` (no answer within the client's limit). */
  error?: 'dropped' | 'hung';
  errorMessage?: string;
}

export interface RawRequest {
  method: string;
  /** Sent as is (already percent-encoded). */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Give up (and report `hung`) after this long; default 60 s. */
  timeoutMs?: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** One HTTP request to the API, with its credentials, that never throws. */
export function send(api: Api, req: RawRequest): Promise<Answer> {
  const url = new URL(api.base);
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: Omit<Answer, 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...answer, ms: performance.now() - started });
    };
    const body =
      req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
    const r = httpRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers: {
          ...api.headers,
          ...(req.headers ?? {}),
          ...(body ? { 'Content-Length': String(body.length) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          finish({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (e) => finish({ status: 0, headers: {}, text: '', error: 'dropped', errorMessage: e.message }));
      },
    );
    const timer = setTimeout(() => {
      finish({
        status: 0,
        headers: {},
        text: '',
        error: 'hung',
        errorMessage: `no answer within ${req.timeoutMs ?? 60_000} ms`,
      });
      r.destroy();
    }, req.timeoutMs ?? 60_000);
    r.on('error', (e) => finish({ status: 0, headers: {}, text: '', error: 'dropped', errorMessage: e.message }));
    r.end(body);
  });
}

export function json<T>(answer: Answer): T {
  return JSON.parse(answer.text) as T;
}

/** Why `answer` is not a well-formed problem+json for its status, or undefined when it is one. */
export function problemDefect(answer: Answer): string | undefined {
  const type = String(answer.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json')) return `content-type "${type}"`;
  let problem: { type?: unknown; status?: unknown; title?: unknown };
  try {
    problem = JSON.parse(answer.text) as typeof problem;
  } catch {
    return `body is not JSON: ${answer.text.slice(0, 200)}`;
  }
  if (typeof problem.type !== 'string' || !problem.type.startsWith(problemTypeUriPrefix))
    return `type ${JSON.stringify(problem.type)}`;
  if (problem.status !== answer.status)
    return `status ${String(problem.status)} in the body, ${answer.status} on the wire`;
  if (typeof problem.title !== 'string') return 'no title';
  return undefined;
}
