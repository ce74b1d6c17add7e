/**
 * The callbacks endpoints on this machine: one HTTP server that hands `POST /pre-delivery` and
 * `POST /post-delivery` to the same Lambda handlers the function URLs invoke, as function URL
 * events (payload format 2.0), and writes their results back. Bodies are read up to one byte
 * over the ingress's limit, so an oversized one is refused without being held whole.
 *
 * Like Lambda, each handler instance serves one request at a time: concurrent requests get
 * instances of their own (made by the endpoint's factory, kept for reuse), so that one request's
 * metrics are never flushed with another's.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import type { LambdaHandler } from '../../functions/lambda/index.js';
import { lambdaContext } from './lambda-context.js';

export type UrlHandler = LambdaHandler<LambdaFunctionURLEvent, LambdaFunctionURLResult>;

export interface CallbacksServerOptions {
  port: number;
  host?: string;
  /** Makes a handler instance of each endpoint (with its own telemetry). */
  handlers: { 'pre-delivery': () => UrlHandler; 'post-delivery': () => UrlHandler };
  /** Bytes read of a body at most (one more than the ingress accepts). */
  maxBodyBytes: number;
  /** The function timeout each invocation gets, as deployed. */
  timeoutMs: { 'pre-delivery': number; 'post-delivery': number };
}

async function readCapped(req: IncomingMessage, cap: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (size < cap) chunks.push(chunk.subarray(0, cap - size));
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

function urlEvent(req: IncomingMessage, path: string, body: string): LambdaFunctionURLEvent {
  const now = new Date();
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : value]),
  );
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: req.headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path,
        protocol: 'HTTP/1.1',
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body,
    isBase64Encoded: false,
  };
}

type Endpoint = keyof CallbacksServerOptions['handlers'];

export async function startCallbacksServer(
  options: CallbacksServerOptions,
): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const idle: Record<Endpoint, UrlHandler[]> = { 'pre-delivery': [], 'post-delivery': [] };
  const invoke = async (endpoint: Endpoint, event: LambdaFunctionURLEvent) => {
    const instance = idle[endpoint].pop() ?? options.handlers[endpoint]();
    try {
      return await instance(event, lambdaContext(`callbacks-${endpoint}`, options.timeoutMs[endpoint]));
    } finally {
      idle[endpoint].push(instance);
    }
  };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    const endpoint = path === '/pre-delivery' || path === '/post-delivery' ? (path.slice(1) as Endpoint) : undefined;
    const reply = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    };
    if (!endpoint) return reply(404, JSON.stringify({ error: 'use POST /pre-delivery or POST /post-delivery' }));
    void (async () => {
      const body = await readCapped(req, options.maxBodyBytes + 1);
      const result = await invoke(endpoint, urlEvent(req, path, body));
      const answer = typeof result === 'string' ? { statusCode: 200, body: result } : result;
      reply(answer.statusCode ?? 200, answer.body ?? '');
    })().catch((error: unknown) =>
      reply(
        500,
        JSON.stringify({ error: `invocation failed: ${error instanceof Error ? error.message : String(error)}` }),
      ),
    );
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://${address}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
