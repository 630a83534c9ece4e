import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { inspectorBridgePage } from './inspector-bridge-page.js';

/** Address of the hosted Stately inspector that the bridge page embeds. */
export const STATELY_INSPECTOR_URL = 'https://stately.ai/inspect';

/** Messages the relay keeps for clients that connect late. */
export const DEFAULT_MAX_BUFFERED_MESSAGES = 2_000;

/** Options of {@link startInspectorRelay}. */
export interface InspectorRelayOptions {
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number | undefined;
  /**
   * Messages kept and replayed to each client that connects later, so a browser opened after
   * the job started still sees the run from its start. @default 2000
   */
  maxBufferedMessages?: number | undefined;
}

/** A running relay between an inspected process and the Stately inspector. */
export interface InspectorRelay {
  /** Page to open in a browser: it embeds the Stately inspector and feeds it the events. */
  pageUrl: string;
  /** WebSocket URL to pass to `createWebSocketInspector`. */
  webSocketUrl: string;
  port: number;
  /** Number of messages received from inspectors so far. */
  readonly messageCount: number;
  /** Disconnects every client and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts a WebSocket relay on 127.0.0.1 only. Every message a client sends goes to every other
 * client, and the latest messages are replayed to clients that connect later. Its HTTP page
 * embeds the hosted Stately inspector, which needs internet access; the relay itself does not.
 */
export async function startInspectorRelay(
  options: InspectorRelayOptions = {},
): Promise<InspectorRelay> {
  const maxBuffered = options.maxBufferedMessages ?? DEFAULT_MAX_BUFFERED_MESSAGES;
  const buffered: string[] = [];
  let messageCount = 0;
  let port = 0;

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== 'GET' || (request.url ?? '/') !== '/') {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Not found: the relay serves only its bridge page at /.\n');
      return;
    }
    response.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    response.end(inspectorBridgePage(`ws://127.0.0.1:${port}`, STATELY_INSPECTOR_URL));
  });
  const sockets = new WebSocketServer({ server });

  sockets.on('connection', (socket) => {
    for (const message of buffered) socket.send(message);
    socket.on('message', (data) => {
      const message = data.toString();
      messageCount += 1;
      buffered.push(message);
      if (buffered.length > maxBuffered) buffered.shift();
      for (const client of sockets.clients) {
        if (client !== socket && client.readyState === WebSocket.OPEN) client.send(message);
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    pageUrl: `http://127.0.0.1:${port}/`,
    webSocketUrl: `ws://127.0.0.1:${port}`,
    port,
    get messageCount() {
      return messageCount;
    },
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
