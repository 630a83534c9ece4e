import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { CoverageRecorder } from '../../src/testing/coverage.js';
import { generatePaths } from '../../src/testing/graph-traversal.js';
import type { MachineModel } from '../../src/testing/model.js';
import { createScriptedHarness } from '../../src/testing/scripted-simulator.js';
import { runPath } from '../../src/testing/step-driver.js';

const DAY_MS = 86_400_000;

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
 * transition of the machine definition was taken by none of them. Returns the paths.
 */
export function describePaths(model: MachineModel) {
  const paths = generatePaths(model);
  const recorder = new CoverageRecorder();
  const harness = createScriptedHarness();
  let startMs = Date.parse('2030-01-01T00:00:00Z');

  beforeEach(() => {
    vi.useFakeTimers({ toFake: [...FAKED_TIMERS] });
    // Each path starts a day after the previous one, far beyond any path's own duration, so
    // no earlier job counts as created by its submission and the rate limit never bites.
    vi.setSystemTime(startMs);
    startMs += DAY_MS;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each(paths.map((path) => [path.label, path] as const))('%s', async (_label, path) => {
    await runPath(model, path, {
      timers: vi,
      recorder,
      harness,
      check: (observation) => {
        expect(observation.actual, `after step ${observation.index}: ${observation.step}`).toEqual(
          observation.expected,
        );
      },
    });
  });

  it('covers every state and transition', () => {
    expect(recorder.uncovered(model.machine)).toEqual({ states: [], transitions: [] });
  });

  return paths;
}
