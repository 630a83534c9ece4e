import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { linesOf, runCli, STACK_FRAME, spawnCli } from './support.js';

describe('dome-flows simulator', { timeout: 60_000 }, () => {
  it('serves until SIGTERM', async () => {
    const child = spawnCli(['simulator', '--port', '0', '--speed', '10']);
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

    try {
      const exportLine = await new Promise<string>((resolve, reject) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const line = stdout.split('\n').find((candidate) => candidate.includes('export '));
          if (line !== undefined) resolve(line);
        });
        child.on('close', () => reject(new Error(`simulator exited early: ${stderr}`)));
      });

      const match =
        /DOME_BASE_URL=(http:\/\/127\.0\.0\.1:\d+\/v1) DOME_API_KEY=(dome_live_\w+)/.exec(
          exportLine,
        );
      expect(match).not.toBeNull();
      const [, baseUrl = '', apiKey = ''] = match ?? [];
      expect(stdout).toContain(`Simulator listening on ${baseUrl} (10x speed)`);

      const response = await fetch(`${baseUrl}/jobs`, { headers: { 'X-API-Key': apiKey } });
      expect(response.status).toBe(200);
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
    }

    expect(await exited).toBe(0);
    expect(stderr).toMatch(/Received SIGTERM: simulator stopped after 1 requests/);
  });

  it('names a port in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;

    try {
      const run = await runCli(['simulator', '--port', String(port)]);

      expect(run.exitCode).toBe(2);
      expect(linesOf(run.stderr)).toEqual([
        `dome-flows: error: Port ${port} on 127.0.0.1 is already in use: stop what listens ` +
          'there, or pass --port 0 to pick a free port.',
      ]);
      expect(run.stderr).not.toMatch(STACK_FRAME);
      expect(run.stdout).toBe('');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
