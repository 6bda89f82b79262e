/** Test requests as a client sends them: one HTTP exchange per generated request (@items-api/openapi/conformance). */
import { Agent, request as httpRequest } from 'node:http';
import type { ApiRequest, ApiResponse } from '@items-api/openapi/conformance';

const agent = new Agent({ keepAlive: true });

/** Closes the kept-alive connections (after the tests, so the process can end). */
export const closeConnections = (): void => agent.destroy();

/** One HTTP exchange to the API at `url`, the path sent as is (already percent-encoded). */
export function send(url: URL, request: ApiRequest): Promise<ApiResponse> {
  const query = request.query.length > 0 ? `?${new URLSearchParams(request.query).toString()}` : '';
  const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: `${url.pathname.replace(/\/$/, '')}${request.path}${query}`,
        headers: { ...request.headers, ...(body ? { 'Content-Length': String(body.length) } : {}) },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const headers = Object.fromEntries(
            Object.entries(incoming.headers).flatMap(([name, value]) =>
              value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]],
            ),
          );
          resolve({ status: incoming.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
