import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/cli-errors.js';
import { readApiTarget } from '../../src/cli/config.js';
import { PRODUCTION_BASE_URL } from '../../src/client/options.js';

const KEY = 'dome_live_configtest123';

describe('readApiTarget', () => {
  it('uses embedded simulator without variables', () => {
    expect(readApiTarget({})).toEqual({ kind: 'embedded' });
  });

  it('treats blank variables as unset', () => {
    expect(readApiTarget({ DOME_API_KEY: ' ', DOME_BASE_URL: '' })).toEqual({ kind: 'embedded' });
  });

  it('defaults to production with key only', () => {
    expect(readApiTarget({ DOME_API_KEY: KEY })).toEqual({
      kind: 'remote',
      apiKey: KEY,
      baseUrl: PRODUCTION_BASE_URL,
    });
  });

  it('uses the given base URL', () => {
    const target = readApiTarget({ DOME_API_KEY: KEY, DOME_BASE_URL: 'http://127.0.0.1:9/v1' });
    expect(target).toEqual({ kind: 'remote', apiKey: KEY, baseUrl: 'http://127.0.0.1:9/v1' });
  });

  it('rejects base URL without key', () => {
    const read = () => readApiTarget({ DOME_BASE_URL: 'http://127.0.0.1:9/v1' });
    expect(read).toThrow(UsageError);
    expect(read).toThrow(/DOME_API_KEY is missing/);
  });

  it('rejects a base URL that is not http', () => {
    const read = () => readApiTarget({ DOME_API_KEY: KEY, DOME_BASE_URL: 'ftp://host/v1' });
    expect(read).toThrow(/Invalid DOME_BASE_URL "ftp:\/\/host\/v1"/);
  });

  it('keeps the key out of messages', () => {
    try {
      readApiTarget({ DOME_API_KEY: KEY, DOME_BASE_URL: 'not a url' });
      expect.unreachable('readApiTarget accepted an invalid base URL');
    } catch (error) {
      expect(String(error)).not.toContain(KEY);
    }
  });

  it('rejects blank base URL with key', () => {
    for (const blank of ['', '   ']) {
      const read = () => readApiTarget({ DOME_API_KEY: KEY, DOME_BASE_URL: blank });
      expect(read).toThrow(UsageError);
      expect(read).toThrow(`Invalid DOME_BASE_URL ${JSON.stringify(blank)}: the value is blank`);
    }
  });

  it.each([
    ['http://127.0.0.1:9/api', 'the path does not end in /v1'],
    ['http://127.0.0.1:9/v1?debug=1', 'the URL has a query'],
    ['http://127.0.0.1:9/v1#top', 'the URL has a fragment'],
    ['ftp://127.0.0.1/v1', 'the scheme ftp is not http or https'],
    ['v1', 'the value is not a URL'],
  ])('rejects base URL %s', (baseUrl, problem) => {
    const read = () => readApiTarget({ DOME_API_KEY: KEY, DOME_BASE_URL: baseUrl });
    expect(read).toThrow(`Invalid DOME_BASE_URL ${JSON.stringify(baseUrl)}: ${problem}.`);
    expect(read).toThrow(/Expected an http or https URL whose path ends in \/v1/);
  });

  it.each([
    ['http://admin:hunter2@127.0.0.1:9/v1', '"http://[redacted]@127.0.0.1:9/v1"'],
    ['http://admin:hunter2@bad host/v1', '"http://[redacted]@bad host/v1"'],
  ])('redacts credentials in %s', (baseUrl, shown) => {
    const read = () => readApiTarget({ DOME_API_KEY: KEY, DOME_BASE_URL: baseUrl });
    expect(read).toThrow(`Invalid DOME_BASE_URL ${shown}`);
    expect(read).not.toThrow(/hunter2/);
    expect(read).not.toThrow(/admin/);
  });

  it('accepts trailing slash after v1', () => {
    const target = readApiTarget({ DOME_API_KEY: KEY, DOME_BASE_URL: 'http://127.0.0.1:9/v1/' });
    expect(target).toEqual({ kind: 'remote', apiKey: KEY, baseUrl: 'http://127.0.0.1:9/v1' });
  });
});
