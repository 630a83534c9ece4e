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
});
