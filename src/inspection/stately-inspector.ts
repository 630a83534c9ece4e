import { createWebSocketInspector, type StatelyInspectionEvent } from '@statelyai/inspect';
import type { InspectionEvent } from 'xstate';
import { redactSecrets } from './redact.js';
import { redactingInspect } from './redacting-inspect.js';

/** Time {@link StatelyConnection.close} waits for the socket to open or close, in ms. */
export const SOCKET_SETTLE_TIMEOUT_MS = 1_000;

/** A connection to an inspector relay, made with `createWebSocketInspector`. */
export interface StatelyConnection {
  /** XState inspection callback that redacts each event and sends it to the relay. */
  inspect(inspection: InspectionEvent): void;
  /**
   * Sends the events still queued, then closes the socket so that the inspector's reconnect
   * timer never starts and the process can exit.
   */
  close(): Promise<void>;
}

/** The parts of the inspector's private WebSocket adapter that closing needs. */
interface AdapterSocket {
  readyState: number;
  onerror: ((event: unknown) => void) | null;
  once(event: 'open' | 'close' | 'error', listener: () => void): void;
}

/**
 * Connects `@statelyai/inspect`'s WebSocket inspector to `webSocketUrl`, such as the `sourceUrl`
 * of a relay from `startInspectorRelay`, the only address there that publishes. Every event is
 * redacted twice: XState's event through `redactingInspect`, then the inspector's serialized
 * form, which reads the actor's own snapshot and so bypasses the first redaction for
 * `@xstate.actor`.
 */
export function connectStatelyInspector(
  webSocketUrl: string,
  options: { secrets?: readonly string[] } = {},
): StatelyConnection {
  const secrets = options.secrets ?? [];
  const inspector = createWebSocketInspector({
    url: webSocketUrl,
    serialize: (event) => redactSecrets(event, secrets) as StatelyInspectionEvent,
  });
  const inspect = redactingInspect(inspector.inspect, secrets);

  return {
    inspect,
    async close() {
      // The inspector hands each event on from a setTimeout(0), so one more zero-delay timer
      // runs after all of them.
      await delay(0);
      // NOTE: @statelyai/inspect 0.7.2 keeps its socket in a private `ws` field and, on a
      // socket error, reconnects every 5 s forever. Reading the field is the only way to wait
      // for the queued events and to stop that loop; a newer version may rename it.
      const socket = (inspector.adapter as unknown as { ws?: AdapterSocket }).ws;
      if (socket === undefined) {
        inspector.stop();
        return;
      }
      if (socket.readyState === SOCKET_CONNECTING) {
        await settleOn(socket, ['open', 'error']);
        await delay(0);
      }
      socket.onerror = () => {};
      inspector.stop();
      if (socket.readyState !== SOCKET_CLOSED) await settleOn(socket, ['close']);
    },
  };
}

const SOCKET_CONNECTING = 0;
const SOCKET_CLOSED = 3;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits for the first of `events`, or {@link SOCKET_SETTLE_TIMEOUT_MS}, whichever is first. */
function settleOn(socket: AdapterSocket, events: ReadonlyArray<'open' | 'close' | 'error'>) {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, SOCKET_SETTLE_TIMEOUT_MS);
    timer.unref();
    for (const event of events) {
      socket.once(event, () => {
        clearTimeout(timer);
        resolve();
      });
    }
  });
}
