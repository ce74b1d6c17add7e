/**
 * A rehearsal of the pre-delivery request path at init, so that the first real verdict of an
 * instance does not pay for it. V8 compiles a function on its first call, and the first call of
 * each step of the path (the middy shell and Powertools' middlewares, reading and verifying the
 * callback, its zod schemas and digest, the rules' matchers, the claim, a rejection's event, its
 * schema check and the queue client's serializer and signer) otherwise falls on the first request,
 * which Agora gives 200 ms in all.
 *
 * The rehearsal goes through the same functions as a request, with a synthetic callback signed
 * with the function's own secret, and leaves nothing an operator sees as traffic:
 * - its logger and metrics are its own: the logger is silent, and the metrics are serialized (the
 *   code that publishes them is compiled) but never written, so no EMF line and no log line of
 *   it reaches CloudWatch, and the function's own logger keeps its cold start for the first request;
 * - its claim goes to a store that holds nothing and writes nothing (the table's connection is
 *   opened by `prepareConnections`, with a put whose condition cannot hold);
 * - its rejection's report goes through the real queue client as a batch with no entries, which
 *   SQS refuses (`EmptyBatchRequest`) without enqueueing anything: the client's endpoint,
 *   credentials, serializer and signer run, and the queue's connection opens (kept alive for the
 *   first real report), as the table's does at `prepareConnections`.
 * Nothing reaches the ledger table or the queue, so no flood or repeat rule (which count there and
 *   from the post-delivery endpoint) and no moderation policy ever sees the rehearsal.
 * A failure of the rehearsal is logged at debug level and changes nothing: the first request then
 * compiles what is left, as without it.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, LambdaFunctionURLEvent } from 'aws-lambda';
import { ClaimOutcome, type CallbackClaims } from '../ledger/index.js';
import { compileRuleSet, rulesSchema } from '../rules/index.js';
import { PREPARE_TIMEOUT_MS, type CallbackFunctionDependencies } from './callback-dependencies.js';
import { createCallbackHandler } from './function-url.js';
import { handlePreDelivery } from './pre-delivery.js';
import { callbackSignature } from './signature.js';

/** The rehearsal's rule: it rejects the rehearsal's text, so that the rejection's path runs too. */
const WARM_UP_RULE = 'init-warm-up';
const WARM_UP_TEXT = 'init warm-up';

/**
 * Metrics that are serialized as if published, then dropped: nothing is written to stdout. A
 * single metric (a rule's own dimension) is one of these too: Powertools publishes it at once.
 */
class UnpublishedMetrics extends Metrics {
  override singleMetric(): Metrics {
    return new UnpublishedMetrics({ serviceName: WARM_UP_RULE, namespace: WARM_UP_RULE, singleMetric: true });
  }

  override publishStoredMetrics(): this {
    try {
      if (this.hasStoredMetrics()) this.serializeMetrics();
    } finally {
      this.clearMetrics();
      this.clearDimensions();
      this.clearMetadata();
    }
    return this;
  }
}

/** A claim store that accepts every claim and keeps none. */
const UNKEPT_CLAIMS: CallbackClaims = { claimCallback: () => Promise.resolve(ClaimOutcome.Claimed) };

/**
 * The function's queue client, each send of which goes out as the same batch with no entries:
 * SQS refuses it (`EmptyBatchRequest`) and enqueues nothing, once the client has resolved its
 * endpoint and credentials, signed the request, opened its connection (kept alive for the first
 * request's report) and read an answer.
 */
function emptyBatchQueue(sqs: SQSClient): SQSClient {
  const send = (command: SendMessageBatchCommand, options?: { abortSignal?: AbortSignal }) =>
    sqs.send(new SendMessageBatchCommand({ ...command.input, Entries: [] }), options);
  return { send } as unknown as SQSClient;
}

/** A group message callback as Agora sends it, signed with `secret`. */
function warmUpEvent(secret: string, now: number): LambdaFunctionURLEvent {
  const callId = `warm-up_${now}`;
  const timestamp = now;
  const body = {
    callId,
    eventType: 'chat',
    timestamp,
    chat_type: 'groupchat',
    group_id: '1',
    from: 'init-warm-up',
    to: '1',
    msg_id: String(now),
    payload: { ext: {}, bodies: [{ type: 'txt', msg: WARM_UP_TEXT }] },
    securityVersion: '1.0.0',
    security: callbackSignature(callId, secret, String(timestamp)),
  };
  return {
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST' } },
  } as unknown as LambdaFunctionURLEvent;
}

const WARM_UP_CONTEXT = {
  functionName: 'init-warm-up',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:init-warm-up',
  memoryLimitInMB: '128',
  awsRequestId: 'init-warm-up',
  logGroupName: 'init-warm-up',
  logStreamName: 'init-warm-up',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

/** The dependencies of the rehearsal: the function's own, with what records or sends anything replaced. */
function warmUpDependencies(deps: CallbackFunctionDependencies): CallbackFunctionDependencies {
  // Compiled as any terms rule is, so that its hit is found, located and explained as a real one.
  const [rejecting] = compileRuleSet(
    rulesSchema.parse({ rules: [{ name: WARM_UP_RULE, terms: [WARM_UP_TEXT], reject: true }] }),
  ).content;
  return {
    ...deps,
    logger: new Logger({ serviceName: WARM_UP_RULE, logLevel: 'SILENT' }),
    metrics: new UnpublishedMetrics({ serviceName: WARM_UP_RULE, namespace: WARM_UP_RULE }),
    // The function's own rules first, so that their matchers run on the text too; then the rehearsal's.
    rules: { ...deps.rules, content: [...deps.rules.content, rejecting!], dryRun: false },
    claims: UNKEPT_CLAIMS,
    queue: { ...deps.queue, sqs: emptyBatchQueue(deps.queue.sqs) },
    // Time for the queue's connection to open, as `prepareConnections` gives the table's.
    reportTimeoutMs: PREPARE_TIMEOUT_MS,
    rereadSecrets: undefined,
  };
}

/** Runs one synthetic callback through the pre-delivery handler; never throws. */
export async function warmUpPreDelivery(deps: CallbackFunctionDependencies): Promise<void> {
  const [secret] = deps.verification.secrets;
  if (secret === undefined) return;
  const started = performance.now();
  try {
    const handler = createCallbackHandler(handlePreDelivery, warmUpDependencies(deps));
    await handler(warmUpEvent(secret, deps.clock()), WARM_UP_CONTEXT);
    deps.logger.debug('pre-delivery path warmed up at init', { ms: Math.round(performance.now() - started) });
  } catch (error) {
    deps.logger.debug('pre-delivery warm-up failed; the first callback compiles what is left', {
      error: error as Error,
    });
  }
}
