/**
 * What the callbacks' counting rules remember about chat traffic, shared by every instance of
 * the ingress: a group's recent messages (for `flood`), who sent a given text to a group lately
 * (for `repeat`), and which rule has already reported a group in its current window. The items
 * expire (DynamoDB TTL on `expiresAt`), and every read is bounded by time as well, since expiry
 * deletes only eventually.
 *
 * Every write is keyed by what it counts (the message, the sender), so Agora's retry of a
 * callback, or a `chat` and a `chat_offline` callback of one message, count once.
 */
import type { CallOptions } from '../agora/index.js';

/** One message of a group, as the `flood` rules count it. */
export interface GroupMessage {
  groupId: string;
  /** The message id (or the callback id when there is none): a message counts once. */
  messageKey: string;
  /** When the chat server got the message, epoch milliseconds. */
  at: number;
  /** Epoch seconds after which no window needs the message (DynamoDB TTL). */
  expiresAt: number;
}

/** A sender of a text to a group, as the `repeat` rules count them. */
export interface TextSender {
  groupId: string;
  /** A digest of the normalised text. */
  textKey: string;
  sender: string;
  /** Epoch milliseconds. */
  at: number;
  /** Epoch seconds (DynamoDB TTL). */
  expiresAt: number;
}

/** A rule's claim to report a group (or a group's text) once in its window. */
export interface ReportClaim {
  groupId: string;
  /** The rule and what it counted, e.g. `flood` or `copypasta#<textKey>`. */
  scope: string;
  /** Who claims it: the event the report becomes. The same claimant may claim again (a retry). */
  claimant: string;
  /** The claiming message's time, epoch milliseconds. */
  at: number;
  /** Until when the claim holds, epoch milliseconds. */
  until: number;
  /** Epoch seconds (DynamoDB TTL). */
  expiresAt: number;
}

export interface MessageCounters {
  /**
   * Counts a group message and returns the times of the group's messages in (`since`,
   * `message.at`], newest first, at most `limit` of them. A message counts once, under the time it
   * was first counted with: the same `messageKey` again changes nothing, whatever its `at` (Agora's
   * retry repeats the body, but the `chat_offline` copy of a message need not carry the same time,
   * and the ledger must not count one message twice because of it).
   */
  countGroupMessage(
    message: GroupMessage,
    window: { since: number; limit: number },
    call?: CallOptions,
  ): Promise<number[]>;
  /**
   * Records that `sender` sent the text at `at` (a sender's latest time is kept) and returns the
   * latest times after `since` of distinct senders of that text to the group; reading stops once
   * `enough` are found.
   */
  countTextSender(entry: TextSender, window: { since: number; enough: number }, call?: CallOptions): Promise<number[]>;
  /**
   * True when the claim is granted: nobody holds the scope at `claim.at`, or the claimant itself
   * does (a retry of the same report). False while another claimant holds it.
   */
  claimReport(claim: ReportClaim, call?: CallOptions): Promise<boolean>;
}
