/**
 * One request/response exchange as it goes through the gateway's steps: the request as received, its ids and
 * timings, and what routing and the integration found out for the access log.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
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
  integrationLatency: number | null;
  integrationStatus: number | null;
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

/** The exchange for a request whose head has arrived; its body is read by `readBody`. */
export function openExchange(req: IncomingMessage): Exchange {
  const rawUrl = req.url ?? '/';
  const queryStart = rawUrl.indexOf('?');
  return {
    requestId: randomUUID(),
    requestTimeEpoch: Date.now(),
    startedAt: performance.now(),
    resourcePath: null,
    integrationLatency: null,
    integrationStatus: null,
    request: {
      method: req.method ?? 'GET',
      path: queryStart >= 0 ? rawUrl.slice(0, queryStart) : rawUrl,
      query: queryStart >= 0 ? rawUrl.slice(queryStart + 1) : '',
      rawHeaders: rawHeaderPairs(req.rawHeaders),
      body: Buffer.alloc(0),
      sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    },
  };
}
