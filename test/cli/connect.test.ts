import { describe, expect, it } from 'vitest';
import { MIN_REQUEST_GAP_MS } from '../../machines/shared/request-pacing.js';
import { connect, connectEmbedded } from '../../src/cli/connect.js';
import type { CliIo } from '../../src/cli/io.js';

function silentIo(env: NodeJS.ProcessEnv): CliIo {
  const sink = { write: () => true } as unknown as NodeJS.WritableStream;
  return { stdin: process.stdin, stdout: sink, stderr: sink, env };
}

describe('connect', () => {
  it.each([1, 20, 250])('embedded divides request gap by %i', (speed) => {
    const connection = connectEmbedded(speed);

    expect(connection.minRequestGapMs).toBe(MIN_REQUEST_GAP_MS / speed);
  });

  it('remote keeps default request gap', () => {
    const io = silentIo({
      DOME_API_KEY: 'dome_live_connecttest1',
      DOME_BASE_URL: 'http://127.0.0.1:9/v1',
    });

    const connection = connect(io);

    expect(connection.minRequestGapMs).toBeUndefined();
    expect(connection.embedded).toBe(false);
  });
});
