/**
 * The load generator runs as its own process (src/load.ts): what it sends must be what the suite asked for, and
 * its report must come back with the counts.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { load } from '../src/load.ts';

describe('load (autocannon in a child process)', () => {
  const seen: { method: string; contentType: string | undefined; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', contentType: req.headers['content-type'], body });
      res.statusCode = seen.length % 2 === 0 ? 404 : 200;
      res.end('{}');
    });
  });
  let url = '';
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/items/x`;
  });
  after(() => server.close());

  it('sends the method, headers and body given, and reports what the server answered', async () => {
    const result = await load({
      url,
      connections: 2,
      duration: 1,
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"a b"}',
    });
    assert.ok(seen.length > 0);
    assert.deepEqual(seen[0], { method: 'PUT', contentType: 'application/json', body: '{"name":"a b"}' });
    assert.ok(result.total > 0 && result.total <= seen.length);
    assert.ok(result.non2xx > 0, 'every other answer was a 404');
    assert.equal(result.errors, 0);
  });

  it('fails with the URL named when autocannon cannot report', async () => {
    await assert.rejects(load({ url: 'not a url', connections: 1, duration: 1 }), /autocannon|not a url/);
  });
});
