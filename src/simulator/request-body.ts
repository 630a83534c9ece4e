import { MAX_ANNOTATION_IMAGE_BYTES } from '../api/assumptions.js';
import type { SimulatorContext } from './context.js';
import type { ReceivedImage } from './job-store.js';
import { ApiProblem, quote } from './responses.js';

const VALIDATION_ERROR = 'VALIDATION_ERROR';

/**
 * Reads the request body as a JSON object. An empty body counts as `{}` only where the
 * endpoint takes no parameters.
 */
export async function readJsonObject(
  c: SimulatorContext,
  options: { allowEmpty?: boolean } = {},
): Promise<Record<string, unknown>> {
  // NOTE: the body is read whole before any check, so only the per-image limit of annotate
  // bounds what the simulator accepts; it has no overall request size limit.
  const text = await c.req.text();
  if (options.allowEmpty && text.trim() === '') return {};

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalidBody();
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidBody();
  return body as Record<string, unknown>;
}

function invalidBody(): ApiProblem {
  return new ApiProblem(
    400,
    VALIDATION_ERROR,
    'Invalid request body: expected a JSON object sent with Content-Type application/json.',
  );
}

/** Returns a required non-empty string parameter, trimmed, or raises a VALIDATION_ERROR. */
export function requireText(
  body: Record<string, unknown>,
  field: string,
  expected: string,
): string {
  const value = body[field];
  if (value === undefined || value === null) {
    throw new ApiProblem(
      400,
      VALIDATION_ERROR,
      `Missing required parameter ${field}: expected ${expected}.`,
    );
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ApiProblem(
      400,
      VALIDATION_ERROR,
      `Invalid ${field} ${quote(value)}: expected ${expected}.`,
    );
  }
  return value.trim();
}

/** Returns whether a string parses as an absolute http or https URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const IMAGE_DATA_URL = /^data:(image\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/]+={0,2})$/i;

/**
 * Reads an annotate image field: an http(s) URL, or a base64 `data:image/...` URL of at most
 * MAX_ANNOTATION_IMAGE_BYTES once decoded.
 */
export function requireImage(body: Record<string, unknown>, field: string): ReceivedImage {
  const expected = 'an http(s) URL or a data:image/...;base64 URL';
  const value = requireText(body, field, expected);
  if (isHttpUrl(value)) return { kind: 'url', url: value };

  const match = IMAGE_DATA_URL.exec(value);
  const contentType = match?.[1];
  const base64 = match?.[2];
  if (contentType === undefined || base64 === undefined || base64.length % 4 !== 0) {
    throw new ApiProblem(
      400,
      VALIDATION_ERROR,
      `Invalid ${field} ${quote(value)}: expected ${expected}.`,
    );
  }

  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  const decodedBytes = (base64.length / 4) * 3 - padding;
  if (decodedBytes > MAX_ANNOTATION_IMAGE_BYTES) {
    throw new ApiProblem(
      400,
      VALIDATION_ERROR,
      `Invalid ${field}: the image is ${decodedBytes} bytes, more than the limit of ` +
        `${MAX_ANNOTATION_IMAGE_BYTES} bytes.`,
    );
  }
  return {
    kind: 'bytes',
    bytes: new Uint8Array(Buffer.from(base64, 'base64')),
    contentType: contentType.toLowerCase(),
  };
}
