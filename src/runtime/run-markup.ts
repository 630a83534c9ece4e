import type { Actor } from 'xstate';
import { createMarkupMachine, type MarkupMachineInput } from '../../machines/markup.js';
import { withMachineOptions } from '../../machines/shared/machine-options.js';
import type { Job } from '../api/job.js';
import type { OrientationVariant } from '../api/outputs.js';
import type { DomeClient } from '../client/client.js';
import type { AnnotationInput } from '../client/inputs.js';
import { DomeInputError } from '../errors/job-errors.js';
import type { RunJobOptions } from './run-job.js';
import { type CompletedOutputOf, startJob } from './start-job.js';

type MarkupMachine = ReturnType<typeof createMarkupMachine>;
type MarkupActor = Actor<MarkupMachine>;

/** Attempts per human step before {@link runMarkup} gives up on a step that keeps being rejected. */
export const MAX_HUMAN_STEP_ATTEMPTS = 3;

/** Options of {@link runMarkup}: the human steps as callbacks, plus the usual run options. */
export interface RunMarkupOptions extends RunJobOptions<MarkupMachine> {
  /** Returns the key of one of the offered orientation variants. */
  chooseOrientation(variants: OrientationVariant[], job: Job): string | Promise<string>;
  /** Returns the annotated and clean images for the selected orientation. */
  provideAnnotation(job: Job): AnnotationInput | Promise<AnnotationInput>;
  /** Whether to request the cinematic video once the document is ready. @default false */
  video?: boolean | undefined;
}

/**
 * Runs a markup job from start (or from `input.jobId`) to the end, completing the human steps
 * through the callbacks. Resolves with the completed output, whose `result` has the document
 * and, when `video` is set and rendering succeeded, the video URL. Rejects with the typed
 * error of any other outcome, with a callback's own error, or with DomeInputError when the
 * machine or the server turns a callback's answer down {@link MAX_HUMAN_STEP_ATTEMPTS} times.
 */
export function runMarkup(
  client: DomeClient,
  input: MarkupMachineInput,
  options: RunMarkupOptions,
): Promise<CompletedOutputOf<MarkupMachine>> {
  const { inspect, onSnapshot, onProgress, signal } = options;
  const machineInput = withMachineOptions(input, options) as MarkupMachineInput;

  let driver: HumanStepDriver | undefined;
  const { actor, result } = startJob(createMarkupMachine(client), {
    input: machineInput,
    inspect,
    onProgress,
    signal,
    onSnapshot: (snapshot) => {
      onSnapshot?.(snapshot);
      driver?.onSnapshot();
    },
  });
  driver = new HumanStepDriver(actor, options);
  driver.onSnapshot();

  return Promise.race([result, driver.failure]);
}

/** Handles each visit of a human state once, by calling the matching callback. */
class HumanStepDriver {
  /** Rejects when a callback throws or the machine or server keeps rejecting its inputs. */
  readonly failure: Promise<never>;
  private fail: (error: unknown) => void = () => {};
  private previousState = '';
  private readonly attempts = new Map<string, number>();
  private videoRequested = false;

  constructor(
    private readonly actor: MarkupActor,
    private readonly options: RunMarkupOptions,
  ) {
    this.failure = new Promise<never>((_, reject) => {
      this.fail = reject;
    });
    this.failure.catch(() => {});
  }

  onSnapshot() {
    const snapshot = this.actor.getSnapshot();
    if (snapshot.status !== 'active') return;
    const state = JSON.stringify(snapshot.value);
    const isNewVisit = state !== this.previousState;
    this.previousState = state;
    if (!isNewVisit) return;

    const job = snapshot.context.job;
    if (job === null) return;
    if (snapshot.matches({ awaitingInput: 'choosing' })) {
      const variants = snapshot.context.orientationVariants;
      this.answer('orientation.select', async () => ({
        type: 'orientation.select' as const,
        orientation: await this.options.chooseOrientation(variants, job),
      }));
    } else if (snapshot.matches({ running: 'annotationReady' })) {
      this.answer('annotation.submit', async () => ({
        type: 'annotation.submit' as const,
        ...(await this.options.provideAnnotation(job)),
      }));
    } else if (snapshot.matches({ completed: 'ready' })) {
      const wantsVideo = this.options.video === true && !this.videoRequested;
      this.videoRequested ||= wantsVideo;
      this.answer(wantsVideo ? 'video.request' : 'finish', async () =>
        wantsVideo ? { type: 'video.request' as const } : { type: 'finish' as const },
      );
    }
  }

  /** Calls `build` outside the snapshot callback, sends its event and checks it was taken. */
  private answer(
    eventType: string,
    build: () => Promise<Parameters<MarkupActor['send']>[0]>,
  ): void {
    const attempt = (this.attempts.get(eventType) ?? 0) + 1;
    this.attempts.set(eventType, attempt);
    const stateBefore = this.previousState;

    void (async () => {
      if (attempt > MAX_HUMAN_STEP_ATTEMPTS) {
        const reason = this.actor.getSnapshot().context.lastRejection?.reason;
        throw new DomeInputError(
          eventType,
          `Gave up after ${MAX_HUMAN_STEP_ATTEMPTS} rejected attempts at ${eventType}: ${reason}`,
        );
      }
      const event = await build();
      if (this.actor.getSnapshot().status !== 'active') return;
      this.actor.send(event);

      const after = this.actor.getSnapshot();
      const rejection = after.context.lastRejection;
      const rejected =
        JSON.stringify(after.value) === stateBefore && rejection?.eventType === eventType;
      if (eventType === 'video.request' && rejected) {
        // A video that cannot be requested (already rendered) is no reason to stop.
        this.actor.send({ type: 'finish' });
      } else if (rejected) {
        throw new DomeInputError(eventType, rejection?.reason ?? `${eventType} was rejected.`, {
          jobId: after.context.jobId ?? undefined,
        });
      }
    })().catch((error: unknown) => {
      // Reject first: stopping settles the run's own result with a JobCancelledError.
      this.fail(error);
      this.actor.stop();
    });
  }
}
