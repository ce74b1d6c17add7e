/** Starts bench/callbacks-ingress-process.ts and talks to it: its URLs, its CPU time, a signed callback body. */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { callbackSignature } from '../functions/callbacks/index.js';

export interface IngressProcess {
  preDeliveryUrl: string;
  postDeliveryUrl: string;
  /** CPU microseconds (user + system) the process has used so far. */
  cpuMicros(): Promise<number>;
  stop(): void;
}

export async function startIngressProcess(env: Record<string, string>): Promise<IngressProcess> {
  const main = fileURLToPath(new URL('./callbacks-ingress-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let urls: string[] | undefined;
  for await (const line of createInterface({ input: child.stdout! })) {
    if (line.startsWith('READY ')) {
      urls = line.split(' ').slice(1);
      break;
    }
  }
  if (!urls) throw new Error('the ingress process did not start');
  return {
    preDeliveryUrl: urls[0]!,
    postDeliveryUrl: urls[1]!,
    cpuMicros: () =>
      new Promise((resolve) => {
        child.once('message', (message) => {
          const { cpu } = message as { cpu: NodeJS.CpuUsage };
          resolve(cpu.user + cpu.system);
        });
        child.send('cpu');
      }),
    stop: () => child.disconnect(),
  };
}

/** A signed group-message callback body, as Agora sends it. */
export function signedMessage(secret: string, groupId: string, from: string, text: string, eventType = 'chat'): string {
  const callId = `bench#app_${randomUUID()}`;
  const timestamp = Date.now();
  const msgId = String(1_300_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e15)));
  return JSON.stringify({
    callId,
    eventType,
    timestamp,
    chat_type: 'groupchat',
    group_id: groupId,
    from,
    to: groupId,
    msg_id: msgId,
    payload: { ext: {}, bodies: [{ type: 'txt', msg: text }] },
    securityVersion: '1.0.0',
    security: callbackSignature(callId, secret, String(timestamp)),
    appkey: 'bench#app',
    host: 'localhost',
  });
}
