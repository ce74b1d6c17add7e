import { AgoraChatClient, type AgoraChatClientOptions } from '../../functions/agora/index.js';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../local/emulator/index.js';

/** Retries that wait a few milliseconds, so fault tests stay quick. */
export const FAST_RETRY = { maxAttempts: 5, minDelayMs: 5, maxDelayMs: 20 } as const;

/** A client pointed at `emulator`, minting its own tokens; options override the defaults. */
export function clientFor(emulator: Emulator, options: Partial<AgoraChatClientOptions> = {}): AgoraChatClient {
  return new AgoraChatClient({
    baseUrl: emulator.baseUrl,
    org: emulator.org,
    app: emulator.app,
    credentials: { appId: emulator.appId, appCertificate: emulator.appCertificate },
    rateLimits: false,
    retry: FAST_RETRY,
    ...options,
  });
}

/** Starts an emulator and a client for it; `stop` closes both. */
export async function startEmulatorWithClient(
  emulatorOptions: EmulatorOptions = {},
  clientOptions: Partial<AgoraChatClientOptions> = {},
) {
  const emulator = await startEmulator(emulatorOptions);
  const client = clientFor(emulator, clientOptions);
  return {
    emulator,
    client,
    stop: async () => {
      await client.close();
      await emulator.close();
    },
  };
}

/** Collects an async iterable; for tests only, where the size is known to be small. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Fresh groups in the emulator, for one test: tests share a stack without sharing state. */
export function seedGroups(emulator: Emulator, count: number): string[] {
  const { first } = emulator.store.seed({ count });
  return Array.from({ length: count }, (_, i) => String(BigInt(first!) + BigInt(i)));
}
