/**
 * The RSA key pair a local token issuer signs with, made fresh on every start like a new user pool's keys: the
 * private half never leaves the process, the public half is published as a JWKS with a `kid`, as Cognito does.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type CryptoKey, type JSONWebKeySet } from 'jose';

/** The one algorithm Cognito signs user pool tokens with, and so the one the verifier allows. */
export const signingAlgorithm = 'RS256';

export interface SigningKey {
  /** The key id tokens carry in their header and the JWKS lists, so verifiers pick the key by `kid`. */
  kid: string;
  privateKey: CryptoKey;
  /** The public key as the JWKS endpoint serves it. */
  jwks: JSONWebKeySet;
}

export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(signingAlgorithm, { modulusLength: 2048, extractable: true });
  const kid = randomUUID();
  const publicJwk = await exportJWK(publicKey);
  return { kid, privateKey, jwks: { keys: [{ ...publicJwk, kid, alg: signingAlgorithm, use: 'sig' }] } };
}
