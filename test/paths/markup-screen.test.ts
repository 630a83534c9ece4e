import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { assign, sendTo, setup } from 'xstate';
import {
  createMarkupMachine,
  type DomeClient,
  type MarkupMachineInput,
  markupMachine,
  type OrientationVariant,
} from '../../src/index.js';
import {
  CoverageRecorder,
  createScriptedHarness,
  generateWrappedPaths,
  markupModel,
  runWrappedPath,
  type WrapperModel,
} from '../../src/testing/index.js';

// The app's own machine: one screen per phase of a markup job. It runs the markup machine as
// a child, forwards the person's clicks to it, and shows the variants and any rejection.
const markupScreenMachine = setup({
  types: {
    input: {} as { job: MarkupMachineInput },
    context: {} as {
      job: MarkupMachineInput;
      variants: OrientationVariant[];
      notice: string | null;
    },
    events: {} as
      | { type: 'ui.choose'; orientation: string }
      | { type: 'ui.upload'; annotatedImage: string; cleanImage: string }
      | { type: 'ui.requestVideo' }
      | { type: 'ui.close' }
      | { type: 'ui.cancel' },
  },
  actors: { markup: markupMachine },
}).createMachine({
  id: 'markupScreen',
  context: ({ input }) => ({ job: input.job, variants: [], notice: null }),
  initial: 'waiting',
  invoke: {
    id: 'markup',
    src: 'markup',
    input: ({ context }) => context.job,
    onSnapshot: [
      {
        guard: ({ event }) => event.snapshot.matches('awaitingInput'),
        target: '.choosing',
        actions: assign({
          variants: ({ event }) => event.snapshot.context.orientationVariants,
          notice: ({ event }) => event.snapshot.context.lastRejection?.reason ?? null,
        }),
      },
      {
        guard: ({ event }) => event.snapshot.matches({ running: 'annotationReady' }),
        target: '.uploading',
        actions: assign({
          notice: ({ event }) => event.snapshot.context.lastRejection?.reason ?? null,
        }),
      },
      {
        guard: ({ event }) => event.snapshot.matches('completed'),
        target: '.reviewing',
        actions: assign({
          notice: ({ event }) => event.snapshot.context.lastRejection?.reason ?? null,
        }),
      },
      { target: '.waiting' },
    ],
    onDone: [
      { guard: ({ event }) => event.output.status === 'completed', target: '.closed' },
      { target: '.failed' },
    ],
  },
  on: {
    'ui.choose': {
      actions: sendTo('markup', ({ event }) => ({
        type: 'orientation.select' as const,
        orientation: event.orientation,
      })),
    },
    'ui.upload': {
      actions: sendTo('markup', ({ event }) => ({
        type: 'annotation.submit' as const,
        annotatedImage: event.annotatedImage,
        cleanImage: event.cleanImage,
      })),
    },
    'ui.requestVideo': { actions: sendTo('markup', { type: 'video.request' }) },
    'ui.close': { actions: sendTo('markup', { type: 'finish' }) },
    'ui.cancel': { actions: sendTo('markup', { type: 'cancel' }) },
  },
  states: {
    waiting: {},
    choosing: {},
    uploading: {},
    reviewing: {},
    closed: { type: 'final' },
    failed: { type: 'final' },
  },
});

// How the kit drives the screen: markup paths, with each human step sent as the click that
// causes it.
const screenModel: WrapperModel = {
  name: 'markup screen',
  machine: markupScreenMachine,
  create: (client: DomeClient) =>
    markupScreenMachine.provide({ actors: { markup: createMarkupMachine(client) } }),
  child: markupModel,
  childId: 'markup',
  input: (job) => ({ job }),
  forward: (event) => {
    const e = event as Record<string, unknown>;
    switch (event.type) {
      case 'orientation.select':
        return { type: 'ui.choose', orientation: e.orientation };
      case 'annotation.submit':
        return { type: 'ui.upload', annotatedImage: e.annotatedImage, cleanImage: e.cleanImage };
      case 'video.request':
        return { type: 'ui.requestVideo' };
      case 'finish':
        return { type: 'ui.close' };
      case 'cancel':
        return { type: 'ui.cancel' };
      default:
        return undefined;
    }
  },
};

describe('markup screen paths', () => {
  const paths = generateWrappedPaths(screenModel);
  const recorder = new CoverageRecorder();
  const harness = createScriptedHarness();
  let startMs = Date.parse('2030-01-01T00:00:00Z');

  beforeEach(() => {
    // Keep setImmediate real: the driver uses it to let in-process requests finish.
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    // One simulator serves every path. Paths start a day apart, so none finds an earlier
    // path's job in the job list as its own.
    vi.setSystemTime(startMs);
    startMs += 86_400_000;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each(paths.map((path) => [path.label, path] as const))('%s', async (_label, path) => {
    await runWrappedPath(screenModel, path, {
      timers: vi,
      recorder,
      harness,
      check: ({ index, step, expected, actual }) => {
        expect(actual, `after step ${index}: ${step}`).toEqual(expected);
      },
    });
  });

  it('covers every screen state and transition', () => {
    expect(recorder.uncovered(markupScreenMachine)).toEqual({ states: [], transitions: [] });
  });

  it('generates the expected path count', () => {
    expect(paths).toHaveLength(5);
  });
});
