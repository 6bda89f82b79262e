/**
 * The key that signs list cursors, from exactly one source (config.ts picks it): the SSM SecureString parameter
 * named by `CURSOR_SIGNING_KEY_PARAMETER` (a deployed stage: Terraform names the parameter and grants the read,
 * `npm run cursor-key` writes its value) or `CURSOR_SIGNING_KEY` itself (the local stage and tests). There is no
 * fallback: a key anyone can derive would let anyone forge cursors.
 */
import { ParameterStoreError } from './parameter-store.ts';

export type CursorKeySource = { kind: 'parameter'; name: string } | { kind: 'value'; value: string };

export const minCursorKeyLength = 32;

/** How a missing or unusable parameter is fixed; the command lives in the root package.json. */
export const setCursorKeyCommand = 'npm run cursor-key -- set --env <env>';

export class CursorKeyError extends Error {
  override name = 'CursorKeyError';
}

/** The key's bytes, or a CursorKeyError naming `origin` when the text is too short to be a key. */
export function cursorKeyFromText(text: string, origin: string): Buffer {
  if (text.length < minCursorKeyLength) {
    throw new CursorKeyError(`${origin} must be at least ${minCursorKeyLength} characters long.`);
  }
  return Buffer.from(text, 'utf8');
}

/** How a parameter is read: parameter-store.ts on a deployed stage, a stub in tests. */
export type ReadParameter = (name: string) => Promise<string | undefined>;

async function readParameter(name: string, read: ReadParameter): Promise<string> {
  let value: string | undefined;
  try {
    value = await read(name);
  } catch (error) {
    if (error instanceof ParameterStoreError && error.code === 'ParameterNotFound') {
      throw new CursorKeyError(
        `The SSM parameter ${name} (CURSOR_SIGNING_KEY_PARAMETER) does not exist: set the cursor signing key with \`${setCursorKeyCommand}\`.`,
      );
    }
    throw new CursorKeyError(`Reading the SSM parameter ${name} (CURSOR_SIGNING_KEY_PARAMETER) failed.`, {
      cause: error,
    });
  }
  if (value === undefined) throw new CursorKeyError(`The SSM parameter ${name} has no value.`);
  return value;
}

/** The key from its source: the value itself, or the parameter's value read with decryption. */
export async function readCursorKey(source: CursorKeySource, read: ReadParameter): Promise<Buffer> {
  if (source.kind === 'value') return cursorKeyFromText(source.value, 'CURSOR_SIGNING_KEY');
  const value = await readParameter(source.name, read);
  return cursorKeyFromText(
    value,
    `The value of the SSM parameter ${source.name} (set it with \`${setCursorKeyCommand}\`)`,
  );
}

/**
 * The key, read when an operation first needs it (listing signs and checks cursors; no other operation does) and
 * then kept for the execution environment: one SSM round trip per environment at most, none for the other
 * operations, and no SSM work in the init phase. Concurrent first uses share the one read; a failed read is not
 * kept, so a later request tries again (the failing one answers 500, its cause in the log).
 */
export function cursorKeyOnFirstUse(read: () => Promise<Buffer>): () => Promise<Buffer> {
  let key: Promise<Buffer> | undefined;
  return () =>
    (key ??= read().catch((error: unknown) => {
      key = undefined;
      throw error;
    }));
}
