import { vi } from 'vitest';
import { type AnyActorRef, createActor } from 'xstate';
import { createDroneFootageMachine } from '../../machines/drone-footage.js';
import { createImageEnhancementMachine } from '../../machines/image-enhancement.js';
import { createMarkupMachine } from '../../machines/markup.js';
import type { JobMachineOptions } from '../../machines/shared/context.js';
import { createDomeClient, type DomeClient } from '../../src/client/client.js';
import {
  createSimulator,
  type RecordedRequest,
  type Simulator,
} from '../../src/simulator/index.js';

/** A key that must never show up in any output, error or snapshot. */
export const SECRET_KEY = 'dome_live_SECRETmatrixKEY4242';

export const ADDRESS = '123 Collins St, Melbourne VIC 3000';

export const IMAGES = {
  annotatedImage: 'https://images.example.com/annotated.png',
  cleanImage: 'https://images.example.com/clean.png',
};

/** The three job types with what a test needs to drive and fault each of them. */
export const JOB_KINDS = {
  droneFootage: {
    create: createDroneFootageMachine,
    input: { address: ADDRESS },
    submitPath: '/v1/drone-footage/generate',
    pollPrefix: '/v1/jobs/',
  },
  imageEnhancement: {
    create: createImageEnhancementMachine,
    input: { imageUrl: 'https://images.example.com/house.jpg' },
    submitPath: '/v1/image-enhancement/generate',
    pollPrefix: '/v1/jobs/',
  },
  markup: {
    create: createMarkupMachine,
    input: { address: ADDRESS },
    submitPath: '/v1/markup/generate',
    pollPrefix: '/v1/markup/jobs/',
  },
} as const;

export type JobKindName = keyof typeof JOB_KINDS;

/** Options with exact backoff delays, so a test can compute the expected gaps. */
export const EXACT_BACKOFF: JobMachineOptions = {
  backoff: { baseDelayMs: 2_000, maxDelayMs: 16_000, jitterRatio: 0, jitterSeed: 7 },
};

/** Creates a simulator and a client bound to its in-process fetch with the secret key. */
export function createWorld(clientOptions: { timeoutMs?: number } = {}) {
  const sim = createSimulator();
  const client = createDomeClient({
    apiKey: SECRET_KEY,
    baseUrl: sim.inProcessBaseUrl,
    fetch: sim.fetch,
    ...clientOptions,
  });
  return { sim, client };
}

/** Starts the machine of `kind` on `client`. */
export function startMachine(
  kind: JobKindName,
  client: DomeClient,
  options: JobMachineOptions = {},
): AnyActorRef {
  const spec = JOB_KINDS[kind];
  const machine = spec.create(client) as Parameters<typeof createActor>[0];
  return createActor(machine, { input: { ...spec.input, ...options } } as never).start();
}

/**
 * Advances fake time one second at a time until the actor is done, sending the markup human
 * steps as a person would: select `top`, submit the images, finish without a video.
 */
export async function driveToEnd(
  actor: AnyActorRef,
  onTick: () => void = () => {},
  maxMs = 1_800_000,
) {
  const answered = new Set<string>();
  for (let elapsedMs = 0; elapsedMs < maxMs; elapsedMs += 1_000) {
    const snapshot = actor.getSnapshot();
    if (snapshot.status !== 'active') return;
    onTick();
    answerHumanStep(actor, answered);
    await vi.advanceTimersByTimeAsync(1_000);
  }
}

function answerHumanStep(actor: AnyActorRef, answered: Set<string>) {
  const snapshot = actor.getSnapshot();
  const answer = (step: string, event: { type: string; [field: string]: unknown }) => {
    if (answered.has(step)) return;
    answered.add(step);
    actor.send(event);
  };
  if (snapshot.matches({ awaitingInput: 'choosing' })) {
    answer('select', { type: 'orientation.select', orientation: 'top' });
  } else if (snapshot.matches({ running: 'annotationReady' })) {
    answer('annotate', { type: 'annotation.submit', ...IMAGES });
  } else if (snapshot.matches({ completed: 'ready' })) {
    answer('finish', { type: 'finish' });
  }
}

/** Gaps between consecutive requests, in milliseconds. */
export function requestGapsMs(requests: readonly RecordedRequest[]): number[] {
  const times = requests.map((request) => request.atMs).sort((a, b) => a - b);
  return times.slice(1).map((atMs, index) => atMs - (times[index] ?? atMs));
}

/** Returns the requests addressed to the job's poll path. */
export function pollRequests(sim: Simulator, kind: JobKindName) {
  return sim.requests.filter(
    (request) => request.method === 'GET' && request.path.startsWith(JOB_KINDS[kind].pollPrefix),
  );
}

/** Collects every text of an error that a log or a screen could show: message, stack, causes. */
export function errorTexts(error: unknown): string[] {
  const texts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    texts.push(String(current));
    if (current instanceof Error) {
      texts.push(current.message, current.stack ?? '', JSON.stringify(current));
      current = current.cause;
    } else {
      current = undefined;
    }
  }
  return texts;
}

/** Minimum spacing between two requests about one job, as the reliability contract requires. */
export const ONE_SECOND_MS = 1_000;

export { useFakeClock } from '../support/fake-clock.js';
