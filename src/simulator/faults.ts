import type { Fault, FaultInjector } from './fault-types.js';

/** A fault rule with its remaining count and the state of its random draws. */
interface PendingFault {
  fault: Fault;
  remaining: number;
  randomState: number;
}

/** Fault rules, matched in the order they were added. */
export class FaultQueue implements FaultInjector {
  readonly #pending: PendingFault[] = [];

  next(fault: Fault): void {
    checkFault(fault);
    this.#pending.push({
      fault,
      remaining: fault.times ?? 1,
      randomState: (fault.seed ?? 1) >>> 0,
    });
  }

  clear(): void {
    this.#pending.length = 0;
  }

  get pending(): number {
    return this.#pending.length;
  }

  /** Returns the first fault that matches the request, using up one of its times. */
  take(method: string, path: string): Fault | undefined {
    for (const [index, pending] of this.#pending.entries()) {
      if (!matches(pending.fault, method, path)) continue;
      if (!drawHits(pending)) continue;
      pending.remaining -= 1;
      if (pending.remaining === 0) this.#pending.splice(index, 1);
      return pending.fault;
    }
    return undefined;
  }
}

function checkFault(fault: Fault) {
  const times = fault.times ?? 1;
  if (!(times === Number.POSITIVE_INFINITY || (Number.isInteger(times) && times >= 1))) {
    throw new RangeError(`Invalid fault times ${times}: expected an integer >= 1 or Infinity.`);
  }
  if (fault.status !== undefined) {
    if (!Number.isInteger(fault.status) || fault.status < 200 || fault.status > 599) {
      throw new RangeError(`Invalid fault status ${fault.status}: expected 200 to 599.`);
    }
  } else if (fault.drop === undefined && fault.delayMs === undefined) {
    throw new RangeError('Invalid fault: give a status, a drop or a delayMs.');
  }
  const probability = fault.probability ?? 1;
  if (!Number.isFinite(probability) || probability < 0 || probability > 1) {
    throw new RangeError(`Invalid fault probability ${probability}: expected 0 to 1.`);
  }
  const delayMs = fault.delayMs ?? 0;
  if (!Number.isFinite(delayMs) || delayMs < 0) {
    throw new RangeError(`Invalid fault delayMs ${delayMs}: expected a number >= 0.`);
  }
}

function matches(fault: Fault, method: string, path: string): boolean {
  if (fault.method !== undefined && fault.method.toUpperCase() !== method.toUpperCase()) {
    return false;
  }
  if (fault.jobId !== undefined && !path.split('/').includes(fault.jobId)) return false;
  if (fault.pathPrefix === undefined) return true;
  const prefix = fault.pathPrefix.startsWith('/') ? fault.pathPrefix : `/v1/${fault.pathPrefix}`;
  return path.startsWith(prefix);
}

/** Draws against the rule's probability with its own seeded generator (mulberry32). */
function drawHits(pending: PendingFault): boolean {
  const probability = pending.fault.probability ?? 1;
  if (probability >= 1) return true;
  pending.randomState = (pending.randomState + 0x6d2b79f5) >>> 0;
  let t = pending.randomState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  const value = ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  return value < probability;
}
