import { describe, expect, it } from 'vitest';
import { spawnCli } from './support.js';

const SAMPLES = [
  '--annotated-image',
  'assets/samples/annotated.png',
  '--clean-image',
  'assets/samples/clean.png',
];

describe('markup --view', () => {
  it('serves embedded simulator files', async () => {
    const child = spawnCli([
      'markup',
      '--address',
      '42 Wallaby Way, Sydney NSW 2000',
      '--orientation',
      'top',
      ...SAMPLES,
      '--json',
      '--view',
    ]);
    let stdout = '';
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const finalJob = await new Promise<{ output: { document_url: string } }>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        try {
          resolve(JSON.parse(stdout));
        } catch {
          // The JSON document is not complete yet.
        }
      });
      child.on('close', () => reject(new Error(`CLI exited early: ${stderr}`)));
    });

    try {
      const viewUrl = /Live view of the run: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr)?.[1];
      expect(viewUrl).toBeDefined();
      const documentUrl = finalJob.output.document_url;
      expect(documentUrl.startsWith('http://simulator.invalid/')).toBe(true);

      const response = await fetch(`${viewUrl}files?url=${encodeURIComponent(documentUrl)}`);
      const body = new Uint8Array(await response.arrayBuffer());

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('pdf');
      expect(new TextDecoder().decode(body.slice(0, 5))).toBe('%PDF-');
    } catch (error) {
      // A failed check must not leave the CLI serving the view after the test.
      child.kill('SIGKILL');
      throw error;
    }

    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 60_000);
});
