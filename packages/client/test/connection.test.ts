import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectionFromEnv, formatStageEnv, parseStageEnv, type StageEnv } from '../src/index.ts';

const stageEnv = {
  ITEMS_API_BASE_URL: 'http://localhost:3000',
  ITEMS_API_TOKEN_URL: 'http://localhost:3000/oauth2/token',
  ITEMS_API_CLIENT_ID: 'local',
  ITEMS_API_CLIENT_SECRET: 'writer-secret',
  ITEMS_API_KEY: 'writer-key-0123456789abcdef',
  ITEMS_API_READER_CLIENT_ID: 'local-reader',
  ITEMS_API_READER_CLIENT_SECRET: 'reader-secret',
  ITEMS_API_READER_KEY: 'reader-key-0123456789abcdef',
};

describe('connectionFromEnv', () => {
  it('reads the default client', () => {
    assert.deepEqual(connectionFromEnv(stageEnv), {
      baseUrl: 'http://localhost:3000',
      auth: {
        clientCredentials: {
          tokenUrl: 'http://localhost:3000/oauth2/token',
          clientId: 'local',
          clientSecret: 'writer-secret',
        },
      },
      apiKey: 'writer-key-0123456789abcdef',
    });
  });

  it('reads the reader client', () => {
    assert.deepEqual(connectionFromEnv(stageEnv, 'reader'), {
      baseUrl: 'http://localhost:3000',
      auth: {
        clientCredentials: {
          tokenUrl: 'http://localhost:3000/oauth2/token',
          clientId: 'local-reader',
          clientSecret: 'reader-secret',
        },
      },
      apiKey: 'reader-key-0123456789abcdef',
    });
  });

  it('names the one missing variable', () => {
    const env: Record<string, string> = { ...stageEnv };
    delete env.ITEMS_API_CLIENT_SECRET;
    assert.throws(
      () => connectionFromEnv(env),
      /^Error: ITEMS_API_CLIENT_SECRET is not set: load the stage's credentials/,
    );
  });

  it('names every missing or empty variable, and only the role it reads', () => {
    assert.throws(
      () => connectionFromEnv({ ITEMS_API_BASE_URL: 'http://x', ITEMS_API_READER_KEY: ' ' }, 'reader'),
      /^Error: ITEMS_API_TOKEN_URL, ITEMS_API_READER_CLIENT_ID, ITEMS_API_READER_CLIENT_SECRET, ITEMS_API_READER_KEY are not set/,
    );
    const noReaderKey: Record<string, string> = { ...stageEnv };
    delete noReaderKey.ITEMS_API_READER_KEY;
    assert.doesNotThrow(() => connectionFromEnv(noReaderKey));
  });

  it('refuses URLs that are not http(s), without naming a secret', () => {
    assert.throws(
      () => connectionFromEnv({ ...stageEnv, ITEMS_API_TOKEN_URL: 'localhost:3000/oauth2/token' }),
      /ITEMS_API_TOKEN_URL must be an http\(s\) URL/,
    );
    assert.throws(
      () => connectionFromEnv({ ...stageEnv, ITEMS_API_BASE_URL: 'localhost:3000' }),
      (e: unknown) => e instanceof Error && /ITEMS_API_BASE_URL/.test(e.message) && !/secret/.test(e.message),
    );
  });

  it('reads process.env by default', () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, stageEnv);
      assert.equal(connectionFromEnv().apiKey, stageEnv.ITEMS_API_KEY);
    } finally {
      for (const name of Object.keys(stageEnv)) if (!(name in saved)) delete process.env[name];
    }
  });
});

describe('parseStageEnv', () => {
  it('reads KEY=value lines, comments, blank lines, quotes and export', () => {
    const text = [
      '# written by the local stage',
      '',
      'ITEMS_API_BASE_URL=http://localhost:3000',
      '  ITEMS_API_CLIENT_ID = local  ',
      'ITEMS_API_CLIENT_SECRET="a b#c"',
      "ITEMS_API_KEY='k=1'",
      'export ITEMS_API_TOKEN_URL=http://localhost:3000/oauth2/token',
      'EMPTY=',
    ].join('\r\n');
    assert.deepEqual(parseStageEnv(text), {
      ITEMS_API_BASE_URL: 'http://localhost:3000',
      ITEMS_API_CLIENT_ID: 'local',
      ITEMS_API_CLIENT_SECRET: 'a b#c',
      ITEMS_API_KEY: 'k=1',
      ITEMS_API_TOKEN_URL: 'http://localhost:3000/oauth2/token',
      EMPTY: '',
    });
  });

  it('round-trips into connectionFromEnv', () => {
    const text = Object.entries(stageEnv)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n');
    assert.equal(connectionFromEnv(parseStageEnv(text)).baseUrl, stageEnv.ITEMS_API_BASE_URL);
  });

  it('names the line of a malformed entry, never its text', () => {
    assert.throws(
      () => parseStageEnv('A=1\nsecret-value-without-a-key\n'),
      (e: unknown) => e instanceof Error && e.message === 'stage env line 2: expected KEY=value',
    );
    assert.throws(() => parseStageEnv('1A=x'), /line 1: expected KEY=value/);
    assert.throws(
      () => parseStageEnv('A=1\nITEMS_API_CLIENT_SECRET="hunter2'),
      (e: unknown) => e instanceof Error && e.message === 'stage env line 2: unterminated "',
    );
  });
});

describe('formatStageEnv', () => {
  const values: StageEnv = {
    baseUrl: 'http://localhost:3000',
    tokenUrl: 'http://localhost:3000/oauth2/token',
    roles: {
      default: { clientId: 'local', clientSecret: 'writer-secret', apiKey: 'writer-key-0123456789abcdef' },
      reader: { clientId: 'local-reader', clientSecret: 'reader-secret', apiKey: 'reader-key-0123456789abcdef' },
    },
  };

  it('writes exactly the variables the readers read, in a fixed order', () => {
    const text = formatStageEnv(values);
    assert.deepEqual(parseStageEnv(text), stageEnv);
    assert.deepEqual(
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('=')[0]),
      Object.keys(stageEnv),
    );
    assert.deepEqual(connectionFromEnv(parseStageEnv(text), 'reader').apiKey, 'reader-key-0123456789abcdef');
  });

  it('refuses a value with a line break, naming the variable', () => {
    const broken = { ...values, roles: { ...values.roles, reader: { ...values.roles.reader, clientSecret: 'a\nb' } } };
    assert.throws(() => formatStageEnv(broken), /ITEMS_API_READER_CLIENT_SECRET cannot hold a line break/);
  });
});
