/** `npm start`: the local stack stops with the npm process that started it, whichever way npm is stopped. */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Whether something accepts connections on the port of 127.0.0.1. */
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

test('SIGTERM to npm (not to its process group) stops the stack: its emulator port closes', async () => {
  const npm = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: {
      ...process.env,
      EMULATOR_PORT: '0',
      STACK_SQS_PORT: '0',
      STACK_DYNAMODB_PORT: '0',
      CALLBACKS_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own, so that whatever outlives npm is still stopped at the end.
    detached: true,
  });
  let output = '';
  const ready = new Promise<number>((resolve, reject) => {
    let port: number | undefined;
    for (const stream of [npm.stdout, npm.stderr])
      createInterface({ input: stream }).on('line', (line) => {
        output += `${line}\n`;
        port ??= Number(/http:\/\/127\.0\.0\.1:(\d+)\/_emulator/.exec(line)?.[1] ?? Number.NaN) || undefined;
        if (line.includes('Press Ctrl+C to stop') && port) resolve(port);
      });
    npm.once('exit', (code) => reject(new Error(`npm start exited (${code}) before it was ready:\n${output}`)));
    // Within the test's own timeout, so that the clean-up below runs even when start-up hangs.
    setTimeout(() => reject(new Error(`npm start was not ready within 60 s:\n${output}`)), 60_000).unref();
  });
  try {
    const port = await ready;
    expect(await listening(port)).toBe(true);
    npm.kill('SIGTERM');
    // Bounded: at most 20 s for the stack to close its servers.
    let open = true;
    for (let tries = 0; open && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      open = await listening(port);
    }
    expect(open).toBe(false);
  } finally {
    try {
      process.kill(-npm.pid!, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
  }
}, 90_000);
