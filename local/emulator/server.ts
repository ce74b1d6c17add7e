import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import agoraToken from 'agora-token';
import { CallbackRules, type CallbackSettings } from './callback-rules.js';
import { ChatService, type ChatSettings } from './chat.js';
import { handleControl } from './control-api.js';
import { FaultInjector } from './faults.js';
import { ApiFailure, route, type ApiContext } from './group-api.js';
import { GroupStore } from './group-store.js';
import { memberRoute } from './member-api.js';
import { ServerRateLimits, type EmulatedEndpoint, type ServerLimitOptions } from './rate-limits.js';
import { TokenVerifier } from './token-verifier.js';

export interface EmulatorOptions {
  /** @default 0 (a free port) */
  port?: number;
  /** @default "127.0.0.1" */
  host?: string;
  /** @default "demo-org" */
  org?: string;
  /** @default "demo-app" */
  app?: string;
  /** 32 hex digits. @default a fixed demo id */
  appId?: string;
  /** 32 hex digits. @default a fixed demo certificate */
  appCertificate?: string;
  /** The service's per-endpoint limits. @default false (unlimited) */
  rateLimits?: ServerLimitOptions;
  /** Largest page of joined groups, whatever is asked. @default 20 */
  joinedPageCap?: number;
  /** The app's HTTP callback rules (pre- and post-delivery). @default none */
  callbacks?: CallbackSettings;
  /** The recall window and what becomes of non-members' messages. @default 2 minutes; refused */
  chat?: ChatSettings;
  /** How a refused recall is answered: Easemob's 400/403 `message_recall_error`, or Agora's 200 with `msgs`. @default 'http' */
  recallFailures?: 'http' | 'body';
}

/** Counts of answered requests, by endpoint and status. */
export type RequestStats = Partial<Record<EmulatedEndpoint | 'unrouted', Record<number, number>>>;

export interface Emulator {
  /** `http://host:port`: the client's `baseUrl`. */
  baseUrl: string;
  org: string;
  app: string;
  appId: string;
  appCertificate: string;
  /** A fresh app token, valid for 24 hours. */
  appToken: string;
  store: GroupStore;
  faults: FaultInjector;
  rateLimits: ServerRateLimits;
  /** Chat messages into groups, with the callbacks they cause. */
  chat: ChatService;
  callbacks: CallbackRules;
  stats: RequestStats;
  resetStats(): void;
  close(): Promise<void>;
}

export const DEMO_APP_ID = '970CA35de60c44645bbae8a215061b33';
export const DEMO_APP_CERTIFICATE = '5CFd2fd1755d40ecb72977518be15d3b';

const EXCEPTIONS: Record<number, string> = {
  400: 'java.lang.IllegalArgumentException',
  401: 'EasemobSecurityException',
  403: 'EasemobForbiddenOpException',
  404: 'EasemobResourceNotFoundException',
  408: 'EasemobRequestTimeoutException',
  415: 'WebApplicationException',
  429: 'EasemobTooManyRequestsException',
};

/**
 * Starts an HTTP server that answers Agora Chat's group, member and recall REST API from memory, with token checks,
 * per-endpoint rate limits and injectable faults. Control endpoints under `/_emulator/` let
 * another process seed it, read its state and switch faults on (see control-api.ts).
 *
 * @example
 * ```ts
 * import { startEmulator } from './local/emulator/index.js';
 * const emulator = await startEmulator({ rateLimits: { default: 100 } });
 * emulator.store.seed({ count: 1000 });
 * // ... point the client at emulator.baseUrl, emulator.org, emulator.app, emulator.appToken
 * await emulator.close();
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const org = options.org ?? 'demo-org';
  const app = options.app ?? 'demo-app';
  const appId = options.appId ?? DEMO_APP_ID;
  const appCertificate = options.appCertificate ?? DEMO_APP_CERTIFICATE;
  const store = new GroupStore();
  const faults = new FaultInjector();
  const rateLimits = new ServerRateLimits(options.rateLimits ?? false);
  const verifier = new TokenVerifier(appId, appCertificate);
  const host = options.host ?? '127.0.0.1';
  const callbacks = new CallbackRules(`${org}#${app}`, host);
  if (options.callbacks) callbacks.set(options.callbacks);
  const chat = new ChatService(store, callbacks, Date.now, options.chat);
  const context: ApiContext = { store, ownerPrefix: `${org}#${app}_`, joinedPageCap: options.joinedPageCap ?? 20 };
  const members = { store, chat, now: Date.now, recallFailures: options.recallFailures ?? 'http' };
  const application = randomUUID();
  let stats: RequestStats = {};
  let baseUrl = '';

  const count = (endpoint: EmulatedEndpoint | 'unrouted', status: number) => {
    const byStatus = (stats[endpoint] ??= {});
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    // Concatenated, not resolved: a path starting "//" would otherwise be read as a host. The
    // reference's delete example has such a double slash before the org; it is tolerated.
    const url = new URL(`http://emulator${req.url ?? '/'}`);
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const fail = (endpoint: EmulatedEndpoint | 'unrouted', status: number, error: string, description: string) => {
      count(endpoint, status);
      reply(status, {
        error,
        exception: EXCEPTIONS[status] ?? 'EasemobServerException',
        timestamp: Date.now(),
        duration: Date.now() - started,
        error_description: description,
      });
    };

    if (segments[0] === '_emulator') return handleControl(emulator, method, segments.slice(1), body, reply);
    // Both prefixes of the documents: `/{org}/{app}` and the newer `/app-id/{app_id}`.
    const ours = (segments[0] === org && segments[1] === app) || (segments[0] === 'app-id' && segments[1] === appId);
    if (!ours)
      return fail(
        'unrouted',
        404,
        'organization_application_not_found',
        `Could not find application for ${segments[0]}/${segments[1]} from URI`,
      );
    const found = route(context, method, segments.slice(2)) ?? memberRoute(members, method, segments.slice(2));
    if (!found)
      return fail('unrouted', 404, 'service_resource_not_found', `no such resource: ${method} ${url.pathname}`);
    const { endpoint } = found;

    const latency = faults.latencyFor(endpoint);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    // A caller that gave up during the added latency gets nothing done: counted as 499, as
    // proxies log a client that closed the connection.
    if (req.socket.destroyed) return count(endpoint, 499);
    const verdict = verifier.verify(req.headers.authorization);
    if (!verdict.ok) return fail(endpoint, 401, verdict.error, verdict.description);
    if (!rateLimits.take(endpoint)) return fail(endpoint, 429, 'reach_limit', 'This request has reached API limit.');
    const fault = faults.next(endpoint);
    if (fault === 'reset') {
      count(endpoint, 0);
      req.socket.destroy();
      return;
    }
    if (fault)
      return fail(endpoint, fault.status, fault.error ?? '', fault.description ?? `injected fault ${fault.status}`);

    let parsed: unknown;
    if (method === 'POST' || method === 'PUT') {
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
        return fail(endpoint, 415, 'web_application', 'Unsupported Media Type: send Content-Type: application/json');
      if (body.length > 0) {
        try {
          parsed = JSON.parse(body);
        } catch {
          return fail(endpoint, 400, 'json_parse', 'Unexpected character in request body: not JSON');
        }
      }
    }

    try {
      const result = found.handle({ query: url.searchParams, body: parsed });
      count(endpoint, 200);
      reply(200, {
        action: method.toLowerCase(),
        application,
        applicationName: app,
        organization: org,
        uri: `${baseUrl}${url.pathname}`,
        entities: [],
        data: result.data,
        properties: {},
        timestamp: Date.now(),
        duration: Date.now() - started,
        ...result.extra,
      });
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      fail(endpoint, error.status, error.error, error.description);
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: 'internal_error',
          exception: 'EmulatorError',
          timestamp: Date.now(),
          duration: 0,
          error_description: String(error),
        }),
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${address.address}:${address.port}`;

  const emulator: Emulator = {
    baseUrl,
    org,
    app,
    appId,
    appCertificate,
    // The token a real app's console would hand out: minted by Agora's own package, a day long.
    appToken: agoraToken.ChatTokenBuilder.buildAppToken(appId, appCertificate, 86_400),
    store,
    faults,
    rateLimits,
    chat,
    callbacks,
    get stats() {
      return stats;
    },
    resetStats() {
      stats = {};
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return emulator;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
