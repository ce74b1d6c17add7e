/**
 * Runs the emulator in its own process, so that a benchmark's client and the server do not
 * share one event loop (the machine has two cores: one each).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { AgoraChatClient, type AgoraChatClientOptions } from '../functions/agora/index.js';

export interface EmulatorProcess {
  env: { AGORA_BASE_URL: string; AGORA_ORG: string; AGORA_APP: string; AGORA_APP_TOKEN: string };
  /** Calls the emulator's control plane (`/_emulator/...`). */
  control(method: string, path: string, body?: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const main = fileURLToPath(new URL('../local/emulator/main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: { ...process.env, EMULATOR_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const env: Record<string, string> = {};
  for await (const line of createInterface({ input: child.stdout })) {
    const match = /^export (AGORA_\w+)=(.*)$/.exec(line);
    if (match) env[match[1]!] = match[2]!;
    if (env.AGORA_APP_TOKEN) break;
  }
  if (!env.AGORA_APP_TOKEN) throw new Error('the emulator process did not start');
  const base = env.AGORA_BASE_URL!;
  return {
    env: env as EmulatorProcess['env'],
    async control(method, path, body) {
      const response = await fetch(`${base}/_emulator/${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      return response.json();
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A client for the emulator process, with its ready token; `options` override the defaults. */
export function clientFor(emulator: EmulatorProcess, options: Partial<AgoraChatClientOptions> = {}): AgoraChatClient {
  const { AGORA_BASE_URL, AGORA_ORG, AGORA_APP, AGORA_APP_TOKEN } = emulator.env;
  return new AgoraChatClient({
    baseUrl: AGORA_BASE_URL,
    org: AGORA_ORG,
    app: AGORA_APP,
    credentials: { appToken: AGORA_APP_TOKEN },
    ...options,
  });
}

/** The value below which `p` of the sorted samples fall. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
