/**
 * What the moderation handler does with a record whose processing failed: retry it later (the
 * failure may pass) or park it in the DLQ with the reason (it never will). See
 * docs/architecture.md#retries.
 */
import {
  AgoraApiError,
  AgoraRequestValidationError,
  AgoraResponseValidationError,
  AuthenticationError,
  ForbiddenError,
  isRetryable,
  NotFoundError,
} from '../../agora/index.js';
import { EventIdConflictError } from '../decision/index.js';
import { ParkKind } from './parked-message.js';

/** Agora's code for a resource that does not exist; moderation calls only group endpoints, so it is the group. */
export const GROUP_NOT_FOUND = 'service_resource_not_found';

/**
 * Whether Agora answered that the group does not exist. The interpreter ends such a group's bans
 * and processes the event (see `decision/repairs.ts`): the error reaches here only from elsewhere.
 */
export function isGroupGone(error: unknown): error is NotFoundError {
  return error instanceof NotFoundError && error.code === GROUP_NOT_FOUND;
}

export type Disposition = { action: 'retry'; reason: string } | { action: 'park'; kind: ParkKind; reason: string };

/**
 * Failures that say the function is set up wrong, not that the record is (a 401 after the token
 * refresh, a 403, a 404 but `service_resource_not_found`): they hit every record alike, so they
 * are retried within the budget, and a fixed configuration lets the queue drain rather than leave
 * it all in the DLQ.
 */
function isConfigurationFailure(error: unknown): boolean {
  return (
    error instanceof AuthenticationError ||
    error instanceof ForbiddenError ||
    (error instanceof NotFoundError && !isGroupGone(error))
  );
}

/**
 * Retry what may pass (what the client would retry, the configuration, anything unexpected); park
 * what no retry can fix (invalid input, other 4xx, `resource_limited`, a response the client
 * cannot read). A missing group is the interpreter's to handle: it reaches here only from elsewhere.
 */
export function dispositionOf(error: unknown): Disposition {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (isRetryable(error) || isConfigurationFailure(error)) return { action: 'retry', reason };
  // Every API error left is one no resend can change: the group is gone, another 4xx, `resource_limited`.
  if (
    error instanceof AgoraApiError ||
    error instanceof AgoraRequestValidationError ||
    error instanceof AgoraResponseValidationError
  ) {
    return { action: 'park', kind: ParkKind.PermanentFailure, reason };
  }
  // The producer reused an event id: the event must be sent again under an id of its own.
  if (error instanceof EventIdConflictError) return { action: 'park', kind: ParkKind.InvalidEvent, reason };
  // A bug or an AWS hiccup: retrying is safe (effects are idempotent), a bounded number of times.
  return { action: 'retry', reason };
}

/** The backoff the handler uses unless told otherwise (`RETRY_BASE_SECONDS`, `RETRY_MAX_SECONDS`). */
export const DEFAULT_BACKOFF = { baseSeconds: 5, maxSeconds: 900 } as const;

export interface BackoffOptions {
  /** Visibility after the first failed receive, in seconds. @default 5 */
  baseSeconds?: number;
  /** Longest visibility, in seconds; SQS allows up to 43200. @default 900 */
  maxSeconds?: number;
  random?: () => number;
}

/**
 * Visibility timeout for a record received `receiveCount` times (from 1): exponential with full
 * jitter, at least 1 second so the record does not come straight back.
 */
export function backoffVisibilitySeconds(receiveCount: number, options: BackoffOptions = {}): number {
  const base = options.baseSeconds ?? DEFAULT_BACKOFF.baseSeconds;
  const max = Math.min(options.maxSeconds ?? DEFAULT_BACKOFF.maxSeconds, 43_200);
  const cap = Math.min(max, base * 2 ** Math.max(0, receiveCount - 1));
  return Math.max(1, Math.ceil((options.random ?? Math.random)() * cap));
}

/**
 * The receive from which a record that still fails is parked (`retries-exhausted`) instead of
 * retried: one short of the queue's `maxReceiveCount`, so a park that fails still has a receive
 * left before SQS would move the record without a reason.
 */
export function parkingReceive(maxReceiveCount: number): number {
  return Math.max(1, maxReceiveCount - 1);
}
