/**
 * The facts of `$context` that are the same for every request of the local API: what the gateway responses'
 * templates, the access log and the proxy event all report.
 */

/** `$context.apiId` and `$context.accountId`: there is no AWS account locally. */
export const localApi = { apiId: 'local', accountId: '000000000000', protocol: 'HTTP/1.1' } as const;

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `22/Nov/2026:01:55:04 +0000`, the format of `$context.requestTime`. */
export function formatRequestTime(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}
