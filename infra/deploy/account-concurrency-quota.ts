/**
 * Reads the account's Lambda concurrency from GetAccountSettings, with the credentials, region and
 * endpoint the AWS SDK finds on its own (AWS_ENDPOINT_URL_LAMBDA, then AWS_ENDPOINT_URL, then
 * Lambda's regional endpoint), and says plainly what stopped it when it cannot.
 */
import { GetAccountSettingsCommand, LambdaClient, LambdaServiceException } from '@aws-sdk/client-lambda';
import { profileExists, sharedFiles } from './aws-profiles.js';
import { concurrencyInAnswer } from './quota-answer.js';
import type { AccountConcurrency } from './reservation-check.js';

/** The quota could not be read: `message` says why and what to do. */
export class QuotaUnreadableError extends Error {
  override name = 'QuotaUnreadableError';
}

/**
 * How long the check waits. An endpoint that takes the request and never answers (or stops
 * halfway through its answer) must not hold a deploy for ever: the SDK only warns when a request
 * outlives `requestTimeout` unless told to throw. Each attempt has `answerMs`, and so does the
 * answer once it starts to arrive.
 */
export const QUOTA_READ_BOUNDS = { connectMs: 5_000, answerMs: 15_000, maxAttempts: 2 } as const;
/** The SDK's wait before its retry: at most 1 s after a throttling answer (base 500 ms, doubled once), less otherwise. */
const RETRY_WAIT_MS = 1_000;

export interface QuotaSource {
  /** A named profile (cdk's `--profile`). @default the SDK's own choice (AWS_PROFILE, then default) */
  profile?: string | undefined;
  /** @default QUOTA_READ_BOUNDS */
  bounds?: { connectMs: number; answerMs: number } | undefined;
}

const WAYS_OUT =
  'Give this shell the credentials and region of the account you deploy to ' +
  '(AWS_PROFILE or --profile, `aws configure`, `aws sso login`; AWS_REGION), ' +
  'or run `npx cdk deploy` directly, which skips this check and takes groupmod.accountConcurrencyLimit as the quota.';

/** Where the SDK sends the call, as it chooses it: for the messages. */
function endpointOf(env: NodeJS.ProcessEnv, region: string | undefined): string {
  return (
    env.AWS_ENDPOINT_URL_LAMBDA ||
    env.AWS_ENDPOINT_URL ||
    (region ? `https://lambda.${region}.amazonaws.com` : 'Lambda')
  );
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`;

/** The connection-level cause of a failed call, if it is one (refused, unknown host, reset, no connection in time). */
function connectionProblem(error: unknown, connectMs: number): string | undefined {
  type Cause = { code?: string; name?: string; message?: string; cause?: unknown } | undefined;
  for (let cause = error as Cause; cause; cause = cause.cause as Cause) {
    if (cause.code === 'ECONNREFUSED') return 'connection refused';
    if (cause.code === 'ENOTFOUND' || cause.code === 'EAI_AGAIN') return 'host not found';
    if (cause.code === 'ECONNRESET') return 'connection reset';
    if (cause.name === 'TimeoutError' && /establish a connection/.test(cause.message ?? ''))
      return `no connection within ${seconds(connectMs)}`;
  }
  return undefined;
}

/** An error answer of AWS's own making: a service exception with an error type, not the SDK's stand-in for an unreadable one. */
const isAwsError = (error: unknown): error is LambdaServiceException =>
  error instanceof LambdaServiceException && error.name !== 'Unknown' && error.name !== 'UnknownError';

/** A refusal that a missing permission explains. */
const isDenied = (error: LambdaServiceException) =>
  error.$metadata.httpStatusCode === 403 || /AccessDenied/.test(error.name);

/**
 * @returns the quota, what is unreserved, and the region the SDK resolved
 * @throws {QuotaUnreadableError} without credentials, region or the named profile, when Lambda
 *   cannot be reached or does not answer in time, when it refuses the call, and when its answer
 *   is not an AWS answer or lacks the two numbers or holds numbers no quota can be
 */
export async function readAccountConcurrency(
  source: QuotaSource = {},
): Promise<AccountConcurrency & { region: string }> {
  // The SDK reads the environment itself (credentials, endpoints); the rest of it is read here alike.
  const env = process.env;
  const bounds = source.bounds ?? QUOTA_READ_BOUNDS;
  const profile = source.profile ?? env.AWS_PROFILE;
  if (profile && !profileExists(profile, env)) {
    const files = sharedFiles(env);
    const named = source.profile ? `--profile ${profile}` : `AWS_PROFILE ${profile}`;
    throw new QuotaUnreadableError(
      `cannot read the Lambda concurrency quota: ${named} names a profile that does not exist ` +
        `(no [profile ${profile}] in ${files.config}, no [${profile}] in ${files.credentials}). ${WAYS_OUT}`,
    );
  }
  // cdk takes AWS_DEFAULT_REGION too, which the SDK alone would not: the same region as the deploy.
  const envRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  const client = new LambdaClient({
    ...(source.profile && { profile: source.profile }),
    ...(envRegion && { region: envRegion }),
    // One retry, and bounded waits: a check before a deploy should fail in seconds, not minutes.
    maxAttempts: QUOTA_READ_BOUNDS.maxAttempts,
    requestHandler: {
      connectionTimeout: bounds.connectMs,
      requestTimeout: bounds.answerMs,
      // requestTimeout ends once the head of an answer arrives; a body that stops is a silent socket.
      socketTimeout: bounds.answerMs,
      throwOnRequestTimeout: true,
    },
  });
  let region: string | undefined;
  try {
    region = await client.config.region();
  } catch {
    region = undefined;
  }
  if (!region) {
    client.destroy();
    throw new QuotaUnreadableError(
      'cannot read the Lambda concurrency quota: no AWS region ' +
        `(set AWS_REGION, or a region in your profile). ${WAYS_OUT}`,
    );
  }
  const endpoint = endpointOf(env, region);
  // The handler's bounds end each attempt that gets no answer, or an answer that goes silent; this
  // one, past every attempt and the wait before the retry, also an answer that trickles in too
  // slowly ever to be silent for long.
  const deadline = AbortSignal.timeout(QUOTA_READ_BOUNDS.maxAttempts * bounds.answerMs + RETRY_WAIT_MS);
  try {
    const answer = await client.send(new GetAccountSettingsCommand({}), { abortSignal: deadline });
    const read = concurrencyInAnswer(answer.AccountLimit);
    if ('missing' in read) {
      throw new QuotaUnreadableError(
        `cannot read the Lambda concurrency quota in ${region}: ${endpoint} answered GetAccountSettings ` +
          `without ${read.missing.join(' and ')}. ${WAYS_OUT}`,
      );
    }
    if ('impossible' in read) {
      throw new QuotaUnreadableError(
        `Lambda answered an impossible quota: ${read.impossible}, at ${endpoint} in ${region}. ${WAYS_OUT}`,
      );
    }
    return { ...read.concurrency, region };
  } catch (error) {
    if (error instanceof QuotaUnreadableError) throw error;
    const call = { endpoint, region, profile: source.profile, bounds, timedOut: deadline.aborted };
    throw new QuotaUnreadableError(`${failure(error, call)} ${WAYS_OUT}`);
  } finally {
    client.destroy();
  }
}

interface FailedCall {
  endpoint: string;
  region: string;
  profile: string | undefined;
  bounds: { connectMs: number; answerMs: number };
  /** The deadline of the whole call passed. */
  timedOut: boolean;
}

/** One line on why the call failed, without the SDK's internals (stack, hidden fields, deserializer notes). */
function failure(error: unknown, call: FailedCall): string {
  const problem = error as Error & { $metadata?: { httpStatusCode?: number }; $response?: { statusCode?: number } };
  if (problem.name === 'CredentialsProviderError') {
    const profile = call.profile ? ` for profile ${call.profile}` : '';
    return `cannot read the Lambda concurrency quota in ${call.region}: no AWS credentials found${profile} (${problem.message}).`;
  }
  const connection = connectionProblem(error, call.bounds.connectMs);
  const noAnswer = `Lambda at ${call.endpoint} did not answer within ${seconds(call.bounds.answerMs)}.`;
  // Ending a call at the deadline resets its connection: that is no answer, not a reset by Lambda.
  if (call.timedOut && !connection?.startsWith('no connection')) return noAnswer;
  if (connection) return `cannot reach Lambda at ${call.endpoint}: ${connection}.`;
  if (problem.name === 'TimeoutError' || problem.name === 'AbortError') return noAnswer;
  if (isAwsError(error)) {
    const status = error.$metadata.httpStatusCode;
    const permission = isDenied(error) ? ' (the caller needs lambda:GetAccountSettings)' : '';
    return (
      `cannot read the Lambda concurrency quota in ${call.region}: ${call.endpoint} answered GetAccountSettings ` +
      `with ${error.name}${status ? ` (HTTP ${status})` : ''}: ${error.message}${permission}.`
    );
  }
  const status = problem.$metadata?.httpStatusCode ?? problem.$response?.statusCode;
  if (status) return `Lambda at ${call.endpoint} answered HTTP ${status} with a body that is not an AWS answer.`;
  return `cannot read the Lambda concurrency quota in ${call.region} from ${call.endpoint}: ${problem.message?.split('\n')[0] ?? String(error)}.`;
}
