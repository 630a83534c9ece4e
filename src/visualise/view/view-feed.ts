import type { RecordedInspectionEvent } from '../../inspection/recorded-event.js';

/** Events a feed keeps; older ones are dropped first. */
export const DEFAULT_MAX_FEED_EVENTS = 20_000;

/** Message a feed subscriber receives: one event, or the end of the run. */
export type FeedMessage =
  | { kind: 'event'; event: RecordedInspectionEvent }
  | { kind: 'end'; reason: string };

/**
 * The inspection events a view shows, kept in order and pushed to every subscriber. A client
 * that subscribes late first receives every event kept so far, then the live ones.
 */
export class ViewFeed {
  private readonly events: RecordedInspectionEvent[] = [];
  private readonly listeners = new Set<(message: FeedMessage) => void>();
  private endReason: string | undefined;

  /** @param maxEvents Events kept for late subscribers. @default 20000 */
  constructor(private readonly maxEvents = DEFAULT_MAX_FEED_EVENTS) {}

  /** Adds an event and sends it to every subscriber. Ignored once the feed has ended. */
  push(event: RecordedInspectionEvent): void {
    if (this.endReason !== undefined) return;
    this.events.push(event);
    if (this.events.length > this.maxEvents) this.events.shift();
    this.broadcast({ kind: 'event', event });
  }

  /** Marks the run as over, for example "completed" or "replay finished". */
  end(reason: string): void {
    if (this.endReason !== undefined) return;
    this.endReason = reason;
    this.broadcast({ kind: 'end', reason });
  }

  /** Whether {@link end} was called. */
  get ended(): boolean {
    return this.endReason !== undefined;
  }

  /** Number of events kept. */
  get size(): number {
    return this.events.length;
  }

  /**
   * Sends the kept events, and the end when there was one, to `listener` at once, then every
   * later message. Returns a function that unsubscribes.
   */
  subscribe(listener: (message: FeedMessage) => void): () => void {
    for (const event of this.events) listener({ kind: 'event', event });
    if (this.endReason !== undefined) listener({ kind: 'end', reason: this.endReason });
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private broadcast(message: FeedMessage) {
    for (const listener of this.listeners) listener(message);
  }
}
