import { vi } from 'vitest';

/** Settles a promise while fake time runs, returning what it resolved or rejected with. */
export async function settle<T>(promise: Promise<T>, maxMs = 600_000) {
  let outcome: { value?: T; error?: unknown; done: boolean } = { done: false };
  promise.then(
    (value) => {
      outcome = { value, done: true };
    },
    (error: unknown) => {
      outcome = { error, done: true };
    },
  );
  for (let elapsed = 0; elapsed < maxMs && !outcome.done; elapsed += 1_000) {
    await vi.advanceTimersByTimeAsync(1_000);
  }
  return outcome;
}
