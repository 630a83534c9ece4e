import { InvalidArgumentError } from 'commander';
import { JOB_TYPES, LIST_MAX_LIMIT } from '../api/assumptions.js';
import { JOB_STATUSES, type JobStatus } from '../api/statuses.js';

/** Largest simulator speed-up factor the CLI accepts. */
export const MAX_SPEED = 1000;

/** Parses `--limit`: an integer from 1 to 100, the page sizes `GET /jobs` accepts. */
export function parseLimit(value: string): number {
  return parseInteger(value, 1, LIST_MAX_LIMIT);
}

/** Parses `--offset`: an integer from 0 to `Number.MAX_SAFE_INTEGER`. */
export function parseOffset(value: string): number {
  return parseInteger(value, 0, Number.MAX_SAFE_INTEGER);
}

/** Parses `--port`: an integer from 0 to 65535, where 0 picks a free port. */
export function parsePort(value: string): number {
  return parseInteger(value, 0, 65_535);
}

/** Parses `--status`: one of the five API statuses. */
export function parseStatus(value: string): JobStatus {
  const status = JOB_STATUSES.find((known) => known === value);
  if (status === undefined) {
    throw new InvalidArgumentError(`Expected one of ${JOB_STATUSES.join(', ')}.`);
  }
  return status;
}

/** Parses `--job-type`: one of the three job types of the API. */
export function parseJobType(value: string): string {
  const types: readonly string[] = Object.values(JOB_TYPES);
  if (!types.includes(value)) {
    throw new InvalidArgumentError(`Expected one of ${types.join(', ')}.`);
  }
  return value;
}

/** Parses `--speed`: a factor above 0 and at most {@link MAX_SPEED}. */
export function parseSpeed(value: string): number {
  const speed = Number(value);
  if (value.trim() === '' || !Number.isFinite(speed) || speed <= 0 || speed > MAX_SPEED) {
    throw new InvalidArgumentError(`Expected a number above 0 and at most ${MAX_SPEED}.`);
  }
  return speed;
}

function parseInteger(value: string, min: number, max: number): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || parsed < min || parsed > max) {
    throw new InvalidArgumentError(`Expected an integer from ${min} to ${max}.`);
  }
  return parsed;
}
