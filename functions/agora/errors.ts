/**
 * Errors raised by the Agora Chat client. Every failure is an {@link AgoraError}; failures that
 * came back from the service are {@link AgoraApiError}s, mapped from the status and the body's
 * `error` code in {@link errorFromResponse}, the one place that mapping lives.
 *
 * No error ever carries the app token: only the method, the request path, the status and the
 * service's own error fields.
 */

/** Base class of every error the client raises. */
export class AgoraError extends Error {
  override name = 'AgoraError';
}

/** A request was refused before anything was sent: an argument breaks a documented limit. */
export class AgoraRequestValidationError extends AgoraError {
  override name = 'AgoraRequestValidationError';
  constructor(
    /** The offending field, e.g. `name` or `members[3]`. */
    readonly field: string,
    message: string,
  ) {
    super(`invalid ${field}: ${message}`);
  }
}

/** The service answered 2xx with a body that does not match the documented shape. */
export class AgoraResponseValidationError extends AgoraError {
  override name = 'AgoraResponseValidationError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly issues: string,
    /** The raw body, kept so an operator can see what the service actually sent. */
    readonly body: unknown,
  ) {
    super(`unexpected response to ${method} ${path}: ${issues}`);
  }
}

/** Context common to every failure with an HTTP response. */
export interface ApiErrorContext {
  status: number;
  /** The body's `error` field, e.g. `reach_limit`; empty when the body has none. */
  code: string;
  /** The body's `error_description`, or the status text. */
  description: string;
  method: string;
  path: string;
  body: unknown;
  /** Seconds from a `Retry-After` header, when the service sent one. */
  retryAfterSeconds?: number;
}

/** The service answered with a non-2xx status. */
export class AgoraApiError extends AgoraError {
  override name = 'AgoraApiError';
  readonly status: number;
  readonly code: string;
  readonly description: string;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly retryAfterSeconds?: number;

  constructor(context: ApiErrorContext) {
    const code = context.code ? ` ${context.code}` : '';
    super(`${context.method} ${context.path} failed: ${context.status}${code}: ${context.description}`);
    this.status = context.status;
    this.code = context.code;
    this.description = context.description;
    this.method = context.method;
    this.path = context.path;
    this.body = context.body;
    if (context.retryAfterSeconds !== undefined) this.retryAfterSeconds = context.retryAfterSeconds;
  }
}

/** 400 (`invalid_parameter`, `illegal_argument`, `json_parse`) and 415. */
export class BadRequestError extends AgoraApiError {
  override name = 'BadRequestError';
}
/** 401: the token is missing, expired, corrupt or from another app. */
export class AuthenticationError extends AgoraApiError {
  override name = 'AuthenticationError';
}
/** 403 `forbidden_op`. */
export class ForbiddenError extends AgoraApiError {
  override name = 'ForbiddenError';
}
/** 404: the group or user (`service_resource_not_found`) or the org/app does not exist. */
export class NotFoundError extends AgoraApiError {
  override name = 'NotFoundError';
}
/** 408: the service timed out reading the request; safe to resend. */
export class RequestTimeoutError extends AgoraApiError {
  override name = 'RequestTimeoutError';
}
/** 429 `reach_limit`: over the per-second limit; retry after a pause. */
export class RateLimitError extends AgoraApiError {
  override name = 'RateLimitError';
}
/** 429 `resource_limited`: the plan's quota is spent; retrying does not help. */
export class QuotaExhaustedError extends AgoraApiError {
  override name = 'QuotaExhaustedError';
}
/** 5xx. */
export class ServerError extends AgoraApiError {
  override name = 'ServerError';
}

/** No response: the connection failed or was reset. */
export class AgoraConnectionError extends AgoraError {
  override name = 'AgoraConnectionError';
  constructor(
    readonly method: string,
    readonly path: string,
    /**
     * True when the request cannot have reached the service (the connection was never made),
     * so even a non-idempotent call may be sent again.
     */
    readonly notSent: boolean,
    options: { cause: unknown },
  ) {
    super(`${method} ${path}: connection failed: ${describeCause(options.cause)}`, options);
  }
}

/** No response within the per-attempt timeout. */
export class AgoraTimeoutError extends AgoraError {
  override name = 'AgoraTimeoutError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly timeoutMs: number,
    options?: { cause: unknown },
  ) {
    super(`${method} ${path}: no response within ${timeoutMs} ms`, options);
  }
}

/** The caller's AbortSignal fired (for a Lambda: its deadline is near). */
export class AgoraAbortedError extends AgoraError {
  override name = 'AgoraAbortedError';
  constructor(
    readonly method: string,
    readonly path: string,
    options?: { cause: unknown },
  ) {
    super(`${method} ${path}: aborted by the caller`, options);
  }
}

type ApiErrorClass = new (context: ApiErrorContext) => AgoraApiError;

const byStatus: Record<number, ApiErrorClass> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: ForbiddenError,
  404: NotFoundError,
  408: RequestTimeoutError,
  415: BadRequestError,
};

/** Maps a non-2xx response to the matching error class. */
export function errorFromResponse(context: ApiErrorContext): AgoraApiError {
  if (context.status === 429) {
    return context.code === 'resource_limited' ? new QuotaExhaustedError(context) : new RateLimitError(context);
  }
  if (context.status >= 500) return new ServerError(context);
  const ErrorClass = byStatus[context.status] ?? AgoraApiError;
  return new ErrorClass(context);
}

/**
 * Whether sending the same request again can succeed: 429 `reach_limit`, 408, 5xx, timeouts and
 * connection failures. Quota exhaustion, other 4xx and validation errors never are.
 */
export function isRetryable(error: unknown): boolean {
  return (
    error instanceof RateLimitError ||
    error instanceof RequestTimeoutError ||
    error instanceof ServerError ||
    error instanceof AgoraTimeoutError ||
    error instanceof AgoraConnectionError
  );
}

/**
 * Whether the failed request certainly had no effect, so that even a non-idempotent call (create)
 * may be sent again: the service refused it for rate (`reach_limit`) or it never left the client.
 */
export function certainlyNotApplied(error: unknown): boolean {
  return error instanceof RateLimitError || (error instanceof AgoraConnectionError && error.notSent);
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code} ${cause.message}` : cause.message;
  }
  return String(cause);
}
