/**
 * Writes an answer to the socket the way API Gateway sends it: request id headers, Content-Length, HEAD bodiless,
 * and `Content-Type: application/json` unless the response names a Content-Type (set to null: none at all).
 */
import type { ServerResponse } from 'node:http';
import type { Exchange } from './exchange.ts';
import type { OutgoingResponse } from './http.ts';

/** Framing is the server's job, whatever the integration said. */
const framingHeaders = new Set(['content-length', 'transfer-encoding']);

export function respond(res: ServerResponse, exchange: Exchange, response: OutgoingResponse): void {
  let hasContentType = false;
  for (const [name, values] of response.headers) {
    const lowercase = name.toLowerCase();
    if (framingHeaders.has(lowercase)) continue;
    if (lowercase === 'content-type') hasContentType = true;
    if (values.length === 0) continue;
    res.setHeader(name, values.length === 1 ? (values[0] as string) : values);
  }
  if (!hasContentType) res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', response.body.length);
  res.setHeader('x-amzn-RequestId', exchange.requestId);
  res.setHeader('x-amz-apigw-id', exchange.requestId.slice(0, 16));
  res.writeHead(response.statusCode);
  res.end(exchange.request.method === 'HEAD' ? undefined : response.body);
}
