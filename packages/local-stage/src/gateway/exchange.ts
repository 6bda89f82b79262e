/**
 * One request/response exchange as it goes through the gateway's steps: the request as received, its ids and
 * timings, and what routing and the integration found out for the access log.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { anonymous, type Caller } from './caller.ts';
import type { GatewayResponseType } from './gateway-responses.ts';
import type { IncomingRequest, OutgoingResponse } from './http.ts';

export interface Exchange {
  request: IncomingRequest;
  requestId: string;
  requestTimeEpoch: number;
  /** `performance.now()` at the first byte, for the latency. */
  startedAt: number;
  /** The matched resource template (`$context.resourcePath`), once routed. */
  resourcePath: string | null;
  /** The integration kind that answered (`lambda`, `dynamodb`, `mock`), or null when none was called. */
  integration: string | null;
  integrationLatency: number | null;
  integrationStatus: number | null;
  /** Whom the method's security admitted (anonymous for an unsecured method, or until admitted). */
  caller: Caller;
  /** Why the authorize step refused the request (the rule that failed), for the log only. */
  authorizeError: string | null;
}

/** What the gateway answers: a response, and the gateway error it stands for (if it is one) for the access log. */
export interface Answer {
  response: OutgoingResponse;
  error: { type: GatewayResponseType; message: string } | null;
}

function rawHeaderPairs(raw: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] as string, raw[i + 1] as string]);
  return pairs;
}

/**
 * Splits a request path into the base path the gateway serves under and the API's path below it; undefined when
 * the request is not under the base path (on AWS: not under the stage, so no API answers it).
 */
function underBasePath(rawPath: string, basePath: string): { basePath: string; path: string } | undefined {
  if (basePath === '') return { basePath, path: rawPath };
  if (rawPath !== basePath && !rawPath.startsWith(`${basePath}/`)) return undefined;
  return { basePath, path: rawPath.slice(basePath.length) || '/' };
}

/**
 * The exchange for a request whose head has arrived (its body is read by `readBody`), or undefined when its path
 * is outside `basePath`.
 */
export function openExchange(req: IncomingMessage, basePath: string): Exchange | undefined {
  const rawUrl = req.url ?? '/';
  const queryStart = rawUrl.indexOf('?');
  const paths = underBasePath(queryStart >= 0 ? rawUrl.slice(0, queryStart) : rawUrl, basePath);
  if (paths === undefined) return undefined;
  return {
    requestId: randomUUID(),
    requestTimeEpoch: Date.now(),
    startedAt: performance.now(),
    resourcePath: null,
    integration: null,
    integrationLatency: null,
    integrationStatus: null,
    caller: anonymous,
    authorizeError: null,
    request: {
      method: req.method ?? 'GET',
      ...paths,
      query: queryStart >= 0 ? rawUrl.slice(queryStart + 1) : '',
      rawHeaders: rawHeaderPairs(req.rawHeaders),
      body: Buffer.alloc(0),
      sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    },
  };
}
