/**
 * `nx release` for the publishable client (nx.json "release"): a version plan decides the bump and the changelog
 * entry, and the publish step packs what `npm publish` would upload. Runs as a dry run in a scratch copy of the
 * repository with the npm registry pointed at a closed loopback port, so it can touch neither this repository's git
 * nor a registry.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { createScratchRepo, type ScratchRepo } from './support/scratch-repo.ts';

const closedRegistry = 'http://127.0.0.1:9/';
const clientManifest = 'packages/client/package.json';
let repo: ScratchRepo | undefined;

function clientVersion(): string {
  return (JSON.parse(readFileSync(join(repo!.dir, clientManifest), 'utf8')) as { version: string }).version;
}

/** `nx release --dry-run`, and what it left behind in git: the same HEAD, no changed file, no tag. */
function dryRelease(): { output: string; git: { headMoved: boolean; status: string; tags: string } } {
  const head = repo!.git('rev-parse', 'HEAD');
  const output = stripVTControlCharacters(
    repo!.nx(['release', '--dry-run', '--yes'], { npm_config_registry: closedRegistry }),
  );
  const git = {
    headMoved: repo!.git('rev-parse', 'HEAD') !== head,
    status: repo!.git('status', '--porcelain'),
    tags: repo!.git('tag'),
  };
  return { output, git };
}

const untouched = { headMoved: false, status: '', tags: '' };

describe('nx release (dry run) of the client', { timeout: 300_000 }, () => {
  before(() => {
    repo = createScratchRepo();
  });

  after(() => repo?.remove());

  it('releases nothing without a version plan', () => {
    const { output, git } = dryRelease();
    assert.match(output, /No changes were detected within version plans/);
    assert.match(output, /Skipped publishing packages/);
    assert.deepEqual(git, untouched);
  });

  it('bumps the version, previews the changelog entry and packs the built package from a version plan', () => {
    const current = clientVersion();
    repo!.commitChange('.nx/version-plans/pages.md', '---\nclient: minor\n---\n\nThe client pages through items.\n');
    const { output, git } = dryRelease();

    const [major, minor] = current.split('.').map(Number);
    const next = `${major}.${(minor ?? 0) + 1}.0`;
    assert.match(output, new RegExp(`get new version ${next.replaceAll('.', '\\.')}`));
    assert.match(output, new RegExp(`CHANGELOG\\.md for client@${next.replaceAll('.', '\\.')}`));
    assert.match(output, /- The client pages through items\./);
    for (const file of ['dist/index.js', 'dist/index.d.ts', 'package.json']) {
      assert.match(output, new RegExp(`\\s${file.replaceAll('.', '\\.')}\\s`), `the package would not contain ${file}`);
    }
    assert.doesNotMatch(output, /\ssrc\/index\.ts\s/, 'the package would ship the sources');
    assert.match(output, /Would publish to http:\/\/127\.0\.0\.1:9\/ .*dry-run/);

    assert.equal(clientVersion(), current, 'a dry run must not write the manifest');
    assert.deepEqual(git, untouched);
  });
});
