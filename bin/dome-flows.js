#!/usr/bin/env node
// Runs the compiled CLI from dist/ when the package was built, and the TypeScript source
// through tsx otherwise (a git checkout after `npm ci`, where tsx is a dev dependency).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);

if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
