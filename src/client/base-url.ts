/** The form every versioned base URL must have, for error messages. */
export const BASE_URL_FORM =
  'an http or https URL whose path ends in /v1, without query, fragment or user:password, ' +
  'such as https://api.domeagent.com.au/v1';

/**
 * Returns what is wrong with a versioned base URL, such as "the path does not end in /v1", or
 * undefined when it is valid. A trailing slash after `/v1` is allowed.
 */
export function findBaseUrlProblem(value: string): string | undefined {
  if (value.trim() === '') return 'the value is blank';

  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'the value is not a URL';
  }

  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `the scheme ${url.protocol.slice(0, -1)} is not http or https`;
  }
  if (url.username !== '' || url.password !== '') return 'the URL contains user:password';
  if (url.search !== '' || value.includes('?')) return 'the URL has a query';
  if (url.hash !== '' || value.includes('#')) return 'the URL has a fragment';
  if (!/\/v1\/?$/.test(url.pathname)) return 'the path does not end in /v1';
  return undefined;
}

/** Removes the one trailing slash a valid base URL may have, so paths join without `//`. */
export function normalizeBaseUrl(value: string): string {
  return value.replace(/\/$/, '');
}

/**
 * Replaces the user and password part of a URL-like text with `[redacted]`, so that an error
 * message can show the value. Text that does not parse as a URL loses everything between the
 * scheme and its last `@`, which may hide more than the credentials but never less.
 */
export function redactUrlCredentials(value: string): string {
  try {
    const url = new URL(value);
    if (url.username === '' && url.password === '') return value;
    return `${url.protocol}//[redacted]@${url.host}${url.pathname}${url.search}${url.hash}`;
  } catch {
    return value.replace(/^([a-z][a-z0-9+.-]*:\/*)[^@]*@/i, '$1[redacted]@');
  }
}
