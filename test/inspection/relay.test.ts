import { request } from 'node:http';
import { createWebSocketReceiver, type StatelyInspectionEvent } from '@statelyai/inspect';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startInspectorRelay } from '../../src/inspection/inspector-relay.js';
import { connectStatelyInspector } from '../../src/inspection/stately-inspector.js';
import { runDroneFootage } from '../../src/runtime/run-job.js';
import { spawnCli } from '../cli/support.js';
import { API_KEY, createHarness } from '../machines/support.js';

const FAST_POLLING = { fastIntervalMs: 20, fastPhaseMs: 60_000, slowIntervalMs: 50 };

/** Resolves with the socket once open, or with the refused handshake's status code. */
function connect(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ socket: WebSocket; status: number }>((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve({ socket, status: 101 }));
    socket.once('unexpected-response', (_request, response) => {
      resolve({ socket, status: response.statusCode ?? 0 });
    });
  });
}

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
    const connection = connectStatelyInspector(relay.sourceUrl, { secrets: [API_KEY] });

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
    const sender = new WebSocket(relay.sourceUrl);
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

  it.each([
    ['a foreign Host', { Host: 'evil.example:PORT' }],
    ['a foreign Origin', { Origin: 'http://evil.example' }],
    ['both foreign', { Host: 'evil.example:PORT', Origin: 'http://evil.example' }],
  ])('refuses %s', async (_label, headers) => {
    const relay = await startInspectorRelay();
    const withPort = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [
        name,
        value.replace('PORT', `${relay.port}`),
      ]),
    );
    try {
      const viewer = await connect(relay.webSocketUrl, withPort);
      const source = await connect(relay.sourceUrl, withPort);
      const page = await new Promise<number | undefined>((resolve, reject) => {
        const call = request(
          { host: '127.0.0.1', port: relay.port, path: '/', headers: withPort },
          (response) => {
            response.resume();
            resolve(response.statusCode);
          },
        );
        call.on('error', reject);
        call.end();
      });

      expect([viewer.status, source.status, page]).toEqual([403, 403, 403]);
    } finally {
      await relay.close();
    }
  });

  it.each(['http://127.0.0.1:PORT', 'http://localhost:PORT', 'https://stately.ai'])(
    'accepts the page origin %s',
    async (origin) => {
      const relay = await startInspectorRelay();
      try {
        const viewer = await connect(relay.webSocketUrl, {
          Origin: origin.replace('PORT', `${relay.port}`),
        });
        viewer.socket.close();

        expect(viewer.status).toBe(101);
      } finally {
        await relay.close();
      }
    },
  );

  it('relays only the source', async () => {
    const relay = await startInspectorRelay();
    try {
      const watcher = await connect(relay.webSocketUrl);
      const received: string[] = [];
      watcher.socket.on('message', (data) => received.push(data.toString()));
      const intruder = await connect(relay.webSocketUrl);
      const guesser = await connect(relay.webSocketUrl.replace(/$/, '/source/guess'));
      const source = await connect(relay.sourceUrl);
      intruder.socket.send('from a viewer');
      source.socket.send('from the source');
      await waitFor(() => received.includes('from the source'));

      expect(guesser.status).toBe(403);
      expect(received).toEqual(['from the source']);
      expect(relay.messageCount).toBe(1);
      expect(relay.sourceUrl).not.toBe(relay.webSocketUrl);
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
