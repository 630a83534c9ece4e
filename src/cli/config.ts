import {
  BASE_URL_FORM,
  findBaseUrlProblem,
  normalizeBaseUrl,
  redactUrlCredentials,
} from '../client/base-url.js';
import { PRODUCTION_BASE_URL } from '../client/options.js';
import { UsageError } from './cli-errors.js';

/** The API that job commands send their requests to. */
export type ApiTarget =
  | {
      /** The simulator, run inside the CLI process. Used when no variable is set. */
      kind: 'embedded';
    }
  | {
      /** A real API or a simulator listening elsewhere. */
      kind: 'remote';
      apiKey: string;
      /** Versioned base URL, ending in `/v1`. */
      baseUrl: string;
    };

/** Name of the environment variable that contains the API key. */
export const API_KEY_VARIABLE = 'DOME_API_KEY';

/** Name of the environment variable that contains the versioned base URL. */
export const BASE_URL_VARIABLE = 'DOME_BASE_URL';

/**
 * Reads the API target from the environment: the embedded simulator when neither variable is
 * set (blank counts as unset), production when only the key is set. Throws a
 * {@link UsageError} when only the base URL is set, or when the key is set and the base URL is
 * blank or not of the form {@link BASE_URL_FORM}. The message shows the base URL with any
 * user:password redacted. The key is read only from the environment, so it never shows up in
 * a shell history or a process list.
 */
export function readApiTarget(env: NodeJS.ProcessEnv): ApiTarget {
  const apiKey = nonEmpty(env[API_KEY_VARIABLE]);
  const rawBaseUrl = env[BASE_URL_VARIABLE];
  const baseUrl = nonEmpty(rawBaseUrl);

  if (apiKey === undefined && baseUrl === undefined) return { kind: 'embedded' };

  if (apiKey === undefined) {
    throw new UsageError(
      `${BASE_URL_VARIABLE} is set but ${API_KEY_VARIABLE} is missing: export ` +
        `${API_KEY_VARIABLE}=dome_live_... as well, or unset ${BASE_URL_VARIABLE} to use ` +
        'the embedded simulator.',
    );
  }

  // A blank value is likely a failed substitution, so it must not fall back to production.
  if (rawBaseUrl === undefined) return { kind: 'remote', apiKey, baseUrl: PRODUCTION_BASE_URL };

  const problem = findBaseUrlProblem(rawBaseUrl.trim());
  if (problem !== undefined) {
    throw new UsageError(
      `Invalid ${BASE_URL_VARIABLE} ${JSON.stringify(redactUrlCredentials(rawBaseUrl))}: ` +
        `${problem}. Expected ${BASE_URL_FORM}, or unset it to use production.`,
    );
  }
  return { kind: 'remote', apiKey, baseUrl: normalizeBaseUrl(rawBaseUrl.trim()) };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
