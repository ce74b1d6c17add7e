/**
 * What the ingress reads from a callback body, in two steps. First the signed fields, before
 * anything else is trusted; then, once the signature holds, a message callback's fields. The
 * shapes follow Agora's documentation where the sources agree and accept both readings where
 * they do not (`callId` as `{appKey}_{uuid}` or `{appKey}_{message id}`; a group message's `to`
 * as the group or a user). Unknown fields are fine: Agora adds fields without notice.
 */
import * as z from 'zod';
import { groupIdSchema } from '../agora/index.js';

export const signedFieldsSchema = z.looseObject({
  callId: z.string().min(1).max(512),
  /** Milliseconds since the epoch; the signature covers its digits as they are written. */
  timestamp: z.union([z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,16}$/)]),
  security: z.string().min(1).max(128),
});
export type SignedFields = z.output<typeof signedFieldsSchema>;

/** The kinds of callback that carry a chat message; everything else is answered and ignored. */
export const MESSAGE_EVENT_TYPES = ['chat', 'chat_offline'] as const;
export const MESSAGE_CHAT_TYPES = ['chat', 'groupchat'] as const;

const bodySchema = z
  .looseObject({ type: z.string().min(1).max(32), msg: z.string().optional() })
  .refine((body) => body.type !== 'txt' || body.msg !== undefined, {
    message: 'a txt body needs "msg" as a string',
    path: ['msg'],
  });

export const messageCallbackSchema = z.looseObject({
  eventType: z.enum(MESSAGE_EVENT_TYPES).optional(),
  chat_type: z.enum(MESSAGE_CHAT_TYPES),
  group_id: groupIdSchema.optional(),
  from: z.string().min(1).max(256),
  to: z.string().max(256).optional(),
  msg_id: z.string().min(1).max(128).optional(),
  payload: z.looseObject({ bodies: z.array(bodySchema).max(50) }),
});

/** Whether a verified body is a message callback this ingress reads, or why it is not. */
export function messageKindOf(body: Record<string, unknown>): { message: true } | { message: false; kind: string } {
  const { eventType, chat_type: chatType } = body;
  const eventOk = eventType === undefined || (MESSAGE_EVENT_TYPES as readonly unknown[]).includes(eventType);
  const chatOk = (MESSAGE_CHAT_TYPES as readonly unknown[]).includes(chatType);
  if (eventOk && chatOk) return { message: true };
  return {
    message: false,
    kind: `${typeof eventType === 'string' ? eventType : '-'}/${typeof chatType === 'string' ? chatType : '-'}`.slice(
      0,
      64,
    ),
  };
}
