import { AgoraApiError } from './errors.js';
import { validateInput } from './inputs.js';
import { recallInputSchema, type RecallInput } from './member-inputs.js';
import { recallBodySchema } from './member-responses.js';
import type { CallOptions, Transport } from './transport.js';

/** Why a message was not recalled. */
export type RecallFailure =
  /** Past the app's recall window (2 minutes unless the console says more): not worth sending again. */
  | 'too-late'
  /** Already recalled, or no longer stored. */
  | 'not-found'
  /** The recipient (`to`, the group) was not found. */
  | 'no-recipient'
  /** Anything else the service reported. */
  | 'failed';

export type RecallResult =
  { msgId: string; recalled: true } | { msgId: string; recalled: false; reason: RecallFailure; description: string };

/** The service's words for each failure, in either vendor's spelling. */
function failureOf(description: string): RecallFailure {
  if (/exceed/i.test(description)) return 'too-late';
  if (/not_found/i.test(description)) return 'not-found';
  if (/can't find/i.test(description)) return 'no-recipient';
  return 'failed';
}

/** Agora's failure body `{"msgs": [...]}` as an error's body, whatever its status. */
function recallFailureIn(error: AgoraApiError): string | undefined {
  const parsed = recallBodySchema.safeParse(error.body);
  if (parsed.success && !parsed.data.recalled) return parsed.data.reason;
  // Easemob's HTTP errors: 400 or 403 message_recall_error; a missing field is the caller's fault, not the message's.
  if (error.code === 'message_recall_error' && !/can't be empty/.test(error.description)) return error.description;
  return undefined;
}

/**
 * Messages of a group, as the server sees them.
 *
 * @example
 * ```ts
 * const result = await client.messages.recall({ groupId: '100743775617286960', msgId: '1028442084794698104' });
 * if (!result.recalled && result.reason === 'too-late') console.log('past the recall window');
 * ```
 */
export class MessagesResource {
  constructor(private readonly transport: Transport) {}

  /**
   * Recalls one group message. A message the service will not recall (too late, already recalled,
   * unknown) is an answer, not an error: Agora reports it in the body, Easemob with 400 or 403;
   * both come back as `recalled: false` with the reason. Sent again on failure: a second recall of
   * a recalled message reports `not-found`.
   */
  async recall(input: RecallInput, options?: CallOptions): Promise<RecallResult> {
    const r = validateInput(recallInputSchema, input, '');
    // `force` is sent always: Easemob's newest pages require it, Agora's default it to false. An absent `from` is left out of the JSON.
    const body = { msg_id: r.msgId, to: r.groupId, chat_type: 'groupchat', force: r.force ?? false, from: r.from };
    try {
      const answer = await this.transport.send(
        {
          endpoint: 'recall',
          method: 'POST',
          path: '/messages/msg_recall',
          body,
          idempotent: true,
          data: recallBodySchema,
          from: 'body',
        },
        options,
      );
      const outcome = answer.data;
      return outcome.recalled
        ? { msgId: r.msgId, recalled: true }
        : { msgId: r.msgId, recalled: false, reason: failureOf(outcome.reason), description: outcome.reason };
    } catch (error) {
      const description = error instanceof AgoraApiError ? recallFailureIn(error) : undefined;
      if (description === undefined) throw error;
      return { msgId: r.msgId, recalled: false, reason: failureOf(description), description };
    }
  }
}
