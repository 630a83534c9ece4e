import { createWebSocketReceiver, type StatelyInspectionEvent } from '@statelyai/inspect';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startInspectorRelay } from '../../src/inspection/inspector-relay.js';
import { connectStatelyInspector } from '../../src/inspection/stately-inspector.js';
import { runDroneFootage } from '../../src/runtime/run-job.js';
import { spawnCli } from '../cli/support.js';
import { API_KEY, createHarness } from '../machines/support.js';

const FAST_POLLING = { fastIntervalMs: 20, fastPhaseMs: 60_000, slowIntervalMs: 50 };

/** Resolves once `predicate` holds, checking every 10 ms, or rejects after `timeoutMs`. */
async function waitFor(predicate: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('inspector relay', () => {
  it('relays a run over WebSocket', async () => {
    const relay = await startInspectorRelay();
    const received: StatelyInspectionEvent[] = [];
    createWebSocketReceiver({ server: relay.webSocketUrl }).subscribe((event) => {
      received.push(event);
    });
    const { client } = createHarness({ speed: 100 });
    const connection = connectStatelyInspector(relay.webSocketUrl, { secrets: [API_KEY] });

    try {
      const output = await runDroneFootage(
        client,
        { address: '1 Main St, Perth' },
        { pollSchedule: FAST_POLLING, inspect: connection.inspect },
      );
      await connection.close();
      await waitFor(() => received.length === relay.messageCount);

      expect(output.status).toBe('completed');
      expect(relay.messageCount).toBeGreaterThan(10);
      expect(received[0]?.type).toBe('@xstate.actor');
      expect(received.map((event) => event.type)).toContain('@xstate.snapshot');
      expect(JSON.stringify(received)).not.toContain(API_KEY);
    } finally {
      await relay.close();
    }
  });

  it('replays buffered messages to late clients', async () => {
    const relay = await startInspectorRelay({ maxBufferedMessages: 2 });
    const sender = new WebSocket(relay.webSocketUrl);
    await new Promise((resolve) => sender.once('open', resolve));

    try {
      for (const text of ['one', 'two', 'three']) sender.send(text);
      await waitFor(() => relay.messageCount === 3);
      const late = new WebSocket(relay.webSocketUrl);
      const replayed: string[] = [];
      late.on('message', (data) => replayed.push(data.toString()));
      await waitFor(() => replayed.length === 2);

      expect(replayed).toEqual(['two', 'three']);
    } finally {
      await relay.close();
    }
  });

  it('listens on 127.0.0.1 only', async () => {
    const relay = await startInspectorRelay();
    try {
      expect(relay.webSocketUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
      const page = await fetch(relay.pageUrl);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(relay.webSocketUrl);
    } finally {
      await relay.close();
    }
  });
});

describe('CLI --inspect', () => {
  it('exits within a second after the job', { timeout: 60_000 }, async () => {
    const child = spawnCli([
      'drone-footage',
      '--address',
      '1 Main St, Perth',
      '--speed',
      '200',
      '--inspect',
    ]);
    let stdout = '';
    let stderr = '';
    let completedAtMs: number | undefined;
    let receiverStarted = false;
    const received: StatelyInspectionEvent[] = [];
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (completedAtMs === undefined && /completed/.test(stderr + stdout)) {
        completedAtMs = Date.now();
      }
      const relayUrl = /relay listening on (ws:\/\/127\.0\.0\.1:\d+)/.exec(stderr)?.[1];
      if (relayUrl && !receiverStarted) {
        receiverStarted = true;
        createWebSocketReceiver({ server: relayUrl }).subscribe((event) => {
          received.push(event);
        });
      }
    });

    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const exitedAtMs = Date.now();

    expect(exitCode).toBe(0);
    expect(stderr).toMatch(/Open http:\/\/127\.0\.0\.1:\d+\/ in a browser/);
    expect(completedAtMs).toBeDefined();
    expect(exitedAtMs - (completedAtMs ?? 0)).toBeLessThan(1_000);
    expect(received.map((event) => event.type)).toContain('@xstate.snapshot');
  });
});
