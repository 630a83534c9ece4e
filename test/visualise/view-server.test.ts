import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedInspectionEvent } from '../../src/inspection/recorded-event.js';
import { IN_PROCESS_ORIGIN } from '../../src/simulator/index.js';
import { replayInto } from '../../src/visualise/view/replay.js';
import { ViewFeed } from '../../src/visualise/view/view-feed.js';
import { startViewServer, type ViewServer } from '../../src/visualise/view/view-server.js';
import { spawnCli } from '../cli/support.js';
import { createHarness } from '../machines/support.js';

function recorded(index: number): RecordedInspectionEvent {
  return {
    type: index === 0 ? '@xstate.actor' : '@xstate.snapshot',
    actorId: 'x:0',
    parentId: undefined,
    machineId: 'markup',
    sourceId: undefined,
    event: { type: `step.${index}` },
    snapshot: { value: 'queued', status: 'active', context: { pollCount: index } },
    action: undefined,
    atMs: 1_000 + index * 10,
  };
}

/** Reads server-sent events from `url` until the `end` event and returns the data of the rest. */
async function readEventStream(url: string): Promise<{ events: unknown[]; endReason: string }> {
  const response = await fetch(url);
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
    if (text.includes('event: end\n')) break;
  }
  await reader?.cancel();
  const blocks = text.split('\n\n').filter((block) => block.trim() !== '');
  const events = blocks
    .filter((block) => block.startsWith('data: '))
    .map((block) => JSON.parse(block.slice('data: '.length)));
  const end = blocks.find((block) => block.startsWith('event: end\n')) ?? '';
  const endReason = JSON.parse(end.split('data: ')[1] ?? '{}').reason;
  return { events, endReason };
}

describe('view server', () => {
  let feed: ViewFeed;
  let server: ViewServer;

  beforeEach(async () => {
    feed = new ViewFeed();
    server = await startViewServer({ feed, title: 'test run' });
  });
  afterEach(async () => {
    await server.close();
  });

  it('streams a replay in order', async () => {
    const events = [0, 1, 2, 3].map(recorded);

    await replayInto(feed, events, { maxGapMs: 0 });
    const streamed = await readEventStream(`${server.url}events`);

    expect(JSON.parse(JSON.stringify(events))).toEqual(streamed.events);
    expect(streamed.endReason).toBe('replay finished');
  });

  it('serves diagrams of every machine', async () => {
    const config = await (await fetch(`${server.url}config.json`)).json();

    expect(config.title).toBe('test run');
    expect(Object.keys(config.diagrams).sort()).toEqual([
      'droneFootage',
      'imageEnhancement',
      'markup',
    ]);
    expect(config.diagrams.markup).toMatch(/^stateDiagram-v2\n/);
  });

  it.each([
    ['/', 'text/html'],
    ['/view.js', 'text/javascript'],
    ['/view.css', 'text/css'],
    ['/mermaid.min.js', 'text/javascript'],
  ])('serves %s locally', async (path, contentType) => {
    const response = await fetch(new URL(path, server.url));

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain(contentType);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('rejects a foreign Host header', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const call = request(
        { host: '127.0.0.1', port: server.port, path: '/', headers: { Host: 'attacker.example' } },
        (response) => {
          response.resume();
          resolve(response.statusCode);
        },
      );
      call.on('error', reject);
      call.end();
    });

    expect(status).toBe(403);
  });

  it('proxies no file without a simulator', async () => {
    const target = encodeURIComponent('https://example.com/preview.jpg');
    const response = await fetch(`${server.url}files?url=${target}`);

    expect(response.status).toBe(404);
  });
});

describe('view server file pass-through', () => {
  let harness: ReturnType<typeof createHarness>;
  let server: ViewServer;

  beforeEach(async () => {
    harness = createHarness({ speed: 1_000 });
    server = await startViewServer({
      feed: new ViewFeed(),
      proxiedFiles: { origin: IN_PROCESS_ORIGIN, fetch: harness.sim.fetch },
    });
  });
  afterEach(async () => {
    await server.close();
  });

  function throughView(fileUrl: string) {
    return fetch(`${server.url}files?url=${encodeURIComponent(fileUrl)}`);
  }

  /** Starts a markup job and returns its id and preview URLs once it offers orientations. */
  async function offeredPreviews() {
    const { job_id: jobId } = await harness.client.startMarkup({ address: '1 Main St, Perth' });
    for (;;) {
      const job = await harness.client.getMarkupJob(jobId);
      const variants = job.output?.orientation_variants as
        | Array<{ key: string; preview_url: string }>
        | undefined;
      if (job.status === 'awaiting_input' && variants) return { jobId, variants };
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it.each([
    `${IN_PROCESS_ORIGIN}/v1/jobs`,
    `${IN_PROCESS_ORIGIN}/files/../v1/jobs`,
    `${IN_PROCESS_ORIGIN}/files/%2e%2e/v1/jobs`,
    `${IN_PROCESS_ORIGIN}/files/x%2F..%2F..%2Fv1%2Fjobs`,
    'https://example.com/files/a.jpg',
    'not a url',
  ])('refuses %s', async (fileUrl) => {
    const response = await throughView(fileUrl);
    const text = await response.text();

    expect(response.status).toBe(404);
    expect(text.trim().split('\n')).toHaveLength(1);
    expect(harness.sim.requests).toHaveLength(0);
  });

  it('keeps previews after the selection', async () => {
    const { jobId, variants } = await offeredPreviews();
    const firstUrl = variants[0]?.preview_url ?? '';
    const lastUrl = variants.at(-1)?.preview_url ?? '';
    const before = await throughView(lastUrl);
    const beforeBody = new Uint8Array(await before.arrayBuffer());
    await harness.client.selectOrientation(jobId, variants[0]?.key ?? '');

    const after = await throughView(lastUrl);
    const direct = await harness.sim.fetch(lastUrl);

    expect(firstUrl).not.toBe('');
    expect(before.status).toBe(200);
    expect(after.status).toBe(200);
    expect(new Uint8Array(await after.arrayBuffer())).toEqual(beforeBody);
    expect(direct.status).toBe(404);
  });
});

describe('view --replay', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'dome-flows-view-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('serves a recording until Ctrl-C', { timeout: 30_000 }, async () => {
    const path = join(folder, 'run.jsonl');
    const events = [0, 1, 2].map(recorded);
    writeFileSync(path, events.map((event) => `${JSON.stringify(event)}\n`).join(''));
    const child = spawnCli(['view', '--replay', path]);
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

    const url = await new Promise<string>((resolve) => {
      child.stdout?.on('data', () => {
        const match = /Replaying 3 events at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
        if (match?.[1]) resolve(match[1]);
      });
    });
    const streamed = await readEventStream(`${url}events`);
    child.kill('SIGINT');

    expect(streamed.events).toHaveLength(3);
    expect(streamed.endReason).toBe('replay finished');
    expect(await exited).toBe(0);
  });

  it('rejects an empty recording', { timeout: 30_000 }, async () => {
    const path = join(folder, 'empty.jsonl');
    writeFileSync(path, '');
    const child = spawnCli(['view', '--replay', path]);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });

    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));

    expect(exitCode).toBe(2);
    expect(stderr).toContain('has no events');
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rejects a missing recording', { timeout: 30_000 }, async () => {
    const child = spawnCli(['view', '--replay', join(folder, 'missing.jsonl')]);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });

    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));

    expect(exitCode).toBe(2);
    expect(stderr).toContain('Cannot read --replay file');
  });
});
