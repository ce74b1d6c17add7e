import { Agent, request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { issueLines } from '../validation/index.js';
import {
  AgoraAbortedError,
  AgoraConnectionError,
  AgoraResponseValidationError,
  AgoraTimeoutError,
  AuthenticationError,
  certainlyNotApplied,
  errorFromResponse,
  isRetryable,
} from './errors.js';
import type { Endpoint, EndpointRateLimiter } from './rate-limiter.js';
import { envelopeSchema } from './responses.js';
import { retryDelayMs, type RetryPolicy } from './retry-policy.js';
import { sleep } from './sleep.js';
import type { TokenProvider } from './token-provider.js';

/** Explicit timeouts of every request, in milliseconds. */
export interface Timeouts {
  /** Establishing the TCP/TLS connection. @default 5000 */
  connectMs: number;
  /** From sending the request to the response headers. @default 10000 */
  headersMs: number;
  /** Between two chunks of the response body. @default 10000 */
  bodyMs: number;
  /** One attempt from start to end, whatever its phases. @default 15000 */
  attemptMs: number;
  /** Idle keep-alive sockets are closed after this. @default 30000 */
  keepAliveMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  connectMs: 5_000,
  headersMs: 10_000,
  bodyMs: 10_000,
  attemptMs: 15_000,
  keepAliveMs: 30_000,
};

/**
 * Per-call options, last argument of every client method, and of every adapter over an AWS client
 * or the ledger (those honour the signal).
 */
export interface CallOptions {
  /** Aborts the call, including waits between retries (a Lambda's deadline signal). */
  signal?: AbortSignal | undefined;
  /** Epoch milliseconds after which no attempt starts and no retry is waited for. */
  deadline?: number;
}

/** What the transport reports before each retry, for logs and metrics. */
export interface RetryEvent {
  endpoint: Endpoint;
  method: string;
  path: string;
  attempt: number;
  delayMs: number;
  error: Error;
}

export interface TransportOptions {
  baseUrl: string;
  org: string;
  app: string;
  tokens: TokenProvider;
  limiter: EndpointRateLimiter;
  retry: RetryPolicy;
  timeouts: Timeouts;
  dispatcher?: Dispatcher;
  onRetry?: (event: RetryEvent) => void;
}

export interface RequestSpec<S extends z.ZodType> {
  endpoint: Endpoint;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below `/{org}/{app}`, parameters already encoded. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Whether sending the request twice has the effect of sending it once. */
  idempotent: boolean;
  /** Schema of the body's `data`, or of the whole body with `from: 'body'`. */
  data: S;
  /** Where `data` reads: the body's `data` (default), or the whole body, for answers that put their result beside it. */
  from?: 'data' | 'body';
}

export interface Response<T> {
  data: T;
  /** The body's top-level `cursor` (list all), when present. */
  cursor?: string;
}

/** One signal for the call's `signal` and `deadline`, whichever comes first; none without either. */
function callSignal(call: CallOptions): AbortSignal | undefined {
  const signals = [
    call.signal,
    call.deadline === undefined ? undefined : AbortSignal.timeout(Math.max(0, call.deadline - Date.now())),
  ];
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  return present.length > 0 ? AbortSignal.any(present) : undefined;
}

/** A body read whole may carry its result beside `data` rather than in it. */
const bodySchema = envelopeSchema.partial({ data: true });

const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * Sends one logical call: waits for the endpoint's rate limiter, authenticates, retries what
 * can be retried, and parses the answer. Every method of the client goes through `send`.
 */
export class Transport {
  private readonly root: string;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;

  constructor(private readonly options: TransportOptions) {
    const base = options.baseUrl.replace(/\/+$/, '');
    this.root = `${base}/${encodeURIComponent(options.org)}/${encodeURIComponent(options.app)}`;
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher =
      options.dispatcher ??
      new Agent({
        connect: { timeout: options.timeouts.connectMs },
        keepAliveTimeout: options.timeouts.keepAliveMs,
        headersTimeout: options.timeouts.headersMs,
        bodyTimeout: options.timeouts.bodyMs,
      });
  }

  async send<S extends z.ZodType>(spec: RequestSpec<S>, call: CallOptions = {}): Promise<Response<z.output<S>>> {
    const path = `/${this.options.org}/${this.options.app}${spec.path}`;
    let refreshedToken = false;
    for (let attempt = 1; ; attempt++) {
      const token = await this.beforeAttempt(spec, path, call);
      try {
        return await this.attempt(spec, path, token, call);
      } catch (error) {
        // The refresh may read credentials again: it runs under the call's signal and deadline.
        if (
          error instanceof AuthenticationError &&
          !refreshedToken &&
          (await this.options.tokens.refresh(token, { signal: callSignal(call) }))
        ) {
          // A refused token is replaced once; that resend is not a retry.
          refreshedToken = true;
          attempt--;
          continue;
        }
        await this.waitBeforeRetry(spec, path, attempt, error as Error, call);
      }
    }
  }

  /** Closes the connection pool this transport created (not an injected dispatcher). */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private async beforeAttempt(spec: RequestSpec<z.ZodType>, path: string, call: CallOptions): Promise<string> {
    // The wait for a rate-limit slot counts against the deadline too.
    try {
      call.signal?.throwIfAborted();
      await this.options.limiter.acquire(spec.endpoint, callSignal(call));
    } catch (cause) {
      throw new AgoraAbortedError(spec.method, path, { cause });
    }
    return this.options.tokens.getToken();
  }

  /** Rethrows `error` unless a retry is allowed and fits before the deadline; else waits. */
  private async waitBeforeRetry(
    spec: RequestSpec<z.ZodType>,
    path: string,
    attempt: number,
    error: Error,
    call: CallOptions,
  ) {
    const retryable = isRetryable(error) && (spec.idempotent || certainlyNotApplied(error));
    if (!retryable || attempt >= this.options.retry.maxAttempts) throw error;
    const retryAfter = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
    const delayMs = retryDelayMs(this.options.retry, attempt, retryAfter);
    if (call.deadline !== undefined && Date.now() + delayMs >= call.deadline) throw error;
    this.options.onRetry?.({ endpoint: spec.endpoint, method: spec.method, path, attempt, delayMs, error });
    try {
      await sleep(delayMs, call.signal);
    } catch {
      // Aborted while waiting: the failure that led here says more than the abort.
      throw error;
    }
  }

  private async attempt<S extends z.ZodType>(
    spec: RequestSpec<S>,
    path: string,
    token: string,
    call: CallOptions,
  ): Promise<Response<z.output<S>>> {
    const timeoutMs = this.attemptTimeout(call);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${token}` };
    let body: string | undefined;
    if (spec.method === 'POST' || spec.method === 'PUT') {
      headers['content-type'] = 'application/json';
      if (spec.body !== undefined) body = JSON.stringify(spec.body);
    }

    let status: number;
    let text: string;
    let retryAfterHeader: string | string[] | undefined;
    try {
      const response = await request(this.root + spec.path + queryString(spec.query), {
        method: spec.method,
        headers,
        body,
        signal,
        dispatcher: this.dispatcher,
        headersTimeout: this.options.timeouts.headersMs,
        bodyTimeout: this.options.timeouts.bodyMs,
      });
      status = response.statusCode;
      retryAfterHeader = response.headers['retry-after'];
      text = await response.body.text();
    } catch (cause) {
      if (call.signal?.aborted) throw new AgoraAbortedError(spec.method, path, { cause });
      const code = errorCode(cause);
      if (timeout.aborted || TIMEOUT_CODES.has(code))
        throw new AgoraTimeoutError(spec.method, path, timeoutMs, { cause });
      throw new AgoraConnectionError(spec.method, path, NOT_SENT_CODES.has(code), { cause });
    }

    const parsed = parseJson(text);
    if (status < 200 || status > 299) {
      const fields = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
      const retryAfterSeconds = parseRetryAfter(retryAfterHeader);
      throw errorFromResponse({
        status,
        code: typeof fields.error === 'string' ? fields.error : '',
        description:
          typeof fields.error_description === 'string'
            ? fields.error_description
            : text.slice(0, 200) || `HTTP ${status}`,
        method: spec.method,
        path,
        body: parsed ?? text,
        ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
      });
    }
    const envelope = (spec.from === 'body' ? bodySchema : envelopeSchema).safeParse(parsed);
    if (!envelope.success)
      throw new AgoraResponseValidationError(spec.method, path, 'body is not a JSON object envelope', parsed ?? text);
    const whole = spec.from === 'body';
    const data = spec.data.safeParse(whole ? envelope.data : envelope.data.data);
    if (!data.success) {
      throw new AgoraResponseValidationError(
        spec.method,
        path,
        issueLines(data.error, { root: whole ? 'body' : 'data' }).join('; '),
        parsed,
      );
    }
    return envelope.data.cursor ? { data: data.data, cursor: envelope.data.cursor } : { data: data.data };
  }

  private attemptTimeout(call: CallOptions): number {
    const { attemptMs } = this.options.timeouts;
    if (call.deadline === undefined) return attemptMs;
    return Math.max(1, Math.min(attemptMs, call.deadline - Date.now()));
  }
}

function queryString(query: RequestSpec<z.ZodType>['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorCode(error: unknown): string {
  const own = (error as { code?: unknown })?.code;
  if (typeof own === 'string') return own;
  const cause = (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof cause === 'string' ? cause : '';
}

/** `Retry-After` as seconds, from either of its two forms (seconds or an HTTP date). */
function parseRetryAfter(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}
