import { isJobMachineName, JOB_MACHINE_NAMES, JOB_MACHINES } from '../../visualise/job-machines.js';
import { UsageError } from '../cli-errors.js';
import { type CliIo, printLine } from '../io.js';

/**
 * Prints a job machine's definition as JSON (`machine.toJSON()`), the form the Stately editor
 * imports. Guards, actions and actors appear by name, because their code cannot be serialized.
 * Throws a {@link UsageError} listing the names when `name` is not a job machine.
 */
export function exportMachineCommand(io: CliIo, name: string): void {
  if (!isJobMachineName(name)) {
    throw new UsageError(
      `Unknown machine ${JSON.stringify(name)}: expected one of ${JOB_MACHINE_NAMES.join(', ')}.`,
    );
  }
  printLine(io, JSON.stringify(JOB_MACHINES[name].toJSON(), null, 2));
}
