/**
 * terraform/modules/deploy-identity/README.md names the services the deployer may use KMS keys through; the module's
 * `kms_via_services` is what grants it. A service added to one and not the other fails here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const moduleDir = new URL('../modules/deploy-identity/', import.meta.url);

describe('deploy-identity README on KMS use', () => {
  it('names exactly the services kms:ViaService allows', () => {
    const main = readFileSync(new URL('main.tf', moduleDir), 'utf8');
    const granted = /kms_via_services\s*=.*\[for service in \[([^\]]*)\]/.exec(main)?.[1];
    assert.ok(granted, 'main.tf: local.kms_via_services lists its services as [for service in [...] : ...]');
    const services = [...granted.matchAll(/"([a-z0-9-]+)"/g)].map((m) => m[1]).sort();

    const readme = readFileSync(new URL('README.md', moduleDir), 'utf8').replace(/\s+/g, ' ');
    const stated = /goes only through ([^(]+?) \(`kms:ViaService`/.exec(readme)?.[1];
    assert.ok(stated, 'README: "…goes only through X, Y and Z (`kms:ViaService`…"');
    const named = stated
      .split(/, | and /)
      .map((name) => name.trim().toLowerCase())
      .sort();
    assert.deepEqual(named, services, `README says "${stated}"`);
  });
});
