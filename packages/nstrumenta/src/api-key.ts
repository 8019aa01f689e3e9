import { ApiKeyError } from './errors.js';

/** An API key split into its parts. */
export interface ParsedApiKey {
  /** The part before the first `:`; the only part the server reads. */
  readonly secret: string;
  /** The server URL, base64-decoded from the part after the `:`, without a trailing `/`. */
  readonly apiUrl: string;
}

/**
 * Splits an Nstrumenta API key `<secret>:<base64(apiUrl)>` (surrounding white space is ignored).
 *
 * @throws {@link ApiKeyError} when the key is missing, has no `:`, or the URL part does not decode to an
 * http(s) URL. The message never contains the key.
 *
 * @example
 * ```ts
 * import { parseApiKey } from '@tsc/nstrumenta';
 *
 * console.log(parseApiKey(`s3cret:${btoa('http://127.0.0.1:5999')}`)); // { secret: 's3cret', apiUrl: 'http://127.0.0.1:5999' }
 * ```
 */
export function parseApiKey(apiKey: string | undefined): ParsedApiKey {
  const key = apiKey?.trim() ?? '';
  if (key === '') throw new ApiKeyError('no key given (set NSTRUMENTA_API_KEY or pass apiKey)');
  const colon = key.indexOf(':');
  if (colon < 0) throw new ApiKeyError(`no ":" separator in a key of ${key.length} characters`);
  const secret = key.slice(0, colon);
  if (secret === '') throw new ApiKeyError('empty secret before ":"');
  const encoded = key.slice(colon + 1);
  const apiUrl = Buffer.from(encoded, 'base64').toString('utf8').trim().replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new ApiKeyError('the part after ":" does not decode to a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ApiKeyError(`the decoded URL has protocol ${url.protocol}, expected http: or https:`);
  }
  return { secret, apiUrl };
}

/**
 * Builds an API key `<secret>:<base64(apiUrl)>` (what the stand-in server hands out).
 *
 * @example
 * ```ts
 * import { formatApiKey } from '@tsc/nstrumenta';
 *
 * console.log(formatApiKey('s3cret', 'http://127.0.0.1:5999')); // 's3cret:aHR0cDovLzEyNy4wLjAuMTo1OTk5'
 * ```
 */
export function formatApiKey(secret: string, apiUrl: string): string {
  return `${secret}:${Buffer.from(apiUrl, 'utf8').toString('base64')}`;
}
