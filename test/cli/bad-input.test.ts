import { join } from 'node:path';
import { describe, it } from 'vitest';
import { linesOf, REPO_ROOT, runCli, STACK_FRAME } from './support.js';

const CLEAN_IMAGE = join(REPO_ROOT, 'assets/samples/clean.png');
const ANNOTATED_IMAGE = join(REPO_ROOT, 'assets/samples/annotated.png');
const MISSING_FILE = join(REPO_ROOT, 'assets/samples/missing.png');

const CASES: ReadonlyArray<{
  name: string;
  args: string[];
  env?: Record<string, string>;
  message: RegExp;
}> = [
  {
    name: 'empty address',
    args: ['drone-footage', '--address', ''],
    message: /Invalid --address "": expected a street address/,
  },
  {
    name: 'missing address without terminal',
    args: ['drone-footage'],
    message: /Missing --address: expected a street address/,
  },
  {
    name: 'blank markup address',
    args: ['markup', '--address', '  '],
    message: /Invalid --address " {2}": expected a street address/,
  },
  {
    name: 'image URL not http',
    args: ['image-enhancement', '--image-url', 'ftp://host/photo.jpg'],
    message: /Invalid --image-url "ftp:\/\/host\/photo.jpg": expected an http or https URL/,
  },
  {
    name: 'missing annotation file',
    args: [
      'markup',
      '--address',
      '42 Wallaby Way, Sydney NSW 2000',
      '--orientation',
      'left',
      '--annotated-image',
      MISSING_FILE,
      '--clean-image',
      CLEAN_IMAGE,
    ],
    message: new RegExp(`Cannot read --annotated-image file "${MISSING_FILE}": no such file`),
  },
  {
    name: 'clean image not given',
    args: [
      'markup',
      '--address',
      '1 Test St',
      '--orientation',
      'left',
      '--annotated-image',
      ANNOTATED_IMAGE,
    ],
    message: /Missing --clean-image: without a terminal, a new markup job takes every value/,
  },
  {
    name: 'markup values before view',
    args: ['markup', '--address', '42 Wallaby Way, Sydney NSW 2000', '--view'],
    message: /Missing --orientation, --annotated-image, --clean-image: without a terminal/,
  },
  {
    name: 'every markup value missing',
    args: ['markup'],
    message: /Missing --address, --orientation, --annotated-image, --clean-image: without/,
  },
  {
    name: 'limit of zero',
    args: ['jobs', 'list', '--limit', '0'],
    message: /'--limit <n>' argument '0' is invalid\. Expected an integer from 1 to 100/,
  },
  {
    name: 'limit not a number',
    args: ['jobs', 'list', '--limit', 'ten'],
    message: /argument 'ten' is invalid\. Expected an integer from 1 to 100/,
  },
  {
    name: 'unknown status',
    args: ['jobs', 'list', '--status', 'done'],
    message: /argument 'done' is invalid\. Expected one of queued, running, awaiting_input/,
  },
  {
    name: 'all with offset',
    args: ['jobs', 'list', '--all', '--offset', '5'],
    message: /--all reads every page from the start/,
  },
  {
    name: 'empty job id',
    args: ['jobs', 'get', ''],
    message: /Invalid JOB_ID "": expected the id of a job/,
  },
  {
    name: 'unknown flag',
    args: ['drone-footage', '--adress', '1 Test St'],
    message: /unknown option '--adress' \(Did you mean --address\?\)/,
  },
  {
    name: 'unknown command',
    args: ['drone'],
    message: /unknown command 'drone'/,
  },
  {
    name: 'speed of zero',
    args: ['demo', '--speed', '0'],
    message: /argument '0' is invalid\. Expected a number above 0/,
  },
  {
    name: 'blank job id',
    args: ['jobs', 'get', '  '],
    message: /Invalid JOB_ID " {2}": expected the id of a job/,
  },
  {
    name: 'unknown job type',
    args: ['jobs', 'list', '--job-type', 'drone'],
    message:
      /argument 'drone' is invalid\. Expected one of drone_footage, image_enhancement, markup\./,
  },
  {
    name: 'empty job type',
    args: ['jobs', 'list', '--job-type', ''],
    message: /argument '' is invalid\. Expected one of drone_footage, image_enhancement, markup/,
  },
  {
    name: 'offset above safe integers',
    args: ['jobs', 'list', '--offset', '9007199254740993'],
    message: /Expected an integer from 0 to 9007199254740991\./,
  },
  {
    name: 'blank base URL with key',
    args: ['jobs', 'list'],
    env: { DOME_API_KEY: 'dome_live_badinput1', DOME_BASE_URL: ' ' },
    message: /Invalid DOME_BASE_URL " ": the value is blank\. Expected an http or https URL/,
  },
  {
    name: 'base URL with credentials',
    args: ['jobs', 'list'],
    env: { DOME_API_KEY: 'dome_live_badinput1', DOME_BASE_URL: 'http://u:p4ss@127.0.0.1:9/v1' },
    message: /Invalid DOME_BASE_URL "http:\/\/\[redacted\]@127\.0\.0\.1:9\/v1": the URL contains/,
  },
  {
    name: 'base URL without key',
    args: ['jobs', 'list'],
    env: { DOME_BASE_URL: 'http://127.0.0.1:9/v1' },
    message: /DOME_BASE_URL is set but DOME_API_KEY is missing/,
  },
];

// Each case spawns a process that mostly waits on tsx startup, so the cases run side by side.
describe.concurrent('CLI bad input', { timeout: 60_000 }, () => {
  it.for(CASES)('rejects $name', async ({ args, env, message }, { expect }) => {
    const run = await runCli(args, env);

    expect(run.exitCode).toBe(2);
    expect(linesOf(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/^dome-flows: error: /);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.stdout).toBe('');
  });

  it('rejects an orientation not offered', async ({ expect }) => {
    const run = await runCli([
      'markup',
      '--address',
      '42 Wallaby Way, Sydney NSW 2000',
      '--orientation',
      'north',
      '--annotated-image',
      ANNOTATED_IMAGE,
      '--clean-image',
      CLEAN_IMAGE,
      '--speed',
      '200',
    ]);

    expect(run.exitCode).toBe(2);
    const lastLine = linesOf(run.stderr).at(-1);
    expect(lastLine).toMatch(/^dome-flows: error: Invalid --orientation "north"/);
    expect(lastLine).toMatch(/expected one of the offered keys top, right, bottom, left/);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });
});
