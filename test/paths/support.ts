import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { CoverageRecorder } from '../../src/testing/coverage.js';
import { generatePaths } from '../../src/testing/graph-traversal.js';
import type { MachineModel } from '../../src/testing/model.js';
import { runPath } from '../../src/testing/step-driver.js';

/** Timers the driver advances; `setImmediate` stays real so the driver can flush work. */
export const FAKED_TIMERS = [
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'Date',
] as const;

/**
 * Declares one test per generated path of `model`, then a test that fails when a state or a
 * transition of the machine definition was taken by none of them, except `knownGaps`.
 * Returns the paths.
 */
export function describePaths(model: MachineModel, knownGaps: readonly string[] = []) {
  const paths = generatePaths(model);
  const recorder = new CoverageRecorder();

  beforeEach(() => {
    vi.useFakeTimers({ toFake: [...FAKED_TIMERS] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each(paths.map((path) => [path.label, path] as const))('%s', async (_label, path) => {
    await runPath(model, path, {
      timers: vi,
      recorder,
      check: (observation) => {
        expect(observation.actual, `after step ${observation.index}: ${observation.step}`).toEqual(
          observation.expected,
        );
      },
    });
  });

  it('covers every state and transition', () => {
    const uncovered = recorder.uncovered(model.machine, model.unreachable);
    expect(uncovered.states).toEqual([]);
    expect(uncovered.transitions).toEqual(knownGaps);
  });

  return paths;
}

/**
 * Transitions the kit cannot drive yet, by machine id.
 * NOTE: the graph evaluates `isPastDeadline` against the real clock, so the branches taken once
 * the deadline has passed never appear in a path, and the request script cannot make a failed
 * POST create the job that `reconciling` then finds.
 */
export function knownGaps(machineId: string): string[] {
  return [
    `${machineId}.reconciling xstate.done.actor.findSubmittedJob #0`,
    `${machineId}.waitingToSubmit xstate.after.submitRetryDelay.${machineId}.waitingToSubmit #0`,
    `${machineId}.waitingToReconcile xstate.after.submitRetryDelay.${machineId}.waitingToReconcile #0`,
    `${machineId}.queued.waiting xstate.after.pollDelay.${machineId}.queued.waiting #0`,
    `${machineId}.running.waiting xstate.after.pollDelay.${machineId}.running.waiting #0`,
  ];
}
