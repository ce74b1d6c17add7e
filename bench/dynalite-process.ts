import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** dynalite in its own process, so the ledger does not share a core with the handler. */
export async function startDynaliteProcess(): Promise<{ endpoint: string; stop: () => void }> {
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address() as AddressInfo;
      server.close(() => resolve(free));
    });
  });
  const bin = fileURLToPath(new URL('../node_modules/dynalite/cli.js', import.meta.url));
  const child = spawn(process.execPath, [bin, '--port', String(port), '--host', '127.0.0.1', '--createTableMs', '0'], {
    stdio: 'ignore',
  });
  const endpoint = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    const up = await fetch(endpoint).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (attempt > 100) throw new Error('dynalite did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { endpoint, stop: () => child.kill('SIGTERM') };
}
