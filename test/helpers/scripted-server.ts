/**
 * A tiny HTTP server in the test's own process that answers from a script and keeps every
 * request it received, so client tests can count attempts and read exactly what was sent.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One answer: a status with a JSON (or raw string) body and headers, optionally after a delay;
 * `hang` never answers; `reset` destroys the connection once the request has arrived.
 */
export type Answer =
  { status?: number; body?: unknown; headers?: Record<string, string | string[]>; delayMs?: number } | 'hang' | 'reset';
/** An answer, or how to answer a request from what it asks. */
export type Script = Answer | ((request: SeenRequest) => Answer);

/** The body of a successful call: the service's envelope around `data`. */
export const ok = (data: unknown, extra: Record<string, unknown> = {}): Answer => ({
  status: 200,
  body: { action: 'post', data, ...extra },
});

export class ScriptedServer {
  readonly requests: SeenRequest[] = [];
  private readonly script: Script[] = [];
  /** Answers every request once the script is used up. */
  fallback: Script = ok({ disabled: true });

  private constructor(private readonly server: Server) {
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const seen = {
          method: request.method!,
          url: request.url!,
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        this.requests.push(seen);
        const next = this.script.shift() ?? this.fallback;
        const answer = typeof next === 'function' ? next(seen) : next;
        if (answer === 'hang') return;
        if (answer === 'reset') return void request.socket.destroy();
        const send = () => {
          const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
          response.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
          response.end(text);
        };
        if (answer.delayMs) setTimeout(send, answer.delayMs);
        else send();
      });
    });
  }

  static async start(): Promise<ScriptedServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new ScriptedServer(server);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Queues answers for the next requests, in order. */
  answer(...answers: Script[]): this {
    this.script.push(...answers);
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }
}
