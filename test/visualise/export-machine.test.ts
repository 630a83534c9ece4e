import { describe, expect, it } from 'vitest';
import { JOB_MACHINE_NAMES, JOB_MACHINES } from '../../src/visualise/job-machines.js';
import { runCli } from '../cli/support.js';

interface DefinitionNode {
  id: string;
  states?: Record<string, DefinitionNode>;
}

function definitionIds(node: DefinitionNode): string[] {
  return Object.values(node.states ?? {}).flatMap((child) => [child.id, ...definitionIds(child)]);
}

function machineIds(node: { states: Record<string, unknown> }): string[] {
  return Object.values(node.states).flatMap((child) => {
    const state = child as { id: string; states: Record<string, unknown> };
    return [state.id, ...machineIds(state)];
  });
}

describe('export-machine', () => {
  it.each(JOB_MACHINE_NAMES)('prints %s with every state', { timeout: 30_000 }, async (name) => {
    const run = await runCli(['export-machine', name]);

    expect(run.exitCode).toBe(0);
    const definition = JSON.parse(run.stdout) as DefinitionNode;
    expect(definition.id).toBe(JOB_MACHINES[name].id);
    expect(definitionIds(definition).sort()).toEqual(machineIds(JOB_MACHINES[name].root).sort());
  });

  it('rejects an unknown name', { timeout: 30_000 }, async () => {
    const run = await runCli(['export-machine', 'video']);

    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Unknown machine "video"');
    expect(run.stderr).toContain('drone-footage, image-enhancement, markup');
  });
});
