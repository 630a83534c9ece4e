import { describe, expect, it } from 'vitest';
import type { AnyActorRef } from 'xstate';
import type { JobMachineOptions } from '../../machines/shared/context.js';
import { DomeApiError } from '../../src/errors/api-error.js';
import type { DomeError } from '../../src/errors/dome-error.js';
import { JobLostContactError } from '../../src/errors/job-errors.js';
import {
  JobDeadlineExceededError,
  JobInProgressError,
} from '../../src/errors/reliability-errors.js';
import { ResponseValidationError } from '../../src/errors/response-validation-error.js';
import type { RecordedRequest, Simulator } from '../../src/simulator/index.js';
import {
  createWorld,
  driveToEnd,
  EXACT_BACKOFF,
  errorTexts,
  JOB_KINDS,
  type JobKindName,
  ONE_SECOND_MS,
  pollRequests,
  requestGapsMs,
  SECRET_KEY,
  startMachine,
  useFakeClock,
} from './support.js';

useFakeClock();

/** What a finished run left behind, for the checks of one case. */
interface RunResult {
  kind: JobKindName;
  sim: Simulator;
  actor: AnyActorRef;
  jobId: string | null;
  /** The request that got the injected fault, when it was a poll. */
  faulted: RecordedRequest | undefined;
}

interface FaultCase {
  name: string;
  /** `start`: before the machine starts. `firstPoll`: once a poll has succeeded. */
  when: 'start' | 'firstPoll';
  inject: (sim: Simulator, kind: JobKindName, jobId: string | null) => void;
  options?: JobMachineOptions;
  clientTimeoutMs?: number;
  outcome:
    | { completed: true }
    | {
        error: abstract new (...args: never[]) => DomeError;
        /** Strings the message must contain, besides the job id. */
        mentions?: (result: RunResult) => string[];
      };
  check?: (result: RunResult) => void;
}

const pollFault = (kind: JobKindName) => ({
  method: 'GET',
  pathPrefix: JOB_KINDS[kind].pollPrefix,
});
const submitFault = (kind: JobKindName) => ({
  method: 'POST',
  pathPrefix: JOB_KINDS[kind].submitPath,
});

/** Returns the submission POSTs the simulator received. */
function submissions(sim: Simulator, kind: JobKindName) {
  return sim.requests.filter((request) => request.path === JOB_KINDS[kind].submitPath);
}

/** Returns the request after `request`, in arrival order. */
function requestAfter(sim: Simulator, request: RecordedRequest | undefined) {
  const index = request === undefined ? -1 : sim.requests.indexOf(request);
  return sim.requests[index + 1];
}

function permanentCase(status: number, code: string): FaultCase {
  return {
    name: `${status} ${code} on a poll`,
    when: 'firstPoll',
    inject: (sim, kind) => sim.faults.next({ status, code, ...pollFault(kind) }),
    outcome: {
      error: DomeApiError,
      mentions: (result) => [String(status), code, result.faulted?.requestId ?? 'missing'],
    },
    check: ({ sim, faulted }) => {
      // Nothing retries a permanent error: the failed poll is the last request.
      expect(sim.requests.at(-1)).toBe(faulted);
      expect(faulted?.status).toBe(status);
    },
  };
}

/** Body of a job resource with a status value the API does not define. */
function unknownStatusBody(jobId: string) {
  const job = {
    id: jobId,
    job_type: 'drone_footage',
    status: 'paused',
    input: {},
    output: {},
    created_at: '2030-01-01T00:00:00.000Z',
    updated_at: '2030-01-01T00:00:00.000Z',
  };
  return JSON.stringify({ data: job, meta: { request_id: 'req_unknown1', timestamp: 'x' } });
}

const CASES: FaultCase[] = [
  {
    name: '429 with Retry-After seconds',
    when: 'firstPoll',
    inject: (sim, kind) => sim.faults.next({ status: 429, retryAfter: 7, ...pollFault(kind) }),
    outcome: { completed: true },
    check: ({ sim, faulted }) => {
      const next = requestAfter(sim, faulted);
      expect(faulted?.status).toBe(429);
      expect((next?.atMs ?? 0) - (faulted?.atMs ?? 0)).toBeGreaterThanOrEqual(7_000);
    },
  },
  {
    name: '429 with Retry-After date',
    when: 'firstPoll',
    inject: (sim, kind) =>
      sim.faults.next({
        status: 429,
        retryAfter: new Date(Date.now() + 21_000),
        ...pollFault(kind),
      }),
    outcome: { completed: true },
    check: ({ sim, faulted }) => {
      const next = requestAfter(sim, faulted);
      // The date was set 21 s ahead when the fault was added, before the poll that got it.
      expect((next?.atMs ?? 0) - (faulted?.atMs ?? 0)).toBeGreaterThanOrEqual(15_000);
    },
  },
  {
    name: '429 with Retry-After 0',
    when: 'firstPoll',
    inject: (sim, kind) =>
      sim.faults.next({ status: 429, retryAfter: 0, times: 3, ...pollFault(kind) }),
    outcome: { completed: true },
    check: ({ sim, faulted }) => {
      expect(faulted?.status).toBe(429);
      expect(requestAfter(sim, faulted)?.atMs).toBe((faulted?.atMs ?? 0) + ONE_SECOND_MS);
    },
  },
  {
    name: '429 with Retry-After over the cap',
    when: 'firstPoll',
    options: { maxRetryAfterMs: 10_000 },
    inject: (sim, kind) => sim.faults.next({ status: 429, retryAfter: 3_600, ...pollFault(kind) }),
    outcome: { completed: true },
    check: ({ sim, faulted }) => {
      expect(requestAfter(sim, faulted)?.atMs).toBe((faulted?.atMs ?? 0) + 10_000);
    },
  },
  ...[500, 502, 503].map(
    (status): FaultCase => ({
      name: `${status} twice on a poll`,
      when: 'firstPoll',
      options: EXACT_BACKOFF,
      inject: (sim, kind) => sim.faults.next({ status, times: 2, ...pollFault(kind) }),
      outcome: { completed: true },
      check: ({ sim, faulted }) => {
        const second = requestAfter(sim, faulted);
        const third = requestAfter(sim, second);
        const baseMs = EXACT_BACKOFF.backoff?.baseDelayMs ?? 0;
        expect(second?.status).toBe(status);
        expect((second?.atMs ?? 0) - (faulted?.atMs ?? 0)).toBe(baseMs);
        expect((third?.atMs ?? 0) - (second?.atMs ?? 0)).toBe(2 * baseMs);
        expect(third?.status).toBe(200);
      },
    }),
  ),
  {
    name: '503 until contact is lost',
    when: 'firstPoll',
    options: { ...EXACT_BACKOFF, maxConsecutiveFailures: 4 },
    inject: (sim, kind) =>
      sim.faults.next({ status: 503, times: Number.POSITIVE_INFINITY, ...pollFault(kind) }),
    outcome: {
      error: JobLostContactError,
      mentions: () => ['after 4 failed requests', 'last status seen: ', '503'],
    },
    check: ({ sim, kind, actor }) => {
      const failed = pollRequests(sim, kind).filter((request) => request.status === 503);
      expect(failed).toHaveLength(4);
      expect(actor.getSnapshot().output.error.attempts).toBe(4);
    },
  },
  {
    name: 'timeout on a poll',
    when: 'firstPoll',
    clientTimeoutMs: 5_000,
    inject: (sim, kind) => sim.faults.next({ drop: 'hang', ...pollFault(kind) }),
    outcome: { completed: true },
    check: ({ sim, faulted }) => {
      // The hung poll is logged once the client gives up, after the next ones may be sent.
      expect(faulted).toBeDefined();
      expect(sim.listAllJobs()).toHaveLength(1);
    },
  },
  {
    name: 'connection reset on a poll',
    when: 'firstPoll',
    inject: (sim, kind) => sim.faults.next({ drop: 'reset', times: 2, ...pollFault(kind) }),
    outcome: { completed: true },
  },
  permanentCase(400, 'VALIDATION_ERROR'),
  permanentCase(401, 'UNAUTHORIZED'),
  permanentCase(403, 'FORBIDDEN'),
  permanentCase(403, 'INSUFFICIENT_QUOTA'),
  permanentCase(403, 'FEATURE_DISABLED'),
  permanentCase(404, 'JOB_NOT_FOUND'),
  {
    name: 'malformed JSON on a poll',
    when: 'firstPoll',
    inject: (sim, kind) =>
      sim.faults.next({ status: 200, rawBody: '{"data": {', ...pollFault(kind) }),
    outcome: { error: ResponseValidationError, mentions: () => ['not JSON', '{\\"data\\": {'] },
    check: ({ sim, faulted }) => expect(sim.requests.at(-1)).toBe(faulted),
  },
  {
    name: 'schema failure on a poll',
    when: 'firstPoll',
    inject: (sim, kind, jobId) =>
      sim.faults.next({
        status: 200,
        rawBody: JSON.stringify({
          data: { id: jobId },
          meta: { request_id: 'req_x', timestamp: 'x' },
        }),
        ...pollFault(kind),
      }),
    outcome: { error: ResponseValidationError, mentions: () => ['data.job_type', 'data.status'] },
    check: ({ sim, faulted }) => expect(sim.requests.at(-1)).toBe(faulted),
  },
  {
    name: 'unknown status on a poll',
    when: 'firstPoll',
    inject: (sim, kind, jobId) =>
      sim.faults.next({ status: 200, rawBody: unknownStatusBody(jobId ?? ''), ...pollFault(kind) }),
    outcome: { error: ResponseValidationError, mentions: () => ['data.status'] },
    check: ({ sim, faulted }) => expect(sim.requests.at(-1)).toBe(faulted),
  },
  {
    name: 'reset after the job was created',
    when: 'start',
    inject: (sim, kind) => sim.faults.next({ drop: 'reset', ...submitFault(kind) }),
    outcome: { completed: true },
    check: ({ sim, kind }) => {
      expect(sim.listAllJobs()).toHaveLength(1);
      expect(submissions(sim, kind)).toHaveLength(1);
      expect(sim.requests[1]?.path).toBe('/v1/jobs');
    },
  },
  {
    name: 'submit timeout after creation',
    when: 'start',
    clientTimeoutMs: 5_000,
    inject: (sim, kind) => sim.faults.next({ drop: 'hang', ...submitFault(kind) }),
    outcome: { completed: true },
    check: ({ sim, kind }) => {
      expect(sim.listAllJobs()).toHaveLength(1);
      expect(submissions(sim, kind)).toHaveLength(1);
    },
  },
  {
    name: '500 after the job was created',
    when: 'start',
    inject: (sim, kind) =>
      sim.faults.next({ status: 500, applyRequest: true, ...submitFault(kind) }),
    outcome: { completed: true },
    check: ({ sim, kind }) => {
      expect(sim.listAllJobs()).toHaveLength(1);
      expect(submissions(sim, kind)).toHaveLength(1);
    },
  },
  {
    name: '503 before the job was created',
    when: 'start',
    inject: (sim, kind) => sim.faults.next({ status: 503, ...submitFault(kind) }),
    outcome: { completed: true },
    check: ({ sim }) => {
      const [firstPost, list, secondPost] = sim.requests;
      expect(firstPost?.status).toBe(503);
      // The list proved that no job exists before the second POST went out.
      expect(list?.path).toBe('/v1/jobs');
      expect(secondPost?.status).toBe(202);
      expect(sim.listAllJobs()).toHaveLength(1);
    },
  },
  {
    name: '429 on the submission',
    when: 'start',
    inject: (sim, kind) => sim.faults.next({ status: 429, retryAfter: 3, ...submitFault(kind) }),
    outcome: { completed: true },
    check: ({ sim }) => {
      const [first, second] = sim.requests;
      expect(first?.status).toBe(429);
      expect(second?.method).toBe('POST');
      expect((second?.atMs ?? 0) - (first?.atMs ?? 0)).toBe(3_000);
      expect(sim.listAllJobs()).toHaveLength(1);
    },
  },
  {
    name: '409 JOB_IN_PROGRESS on the submission',
    when: 'start',
    inject: (sim, kind) => sim.faults.next({ status: 409, ...submitFault(kind) }),
    outcome: {
      error: JobInProgressError,
      mentions: ({ sim }) => ['409', 'JOB_IN_PROGRESS', sim.requests[0]?.requestId ?? 'missing'],
    },
    check: ({ sim }) => {
      expect(sim.requests).toHaveLength(1);
      expect(sim.listAllJobs()).toHaveLength(0);
    },
  },
  {
    name: 'deadline before the job ends',
    when: 'start',
    options: { deadlineMs: 12_000 },
    inject: () => {},
    outcome: {
      error: JobDeadlineExceededError,
      mentions: () => ['did not finish by its deadline', '2030-01-01T00:00:12.000Z', 'last status'],
    },
    check: ({ sim, actor }) => {
      const deadlineAt = actor.getSnapshot().context.deadlineAt;
      expect(sim.requests.every((request) => request.atMs < deadlineAt)).toBe(true);
      expect(actor.getSnapshot().output.error.lastStatus).toBeDefined();
    },
  },
];

const MATRIX = CASES.flatMap((faultCase) =>
  (Object.keys(JOB_KINDS) as JobKindName[]).map(
    (kind) => [kind, faultCase.name, faultCase] as const,
  ),
);

describe('fault matrix', () => {
  it.each(MATRIX)('%s: %s', async (kind, _name, faultCase) => {
    const { sim, client } = createWorld(
      faultCase.clientTimeoutMs === undefined ? {} : { timeoutMs: faultCase.clientTimeoutMs },
    );
    if (faultCase.when === 'start') faultCase.inject(sim, kind, null);
    const actor = startMachine(kind, client, faultCase.options);

    let injected = faultCase.when === 'start';
    let polledBefore = 0;
    await driveToEnd(actor, () => {
      if (injected || actor.getSnapshot().context.pollCount < 1) return;
      injected = true;
      polledBefore = pollRequests(sim, kind).length;
      faultCase.inject(sim, kind, actor.getSnapshot().context.jobId);
    });

    const snapshot = actor.getSnapshot();
    const jobId: string | null = snapshot.context.jobId;
    const faulted =
      faultCase.when === 'firstPoll' ? pollRequests(sim, kind)[polledBefore] : undefined;
    const result: RunResult = { kind, sim, actor, jobId, faulted };

    expect(snapshot.status).toBe('done');
    if ('completed' in faultCase.outcome) {
      expect(snapshot.value).toBe(kind === 'markup' ? 'done' : 'completed');
      expect(snapshot.output.status).toBe('completed');
      expect(sim.inspectJob(jobId ?? '')?.job.status).toBe('completed');
    } else {
      const error = snapshot.output.error as DomeError;
      expect(snapshot.value).toBe('errored');
      expect(error).toBeInstanceOf(faultCase.outcome.error);
      if (jobId !== null) expect(error.message).toContain(jobId);
      for (const part of faultCase.outcome.mentions?.(result) ?? []) {
        expect(error.message).toContain(part);
      }
    }
    faultCase.check?.(result);

    // No two requests about the job less than the minimum gap apart.
    for (const gapMs of requestGapsMs(sim.requests)) {
      expect(gapMs).toBeGreaterThanOrEqual(ONE_SECOND_MS);
    }
    // The key appears in no output, error text or persisted snapshot.
    const outputs = [
      JSON.stringify(snapshot.output),
      JSON.stringify(actor.getPersistedSnapshot()),
      ...errorTexts(snapshot.output?.error),
    ];
    for (const text of outputs) expect(text).not.toContain(SECRET_KEY);
  });
});
