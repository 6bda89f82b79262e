/**
 * A verified token's claims as API Gateway's Cognito user pool authorizer hands them on
 * (`$context.authorizer.claims`, `requestContext.authorizer.claims` of a Lambda proxy event): every value a string,
 * `exp` and `iat` as dates in Java's `Date.toString()` form (`Fri Jul 29 18:52:53 UTC 2016`), other numbers as
 * their digits. Observed on AWS and reported, not documented (awsdocs/amazon-api-gateway-developer-guide#158,
 * amazon-cognito-identity-js#92): the deployed e2e run should confirm it.
 */
import type { JWTPayload } from 'jose';

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// The claims API Gateway renders as dates.
const dateClaims = new Set(['exp', 'iat']);

/** `Fri Jul 29 18:52:53 UTC 2016` for seconds since the epoch. */
export function formatClaimDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${two(d.getUTCDate())} ${time} UTC ${d.getUTCFullYear()}`;
}

export function authorizerClaims(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(payload)) {
    if (dateClaims.has(name) && typeof value === 'number') claims[name] = formatClaimDate(value);
    else claims[name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return claims;
}
