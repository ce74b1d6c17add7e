/**
 * The AWS settings the SDK resolves only at its first call, checked before anything is sent: a
 * missing region, credentials or local endpoint is then a configuration error naming the
 * setting (exit 2), not a stack trace from deep in the SDK or a call to a host that cannot exist.
 * An endpoint that cannot be reached is named too, with the service (exit 1).
 */
import { ConfigError } from '../config/index.js';

/** What every AWS SDK v3 client exposes of its resolved configuration and its middleware. */
interface AwsClient {
  config: { region: () => Promise<string>; credentials: () => Promise<unknown> };
  middlewareStack: object;
}

/**
 * The one overload of `middlewareStack.add` used here. Each client types its stack with its own
 * commands' inputs and outputs, which a middleware for every client cannot name; this one passes
 * them on untouched.
 */
interface InitializeStep {
  add(middleware: (next: (args: unknown) => Promise<unknown>, context: SdkContext) => (args: unknown) => Promise<unknown>, options: { step: 'initialize'; name: string }): void;
}

/** The parts of the SDK's handler context read here (filled in by its own middleware on the way down). */
interface SdkContext {
  clientName?: string;
  endpointV2?: { url: URL };
}

/** What the connection failures the SDK passes on through unchanged (Node's own errors) mean. */
const CONNECTION_FAILURES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/** An AWS endpoint the CLI could not connect to. */
export class AwsUnreachableError extends Error {
  override name = 'AwsUnreachableError';
  constructor(readonly service: string, readonly endpoint: string, readonly code: string, options: ErrorOptions) {
    super(`cannot reach ${service} at ${endpoint}: ${CONNECTION_FAILURES[code] ?? code}`, options);
  }
}

/** Every call of `client` that fails to connect, after the SDK's retries, throws an `AwsUnreachableError`. */
function nameUnreachableEndpoints(client: AwsClient): void {
  (client.middlewareStack as InitializeStep).add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (!code || !(code in CONNECTION_FAILURES)) throw error;
        const service = (context.clientName ?? 'AWS').replace(/Client$/, '');
        const endpoint = context.endpointV2?.url.origin ?? 'its endpoint';
        throw new AwsUnreachableError(service, endpoint, code, { cause: error });
      }
    },
    { step: 'initialize', name: 'groupmodNameUnreachableEndpoints' },
  );
}

const REGION_HINT = 'AWS_REGION: required: the region of the queue, table or bucket (e.g. export AWS_REGION=eu-west-1), or a profile with a region (AWS_PROFILE)';
export const CREDENTIALS_HINT =
  'AWS credentials: none found: export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE for a profile in ~/.aws (aws configure, aws sso login)';

/**
 * Readies `client` for the CLI: its calls' connection failures name the service and the endpoint.
 * @throws {ConfigError} naming the region and credentials when the client cannot resolve them.
 */
export async function checkAwsSettings(client: AwsClient): Promise<void> {
  nameUnreachableEndpoints(client);
  const problems: string[] = [];
  // The credential chain is read once and cached by the client, so the real call reuses it.
  const [region, credentials] = await Promise.allSettled([client.config.region(), client.config.credentials()]);
  if (region.status === 'rejected') problems.push(REGION_HINT);
  if (credentials.status === 'rejected') problems.push(CREDENTIALS_HINT);
  if (problems.length > 0) throw new ConfigError(problems);
}

/**
 * A queue outside AWS (the local stack's `http://sqs.us-east-1.localhost:4566/...`) is reached
 * through `AWS_ENDPOINT_URL_SQS`: without it the SDK would send to the queue URL's host, which
 * for a local queue does not resolve.
 * @throws {ConfigError} naming `AWS_ENDPOINT_URL_SQS` and the queue.
 */
export function checkQueueEndpoint(variable: string, queueUrl: string, env: NodeJS.ProcessEnv): void {
  const { host } = new URL(queueUrl);
  if (env.AWS_ENDPOINT_URL_SQS || /\.amazonaws\.com(\.cn)?$/.test(host)) return;
  throw new ConfigError([`AWS_ENDPOINT_URL_SQS: required for a queue outside AWS (${variable} is on ${host}): export AWS_ENDPOINT_URL_SQS=http://<host>:<port> of that SQS endpoint, as npm start prints it`]);
}
