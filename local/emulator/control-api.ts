/**
 * `/_emulator/...`: the emulator's own control plane, for tests and benchmarks that run it in
 * another process. Not part of Agora Chat's API; no token needed.
 *
 * - `POST /_emulator/seed` `{"count": 1000000, "users"?, "membersPerGroup"?, "disabledEvery"?}`
 * - `POST /_emulator/groups` a group record (any field of the store's groups) → the stored group
 * - `GET /_emulator/groups/{id}` → the stored group, or 404
 * - `GET /_emulator/groups/{id}/messages` → `{"messages": [{"msgId", "from", "timestamp", "state"}]}`,
 *   `state` `delivered` or `recalled`, oldest first
 * - `DELETE /_emulator/groups` → removes every group
 * - `PUT /_emulator/faults` `{"sequence"?, "errorRate"?, "rateStatus"?, "latencyMs"?, "endpoints"?}`
 * - `PUT /_emulator/rate-limits` `false` or `{"default"?: 100, "joined"?: 50, ...}`
 * - `GET /_emulator/stats` answers by endpoint and status; `DELETE /_emulator/stats` resets them
 * - `POST /_emulator/messages` `{"groupId", "from", "text"?, "bodies"?, "ext"?}`: a member sends a
 *   chat message; the answer says whether it was delivered or rejected at pre-delivery, or refuses
 *   it with 403 `{"status": "refused", "reason"}`: `not a member`, `sender muted`, `group muted`
 *   (404 for a group that does not exist)
 * - `PUT /_emulator/callbacks` `{"preDelivery"?: {"url", "secret", "timeoutMs"?, "fallback"?},
 *   "postDelivery"?: {"url", "secret", "timeoutMs"?, "offline"?}, "callIdStyle"?, "switchOff"?}`;
 *   `GET /_emulator/callbacks` → the rules and every callback sent
 */
import { z } from 'zod';
import type { CallbackRules } from './callback-rules.js';
import type { ChatService } from './chat.js';
import type { FaultInjector } from './faults.js';
import type { GroupStore } from './group-store.js';
import { EMULATED_ENDPOINTS, type ServerRateLimits } from './rate-limits.js';

const seedSchema = z.strictObject({
  count: z.number().int().min(0).max(10_000_000),
  users: z.number().int().min(1).optional(),
  membersPerGroup: z.number().int().min(0).max(100).optional(),
  disabledEvery: z.number().int().min(0).optional(),
  namePrefix: z.string().optional(),
});
const faultSchema = z.union([
  z.literal('reset'),
  z.number().int(),
  z.strictObject({ status: z.number().int(), error: z.string().optional(), description: z.string().optional() }),
]);
const faultsSchema = z.strictObject({
  sequence: z.array(faultSchema).optional(),
  errorRate: z.number().min(0).max(1).optional(),
  rateStatus: z.number().int().optional(),
  latencyMs: z.number().min(0).optional(),
  endpoints: z.array(z.enum(EMULATED_ENDPOINTS)).optional(),
});
const limitsSchema = z.union([
  z.literal(false),
  z.strictObject(
    Object.fromEntries(['default', ...EMULATED_ENDPOINTS].map((k) => [k, z.number().positive().optional()])),
  ),
]);
const groupSchema = z.looseObject({ name: z.string(), owner: z.string() });
const messageSchema = z.strictObject({
  groupId: z.string(),
  from: z.string().min(1),
  text: z.string().optional(),
  bodies: z
    .array(z.looseObject({ type: z.string() }))
    .min(1)
    .optional(),
  ext: z.record(z.string(), z.unknown()).optional(),
});
const ruleFields = { url: z.url(), secret: z.string().min(1), timeoutMs: z.number().positive().optional() };
const callbacksSchema = z.strictObject({
  preDelivery: z.strictObject({ ...ruleFields, fallback: z.enum(['pass', 'reject']).optional() }).optional(),
  postDelivery: z.strictObject({ ...ruleFields, offline: z.boolean().optional() }).optional(),
  callIdStyle: z.enum(['uuid', 'message-id']).optional(),
  switchOff: z
    .strictObject({ failures: z.number().int().min(1), windowMs: z.number().positive(), offMs: z.number().positive() })
    .optional(),
});

type Reply = (status: number, payload: unknown) => void;

/** The parts of a running emulator the control plane reads and changes. */
export interface ControlledEmulator {
  store: GroupStore;
  faults: FaultInjector;
  rateLimits: ServerRateLimits;
  stats: unknown;
  resetStats(): void;
  chat: ChatService;
  callbacks: CallbackRules;
}

export async function handleControl(
  emulator: ControlledEmulator,
  method: string,
  segments: string[],
  body: string,
  reply: Reply,
): Promise<void> {
  const json = (): unknown => (body ? JSON.parse(body) : undefined);
  const parse = <S extends z.ZodType>(schema: S): z.output<S> | undefined => {
    const result = schema.safeParse(json());
    if (!result.success) reply(400, { error: 'invalid_parameter', error_description: z.prettifyError(result.error) });
    return result.success ? result.data : undefined;
  };
  const key = `${method} ${segments[0] ?? ''}`;
  switch (key) {
    case 'POST seed': {
      const options = parse(seedSchema);
      if (!options) return;
      const started = performance.now();
      const range = emulator.store.seed(options);
      return reply(200, {
        seeded: options.count,
        total: emulator.store.size,
        ms: Math.round(performance.now() - started),
        ...range,
      });
    }
    case 'POST groups': {
      const group = parse(groupSchema);
      if (group) reply(200, emulator.store.insert(group));
      return;
    }
    case 'GET groups': {
      const group = segments[1] ? emulator.store.get(segments[1]) : undefined;
      if (!group || (segments[2] !== undefined && segments[2] !== 'messages') || segments.length > 3) {
        return reply(404, { error: 'service_resource_not_found', error_description: 'no such group' });
      }
      return segments[2] === 'messages' ? reply(200, { messages: emulator.chat.listed(group.id) }) : reply(200, group);
    }
    case 'DELETE groups':
      emulator.store.clear();
      return reply(200, { total: 0 });
    case 'PUT faults': {
      const faults = parse(faultsSchema);
      if (faults) {
        emulator.faults.set(faults);
        reply(200, faults);
      }
      return;
    }
    case 'PUT rate-limits': {
      const limits = parse(limitsSchema);
      if (limits !== undefined) {
        emulator.rateLimits.set(limits);
        reply(200, { rateLimits: limits });
      }
      return;
    }
    case 'POST messages': {
      const message = parse(messageSchema);
      if (!message) return;
      const outcome = await emulator.chat.send(message);
      if (outcome.status !== 'refused') return reply(200, outcome);
      return outcome.reason === 'no such group'
        ? reply(404, { error: 'service_resource_not_found', error_description: outcome.reason })
        : reply(403, {
            status: 'refused',
            reason: outcome.reason,
            error: 'forbidden_op',
            error_description: outcome.reason,
          });
    }
    case 'PUT callbacks': {
      const settings = parse(callbacksSchema);
      if (settings) {
        emulator.callbacks.set(settings);
        reply(200, settings);
      }
      return;
    }
    case 'GET callbacks':
      return reply(200, { rules: emulator.callbacks.state, attempts: emulator.callbacks.attempts });
    case 'GET stats':
      return reply(200, emulator.stats);
    case 'DELETE stats':
      emulator.resetStats();
      return reply(200, {});
    default:
      return reply(404, {
        error: 'not_found',
        error_description: `no control endpoint ${method} /_emulator/${segments.join('/')}`,
      });
  }
}
