import { describe, expect, it } from 'vitest';
import { formatApiKey, parseApiKey } from './api-key.js';
import { ApiKeyError } from './errors.js';

const secret = '6f1c2a9e-0b7d-4c1e-9a53-2d8f4e6b7a10';

describe('parseApiKey', () => {
  it('splits <secret>:<base64(apiUrl)> and trims white space and a trailing slash', () => {
    const key = `  ${secret}:${Buffer.from('https://api.example.test/').toString('base64')}\n`;
    expect(parseApiKey(key)).toEqual({ secret, apiUrl: 'https://api.example.test' });
  });

  it('round-trips formatApiKey', () => {
    expect(parseApiKey(formatApiKey(secret, 'http://127.0.0.1:5999'))).toEqual({
      secret,
      apiUrl: 'http://127.0.0.1:5999',
    });
  });

  it.each([
    [undefined, /no key given/],
    ['   ', /no key given/],
    [secret, /no ":" separator in a key of 36 characters/],
    [`:${Buffer.from('http://x').toString('base64')}`, /empty secret/],
    [`${secret}:${Buffer.from('ftp://x').toString('base64')}`, /protocol ftp:/],
    [`${secret}:!!!`, /does not decode to a URL/],
  ])('rejects %j with an ApiKeyError that never shows the key', (key, message) => {
    let caught: unknown;
    try {
      parseApiKey(key);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ApiKeyError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain(secret);
  });
});
