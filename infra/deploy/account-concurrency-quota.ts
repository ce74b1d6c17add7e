/**
 * Reads the account's Lambda concurrency from GetAccountSettings, with the credentials, region and
 * endpoint the AWS SDK finds on its own (AWS_ENDPOINT_URL_LAMBDA, then AWS_ENDPOINT_URL, then
 * Lambda's regional endpoint), and says plainly what stopped it when it cannot.
 */
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { AccountConcurrency } from './reservation-check.js';

/** The quota could not be read: `message` says why and what to do. */
export class QuotaUnreadableError extends Error {
  override name = 'QuotaUnreadableError';
}

export interface QuotaSource {
  /** A named profile (cdk's `--profile`). @default the SDK's own choice (AWS_PROFILE, then default) */
  profile?: string | undefined;
}

const WAYS_OUT =
  'Give this shell the credentials and region of the account you deploy to ' +
  '(AWS_PROFILE or --profile, `aws configure`, `aws sso login`; AWS_REGION), ' +
  'or run `npx cdk deploy` directly, which skips this check and takes groupmod.accountConcurrencyLimit as the quota.';

/** Where the SDK sends the call, as it chooses it: for the messages. */
function endpointOf(env: NodeJS.ProcessEnv, region: string | undefined): string {
  return env.AWS_ENDPOINT_URL_LAMBDA || env.AWS_ENDPOINT_URL || (region ? `https://lambda.${region}.amazonaws.com` : 'Lambda');
}

/** The connection-level cause of a failed call, if it is one (refused, unknown host, timed out). */
function connectionProblem(error: unknown): string | undefined {
  for (let cause = error as { code?: string; name?: string; cause?: unknown } | undefined; cause; cause = cause.cause as typeof cause) {
    if (cause.code === 'ECONNREFUSED') return 'connection refused';
    if (cause.code === 'ENOTFOUND' || cause.code === 'EAI_AGAIN') return 'host not found';
    if (cause.code === 'ECONNRESET') return 'connection reset';
    if (cause.name === 'TimeoutError' || cause.code === 'ETIMEDOUT') return 'no answer in time';
  }
  return undefined;
}

/**
 * @returns the quota, what is unreserved, and the region the SDK resolved
 * @throws {QuotaUnreadableError} without credentials or region, when Lambda cannot be reached, or
 *   when it refuses the call or answers without the two numbers
 */
export async function readAccountConcurrency(source: QuotaSource = {}): Promise<AccountConcurrency & { region: string }> {
  // The SDK reads the environment itself (credentials, endpoints); the rest of it is read here alike.
  const env = process.env;
  // cdk takes AWS_DEFAULT_REGION too, which the SDK alone would not: the same region as the deploy.
  const envRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  const client = new LambdaClient({
    ...(source.profile && { profile: source.profile }),
    ...(envRegion && { region: envRegion }),
    // One retry, and bounded waits: a check before a deploy should fail in seconds, not minutes.
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000 },
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
  try {
    const answer = await client.send(new GetAccountSettingsCommand({}));
    const limit = answer.AccountLimit?.ConcurrentExecutions;
    const unreserved = answer.AccountLimit?.UnreservedConcurrentExecutions;
    if (!Number.isInteger(limit) || !Number.isInteger(unreserved)) {
      throw new QuotaUnreadableError(
        `cannot read the Lambda concurrency quota: ${endpoint} answered GetAccountSettings ` +
          `without AccountLimit.ConcurrentExecutions and UnreservedConcurrentExecutions. ${WAYS_OUT}`,
      );
    }
    return { limit: limit!, unreserved: unreserved!, region };
  } catch (error) {
    if (error instanceof QuotaUnreadableError) throw error;
    const problem = error as Error & { $metadata?: { httpStatusCode?: number } };
    if (problem.name === 'CredentialsProviderError') {
      const profile = source.profile ? ` for profile ${source.profile}` : '';
      throw new QuotaUnreadableError(
        `cannot read the Lambda concurrency quota in ${region}: no AWS credentials found${profile} (${problem.message}). ${WAYS_OUT}`,
      );
    }
    const connection = connectionProblem(error);
    if (connection) throw new QuotaUnreadableError(`cannot reach Lambda at ${endpoint}: ${connection}. ${WAYS_OUT}`);
    const status = problem.$metadata?.httpStatusCode;
    throw new QuotaUnreadableError(
      `cannot read the Lambda concurrency quota in ${region}: ${endpoint} answered GetAccountSettings ` +
        `with ${problem.name}${status ? ` (HTTP ${status})` : ''}: ${problem.message} ` +
        `(the caller needs lambda:GetAccountSettings). ${WAYS_OUT}`,
    );
  } finally {
    client.destroy();
  }
}
