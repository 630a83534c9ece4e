import type { Fault, FaultInjector } from './types.js';

/** A fault with its remaining count. */
interface PendingFault {
  fault: Fault;
  remaining: number;
}

/** Queue of injected faults, matched in the order they were added. */
export class FaultQueue implements FaultInjector {
  readonly #pending: PendingFault[] = [];

  next(fault: Fault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1) {
      throw new RangeError(`Invalid fault times ${times}: expected an integer >= 1.`);
    }
    if (!Number.isInteger(fault.status) || fault.status < 200 || fault.status > 599) {
      throw new RangeError(`Invalid fault status ${fault.status}: expected 200 to 599.`);
    }
    this.#pending.push({ fault, remaining: times });
  }

  clear(): void {
    this.#pending.length = 0;
  }

  /** Returns the first fault that matches the request, using up one of its times. */
  take(method: string, path: string): Fault | undefined {
    const index = this.#pending.findIndex((pending) => matches(pending.fault, method, path));
    const pending = this.#pending[index];
    if (pending === undefined) return undefined;
    pending.remaining -= 1;
    if (pending.remaining === 0) this.#pending.splice(index, 1);
    return pending.fault;
  }
}

function matches(fault: Fault, method: string, path: string): boolean {
  if (fault.method !== undefined && fault.method.toUpperCase() !== method.toUpperCase()) {
    return false;
  }
  if (fault.pathPrefix === undefined) return true;
  const prefix = fault.pathPrefix.startsWith('/') ? fault.pathPrefix : `/v1/${fault.pathPrefix}`;
  return path.startsWith(prefix);
}
