/**
 * The request head (request line and headers): API Gateway's limit on its size, and the answer to a head Node's
 * HTTP parser refuses before any request exists (too large, a malformed header line, Transfer-Encoding with
 * Content-Length). Both are answered as the body's gateway responses say, problem+json and CORS headers included,
 * never with Node's bare 400 or 431.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { renderGatewayResponse, type GatewayResponseType } from './gateway-responses.ts';
import { formatRequestTime, localApi } from './request-context.ts';
import type { RestApi } from './rest-api.ts';

/**
 * API Gateway's quota on the request line and header values (answers.ts cites it). What API Gateway answers beyond
 * it is not documented; the local gateway answers REQUEST_TOO_LARGE, the gateway response for a request that is too
 * large.
 */
export { maxRequestHeadBytes } from '@items-api/openapi/answers';

/** The request line and the header values, in bytes, as the quota counts them. */
export function requestHeadBytes(req: IncomingMessage): number {
  let bytes = Buffer.byteLength(`${req.method ?? ''} ${req.url ?? ''} HTTP/${req.httpVersion}`, 'latin1');
  for (let i = 1; i < req.rawHeaders.length; i += 2) bytes += Buffer.byteLength(req.rawHeaders[i] as string, 'latin1');
  return bytes;
}

/** Node's parser errors that end a connection without an answer: nothing to say to a client that is gone. */
const connectionGone = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_DESTROYED']);

/**
 * The gateway response for a head Node's parser refused: over Node's header size (`HPE_HEADER_OVERFLOW`, past
 * API Gateway's limit too) is REQUEST_TOO_LARGE; anything else malformed is DEFAULT_4XX, the gateway response
 * for a 4xx no other type covers.
 */
function responseTypeOf(code: string | undefined): GatewayResponseType {
  return code === 'HPE_HEADER_OVERFLOW' ? 'REQUEST_TOO_LARGE' : 'DEFAULT_4XX';
}

/**
 * Answers on the socket a request head Node's parser refused (the server's 'clientError'), then closes the
 * connection: the rest of its bytes cannot be framed. There is no request to read a method or path from.
 */
export function answerClientError(api: RestApi, stage: string, error: Error & { code?: string }, socket: Duplex): void {
  if (connectionGone.has(error.code ?? '') || !socket.writable) {
    socket.destroy();
    return;
  }
  const type = responseTypeOf(error.code);
  const requestId = randomUUID();
  const requestTimeEpoch = Date.now();
  const context = {
    requestId,
    extendedRequestId: requestId,
    httpMethod: '',
    path: '',
    resourcePath: null,
    stage,
    apiId: localApi.apiId,
    accountId: localApi.accountId,
    requestTime: formatRequestTime(requestTimeEpoch),
    requestTimeEpoch,
    protocol: localApi.protocol,
    error: { message: error.message, messageString: JSON.stringify(error.message), responseType: type },
  };
  const rendered = renderGatewayResponse(api, type, context, {});
  const body = Buffer.from(rendered.body, 'utf8');
  const head = [
    `HTTP/1.1 ${rendered.statusCode} ${STATUS_CODES[rendered.statusCode] ?? ''}`,
    ...Object.entries(rendered.headers).map(([name, value]) => `${name}: ${value}`),
    `x-amzn-ErrorType: ${type}`,
    `x-amzn-RequestId: ${requestId}`,
    `Content-Length: ${body.length}`,
    'Connection: close',
    '',
    '',
  ].join('\r\n');
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]));
}
