import { createDomeClient, type DomeClient } from '../client/client.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../simulator/index.js';

/** API key of the scripted client; the simulator accepts any key of this form. */
export const SCRIPTED_API_KEY = 'dome_live_pathtests0001';

/** A simulator with a client bound to its in-process fetch. */
export interface ScriptedHarness {
  sim: Simulator;
  client: DomeClient;
}

/**
 * Creates a fresh in-process simulator and a client for it. Call `sim.script.holdRequests()`
 * to park requests until the test releases them.
 */
export function createScriptedHarness(options: SimulatorOptions = {}): ScriptedHarness {
  const sim = createSimulator(options);
  const client = createDomeClient({
    apiKey: SCRIPTED_API_KEY,
    baseUrl: sim.inProcessBaseUrl,
    fetch: sim.fetch,
  });
  return { sim, client };
}
