import { Command, Option } from 'commander';
import { PRODUCTION_BASE_URL } from '../client/options.js';
import { demoCommand } from './commands/demo.js';
import { exportMachineCommand } from './commands/export-machine.js';
import { getJobCommand, listJobsCommand } from './commands/jobs.js';
import { checkMarkupOptions, markupCommand } from './commands/markup.js';
import { simulatorCommand } from './commands/simulator.js';
import { droneFootageCommand, imageEnhancementCommand } from './commands/single-step.js';
import { viewCommand } from './commands/view.js';
import { connect } from './connect.js';
import { withInspection } from './inspection-options.js';
import type { CliIo } from './io.js';
import {
  parseJobType,
  parseLimit,
  parseOffset,
  parsePort,
  parseSpeed,
  parseStatus,
} from './option-parsers.js';
import { readPackageVersion } from './package-root.js';
import { oneLine } from './report-error.js';

/** Receives the exit code of the command that ran. */
export type ExitCodeSink = (exitCode: number) => void;

/**
 * Builds the `dome-flows` command tree. Parse errors reach the caller as a thrown
 * `CommanderError` after one line on stderr, instead of ending the process.
 */
export function createProgram(io: CliIo, setExitCode: ExitCodeSink): Command {
  const program = new Command('dome-flows')
    .description(
      'Run DomeAgent Enterprise API jobs from the command line. With no DOME_API_KEY set, ' +
        'commands run against an embedded simulator.',
    )
    .version(readPackageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .addHelpText(
      'after',
      [
        '',
        'Environment:',
        '  DOME_API_KEY      API key (dome_live_...); without it, job commands use the embedded',
        '                    simulator',
        `  DOME_BASE_URL     versioned base URL (default: ${PRODUCTION_BASE_URL})`,
        '  DOME_FLOWS_DEBUG  set to 1 to print the stack trace of an error',
        '',
      ].join('\n'),
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`dome-flows: ${oneLine(text)}\n`),
    });

  const speedOption = () =>
    new Option(
      '--speed <factor>',
      'speed-up of the embedded simulator, also applied to the poll schedule (default: 20)',
    ).argParser(parseSpeed);
  const jsonOption = () =>
    new Option('--json', 'print only the final job resource as JSON on stdout');
  const inspectOption = () =>
    new Option(
      '--inspect',
      'stream the run to the Stately inspector through a relay on 127.0.0.1; prints the page to open',
    );
  const viewOption = () =>
    new Option(
      '--view',
      'serve a live view of the run on 127.0.0.1, kept open after the job until Ctrl-C',
    );
  const recordOption = () =>
    new Option('--record <file>', "write the run's inspection events to a file as JSON lines");
  const portOption = () =>
    new Option('--port <n>', 'port to listen on; 0 picks a free one (default: 0)').argParser(
      parsePort,
    );

  program
    .command('drone-footage')
    .description('generate aerial drone footage of a property')
    .option('--address <text>', 'street address of the property')
    .addOption(jsonOption())
    .addOption(speedOption())
    .addOption(inspectOption())
    .addOption(viewOption())
    .addOption(recordOption())
    .action(async (options) => {
      const exitCode = await withInspection(io, options, 'drone footage job', (inspect, observe) =>
        droneFootageCommand(io, () => observe(connect(io, options)), { ...options, inspect }),
      );
      setExitCode(exitCode);
    });

  program
    .command('image-enhancement')
    .description('enhance a property photo')
    .option('--image-url <url>', 'http or https URL of the photo')
    .addOption(jsonOption())
    .addOption(speedOption())
    .addOption(inspectOption())
    .addOption(viewOption())
    .addOption(recordOption())
    .action(async (options) => {
      const exitCode = await withInspection(
        io,
        options,
        'image enhancement job',
        (inspect, observe) =>
          imageEnhancementCommand(io, () => observe(connect(io, options)), { ...options, inspect }),
      );
      setExitCode(exitCode);
    });

  program
    .command('markup')
    .description(
      'produce a property boundary markup document, prompting on a terminal for what is missing',
    )
    .option('--address <text>', 'street address of the property')
    .option('--job-id <id>', 'continue an existing markup job instead of starting one')
    .option('--orientation <key>', 'orientation variant to select, such as bottom')
    .option('--annotated-image <file>', 'image file with the boundary drawn on it')
    .option('--clean-image <file>', 'the same image without drawings')
    .option('--video', 'also request the cinematic video once the document is ready')
    .addOption(jsonOption())
    .addOption(speedOption())
    .addOption(inspectOption())
    .addOption(viewOption())
    .addOption(recordOption())
    .action(async (options) => {
      // Usage errors come before a view server or recorder starts, so they print alone.
      checkMarkupOptions(io, options);
      const exitCode = await withInspection(io, options, 'markup job', (inspect, observe) =>
        markupCommand(
          io,
          () => observe(connect(io, { ...options, readsEarlierJobs: options.jobId !== undefined })),
          { ...options, inspect },
        ),
      );
      setExitCode(exitCode);
    });

  const jobs = program.command('jobs').description('list and read jobs');
  jobs
    .command('list')
    .description('list jobs, newest first')
    .addOption(
      new Option(
        '--status <status>',
        'only jobs with this status: queued, running, awaiting_input, completed or failed',
      ).argParser(parseStatus),
    )
    .addOption(
      new Option(
        '--job-type <type>',
        'only jobs of this type: drone_footage, image_enhancement or markup',
      ).argParser(parseJobType),
    )
    .addOption(new Option('--limit <n>', 'page size, 1 to 100 (default: 50)').argParser(parseLimit))
    .addOption(
      new Option('--offset <n>', 'number of jobs to skip (default: 0)').argParser(parseOffset),
    )
    .option('--all', 'read every page')
    .option('--json', 'print one JSON array')
    .action(async (options) => {
      await listJobsCommand(io, () => connect(io, { readsEarlierJobs: true }), options);
      setExitCode(0);
    });
  jobs
    .command('get')
    .description('print one job')
    .argument('<JOB_ID>', 'id of the job')
    .option('--json', 'print the job resource as JSON')
    .action(async (jobId: string, options) => {
      await getJobCommand(io, () => connect(io, { readsEarlierJobs: true }), jobId, options);
      setExitCode(0);
    });

  program
    .command('simulator')
    .description('serve the API simulator on 127.0.0.1 until Ctrl-C')
    .addOption(portOption())
    .addOption(
      new Option('--speed <factor>', 'speed-up of every job phase (default: 1)').argParser(
        parseSpeed,
      ),
    )
    .action(async (options) => {
      await simulatorCommand(io, options);
      setExitCode(0);
    });

  program
    .command('demo')
    .description('run all three job types on the embedded simulator')
    .addOption(speedOption())
    .addOption(inspectOption())
    .addOption(viewOption())
    .addOption(recordOption())
    .action(async (options) => {
      const exitCode = await withInspection(io, options, 'demo', (inspect, observe) =>
        demoCommand(io, { ...options, inspect, observe }),
      );
      setExitCode(exitCode);
    });

  program
    .command('view')
    .description('serve the live view of a recorded run on 127.0.0.1 until Ctrl-C')
    .requiredOption('--replay <file>', "recording written by a job command's --record")
    .addOption(portOption())
    .action(async (options) => {
      await viewCommand(io, options);
      setExitCode(0);
    });

  program
    .command('export-machine')
    .description('print a job machine definition as JSON for the Stately editor')
    .argument('<NAME>', 'drone-footage, image-enhancement or markup')
    .action((name: string) => {
      exportMachineCommand(io, name);
      setExitCode(0);
    });

  return program;
}
