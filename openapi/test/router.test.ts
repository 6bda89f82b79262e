import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routes } from '../generated/operations.ts';
import { createRouter, type RouteMatch } from '../src/router.ts';

/** A match as plain data: `deepStrictEqual` tells a prototype-less object from `{}`. */
function plain(match: RouteMatch | undefined) {
  return match && { template: match.template, pathParameters: { ...match.pathParameters } };
}

describe('createRouter', () => {
  it('routes every resource of the contract to itself', () => {
    const router = createRouter(Object.keys(routes));
    for (const template of Object.keys(routes)) {
      const path = template.replaceAll(/\{([^}]+)\}/g, 'value-of-$1');
      assert.equal(router.match(path)?.template, template, path);
    }
  });

  it('prefers a literal segment to a parameter, and a parameter to a greedy parameter', () => {
    const router = createRouter(['/files/{proxy+}', '/files/{name}', '/files/special', '/{proxy+}']);
    assert.deepEqual(plain(router.match('/files/special')), { template: '/files/special', pathParameters: {} });
    assert.deepEqual(plain(router.match('/files/a.txt')), {
      template: '/files/{name}',
      pathParameters: { name: 'a.txt' },
    });
    assert.deepEqual(plain(router.match('/files/a/b.txt')), {
      template: '/files/{proxy+}',
      pathParameters: { proxy: 'a/b.txt' },
    });
    assert.deepEqual(plain(router.match('/other/x')), { template: '/{proxy+}', pathParameters: { proxy: 'other/x' } });
  });

  it('decides at the first segment that differs, whatever the order the templates come in', () => {
    const templates = ['/{kind}/special', '/items/{id}', '/items/{proxy+}'];
    for (const order of [templates, [...templates].reverse()]) {
      const router = createRouter(order);
      assert.equal(router.match('/items/special')?.template, '/items/{id}');
      assert.equal(router.match('/things/special')?.template, '/{kind}/special');
      assert.equal(router.match('/items/a/b')?.template, '/items/{proxy+}');
    }
  });

  it('needs a non-empty rest for a greedy parameter, which may hold empty segments', () => {
    const router = createRouter(['/files/{path+}']);
    assert.equal(router.match('/files'), undefined);
    assert.equal(router.match('/files/'), undefined);
    assert.deepEqual(plain(router.match('/files//x/')), {
      template: '/files/{path+}',
      pathParameters: { path: '/x/' },
    });
  });

  it('treats a trailing slash as a different path, and never fills a parameter with an empty segment', () => {
    const router = createRouter(['/items', '/items/{id}', '/items/{id}/tags']);
    assert.equal(router.match('/items')?.template, '/items');
    assert.equal(router.match('/items/'), undefined);
    assert.equal(router.match('/items/abc/'), undefined);
    assert.equal(router.match('/items//tags'), undefined);
    assert.equal(router.match('/items/abc/more'), undefined);
  });

  it('matches `/` only with the root resource, and nothing that is not an absolute path', () => {
    assert.equal(createRouter(['/items', '/{proxy+}']).match('/'), undefined);
    const router = createRouter(['/', '/items']);
    assert.deepEqual(plain(router.match('/')), { template: '/', pathParameters: {} });
    assert.equal(router.match('//'), undefined);
    assert.equal(router.match(''), undefined);
    assert.equal(router.match('items'), undefined);
  });

  it('passes parameter values on as received, not URL-decoded', () => {
    const router = createRouter(['/items/{id}', '/files/{path+}']);
    assert.equal(router.match('/items/a%2Fb')?.pathParameters.id, 'a%2Fb');
    assert.equal(router.match('/items/caf%C3%A9+x')?.pathParameters.id, 'caf%C3%A9+x');
    assert.equal(router.match('/files/a%20b/c')?.pathParameters.path, 'a%20b/c');
  });

  it('treats prototype-ish names as plain segments and keys', () => {
    const router = createRouter(['/items/{id}', '/{constructor}/{__proto__}']);
    assert.equal(router.match('/constructor'), undefined);
    assert.equal(router.match('/items/constructor')?.pathParameters.id, 'constructor');
    const match = router.match('/toString/hasOwnProperty');
    assert.equal(match?.template, '/{constructor}/{__proto__}');
    assert.equal(Object.getPrototypeOf(match?.pathParameters), null);
    assert.deepEqual(Object.entries(match?.pathParameters ?? {}), [
      ['constructor', 'toString'],
      ['__proto__', 'hasOwnProperty'],
    ]);
    assert.equal(createRouter(['/items']).match('/__proto__'), undefined);
  });

  it('refuses templates API Gateway would not take', () => {
    assert.throws(() => createRouter(['items']), /must start with "\/"/);
    assert.throws(() => createRouter(['/items/']), /empty segment/);
    assert.throws(() => createRouter(['/items//tags']), /empty segment/);
    assert.throws(() => createRouter(['/items/x{id}']), /neither a literal nor a whole \{parameter\}/);
    assert.throws(() => createRouter(['/items/{}']), /neither a literal nor a whole \{parameter\}/);
    assert.throws(() => createRouter(['/files/{path+}/raw']), /greedy \{path\+\} must be the last segment/);
    assert.throws(() => createRouter(['/{id}/{id}']), /names \{id\} twice/);
    assert.throws(
      () => createRouter(['/items/{id}', '/items/{key}']),
      /"\/items\/\{id\}" and "\/items\/\{key\}" match the same paths/,
    );
    assert.throws(() => createRouter(['/items', '/items']), /match the same paths/);
  });
});
