import type { DomeClient } from '../../src/client/client.js';

/**
 * Wraps a machine factory so that each client gets its machine built once. Building a machine
 * with `provide()` re-creates every state node (about 4 ms for markup on a 2-core EPYC), which
 * dominated starting many jobs. The machine is an immutable definition, so actors can share it.
 */
export function cachePerClient<T>(build: (client: DomeClient) => T): (client: DomeClient) => T {
  const machines = new WeakMap<DomeClient, T>();
  return (client) => {
    let machine = machines.get(client);
    if (machine === undefined) {
      machine = build(client);
      machines.set(client, machine);
    }
    return machine;
  };
}
