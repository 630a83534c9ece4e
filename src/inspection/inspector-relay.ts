import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
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
   * the job started still receives the run from its start. @default 2000
   */
  maxBufferedMessages?: number | undefined;
}

/** A running relay between an inspected process and the Stately inspector. */
export interface InspectorRelay {
  /** Page to open in a browser: it embeds the Stately inspector and feeds it the events. */
  pageUrl: string;
  /** WebSocket URL for viewers: they receive the run, and what they send is dropped. */
  webSocketUrl: string;
  /**
   * WebSocket URL to pass to `createWebSocketInspector`: it carries a random secret path, and
   * only connections made to it publish. Keep it out of logs and pages.
   */
  sourceUrl: string;
  port: number;
  /** Number of messages received from the source so far. */
  readonly messageCount: number;
  /** Disconnects every client and stops listening. */
  close(): Promise<void>;
}

/** Path prefix of {@link InspectorRelay.sourceUrl}, followed by the relay's secret. */
const SOURCE_PATH_PREFIX = '/source/';

/**
 * Starts a WebSocket relay on 127.0.0.1 only. Every message the source sends (a client connected
 * to {@link InspectorRelay.sourceUrl}) goes to every other client, and the latest messages are
 * replayed to clients that connect later; messages from viewers are dropped. Connections whose
 * Host is not this relay's address, or whose Origin is neither the relay's page nor the Stately
 * inspector, are refused with 403, so other web sites cannot read or feed the run. Its HTTP
 * page embeds the hosted Stately inspector, which needs internet access; the relay does not.
 */
export async function startInspectorRelay(
  options: InspectorRelayOptions = {},
): Promise<InspectorRelay> {
  const maxBuffered = options.maxBufferedMessages ?? DEFAULT_MAX_BUFFERED_MESSAGES;
  const buffered: string[] = [];
  let messageCount = 0;
  let port = 0;

  const sourcePath = `${SOURCE_PATH_PREFIX}${randomBytes(24).toString('hex')}`;
  const sources = new WeakSet<WebSocket>();

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const refusal = refuseForeign(request, port);
    if (refusal !== undefined) {
      response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`${refusal}\n`);
      return;
    }
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
  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = request.url ?? '/';
    const isSource = path === sourcePath;
    const refusal =
      refuseForeign(request, port) ??
      (isSource || path === '/' ? undefined : 'Not found: connect to / to watch the run.');
    if (refusal !== undefined) {
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\n` +
          `Connection: close\r\n\r\n${refusal}\n`,
      );
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) => {
      if (isSource) sources.add(client);
      sockets.emit('connection', client, request);
    });
  });

  sockets.on('connection', (socket: WebSocket) => {
    for (const message of buffered) socket.send(message);
    socket.on('message', (data) => {
      // Only the run's own process publishes; a viewer's message would reach the other pages.
      if (!sources.has(socket)) return;
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
    sourceUrl: `ws://127.0.0.1:${port}${sourcePath}`,
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

/** Origin of the hosted Stately inspector, which may connect as a viewer. */
const STATELY_INSPECTOR_ORIGIN = new URL(STATELY_INSPECTOR_URL).origin;

/**
 * Returns why a request from another site is refused, or undefined. Checking Host defeats DNS
 * rebinding; checking Origin stops any page the browser has open from connecting. Clients that
 * are not browsers send no Origin and pass.
 */
function refuseForeign(request: IncomingMessage, port: number): string | undefined {
  const ownOrigins = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = request.headers.host ?? '';
  if (!ownOrigins.includes(host)) return `Forbidden host ${JSON.stringify(host)}.`;
  const origin = request.headers.origin;
  if (origin === undefined) return undefined;
  const allowed = [...ownOrigins.map((own) => `http://${own}`), STATELY_INSPECTOR_ORIGIN];
  return allowed.includes(origin) ? undefined : `Forbidden origin ${JSON.stringify(origin)}.`;
}
