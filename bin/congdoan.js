#!/usr/bin/env node
// Imports of a million rows and busy servers allocate many short-lived objects: a young
// generation of 64 MB (V8's default is 16) spends far less time collecting them. V8 reads
// the size when it starts, so the command runs in a child Node with the flag.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FLAG = '--max-semi-space-size=64';

if (process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) {
  await import('../dist/cli.js');
} else {
  const child = spawn(process.execPath, [...process.execArgv, FLAG, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
}
