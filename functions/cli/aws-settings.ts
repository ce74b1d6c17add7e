/**
 * The AWS settings the SDK resolves only at its first call, checked before anything is sent: a
 * missing region, credentials or local endpoint is then a configuration error naming the
 * setting (exit 2), not a stack trace from deep in the SDK or a call to a host that cannot exist.
 * An endpoint that cannot be reached, does not answer or gives no AWS answer is named too, with
 * the service (exit 1).
 */
import { ConfigError } from '../config/index.js';

/** What every AWS SDK v3 client exposes of its resolved configuration and its middleware. */
interface AwsClient {
  config: { region: () => Promise<string>; credentials: () => Promise<unknown>; requestHandler?: unknown };
  middlewareStack: object;
}

/**
 * The one overload of `middlewareStack.add` used here. Each client types its stack with its own
 * commands' inputs and outputs, which a middleware for every client cannot name; this one passes
 * them on untouched.
 */
interface InitializeStep {
  add(
    middleware: (next: (args: unknown) => Promise<unknown>, context: SdkContext) => (args: unknown) => Promise<unknown>,
    options: { step: 'initialize'; name: string },
  ): void;
}

/** The Node.js request handler's way to change its settings after the client was made. */
interface ConfigurableHandler {
  updateHttpClientConfig(key: 'connectionTimeout' | 'socketTimeout', value: number): void;
}

/** The parts of the SDK's handler context read here (filled in by its own middleware on the way down). */
interface SdkContext {
  clientName?: string;
  endpointV2?: { url: URL };
}

/**
 * How long a CLI call waits for a connection, and for the next byte of an answer: the SDK waits
 * for ever by default, and an endpoint that accepts a request and never answers would hang the
 * command. Idle time, not the whole call's, so that a large upload on a slow link still works.
 */
export interface AwsCallBounds {
  connectMs: number;
  idleMs: number;
}
export const CLI_AWS_BOUNDS: AwsCallBounds = { connectMs: 5_000, idleMs: 20_000 };

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

/** Whether `code` is one of Node's codes for a connection that failed. */
export const isConnectionFailure = (code: string | undefined): boolean =>
  code !== undefined && code in CONNECTION_FAILURES;

/** An AWS endpoint the CLI could not reach, or whose answer was no AWS answer. */
export class AwsEndpointError extends Error {
  override name = 'AwsEndpointError';
  constructor(message: string, options: ErrorOptions) {
    super(message, options);
  }
}

/** What went wrong with the endpoint, in words, or undefined when `error` is AWS's own answer. */
function endpointProblem(error: unknown, bounds: AwsCallBounds): { reached: boolean; problem: string } | undefined {
  const failure = error as NodeJS.ErrnoException & { $metadata?: { httpStatusCode?: number } };
  if (isConnectionFailure(failure.code)) return { reached: false, problem: CONNECTION_FAILURES[failure.code!]! };
  if (failure.name === 'TimeoutError') {
    return /establish a connection/.test(failure.message)
      ? { reached: false, problem: `no connection within ${bounds.connectMs / 1000} s` }
      : { reached: true, problem: `no answer for ${bounds.idleMs / 1000} s` };
  }
  // The SDK could not read the answer as the service's (an HTML error page, a proxy's answer).
  const status = failure.$metadata?.httpStatusCode;
  if (
    failure.name === 'SyntaxError' ||
    failure.name === 'Unknown' ||
    failure.message.startsWith('Deserialization error')
  ) {
    return {
      reached: true,
      problem: `answered${status ? ` HTTP ${status}` : ''} with a body that is not an AWS answer`,
    };
  }
  return undefined;
}

/** Marks the clients already readied: a second middleware of one name would be refused. */
const readied = new WeakSet<object>();

/**
 * Bounds every call of `client` by `bounds`, and makes a call that cannot reach its endpoint, or
 * gets no AWS answer from it, after the SDK's retries, throw an `AwsEndpointError` naming the
 * service and the endpoint.
 */
function nameEndpointFailures(client: AwsClient, bounds: AwsCallBounds): void {
  const handler = client.config.requestHandler as Partial<ConfigurableHandler> | undefined;
  handler?.updateHttpClientConfig?.('connectionTimeout', bounds.connectMs);
  handler?.updateHttpClientConfig?.('socketTimeout', bounds.idleMs);
  (client.middlewareStack as InitializeStep).add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const found = endpointProblem(error, bounds);
        if (!found) throw error;
        const service = (context.clientName ?? 'AWS').replace(/Client$/, '');
        const endpoint = context.endpointV2?.url.origin ?? 'its endpoint';
        const message = found.reached
          ? `${service} at ${endpoint}: ${found.problem}`
          : `cannot reach ${service} at ${endpoint}: ${found.problem}`;
        throw new AwsEndpointError(message, { cause: error });
      }
    },
    { step: 'initialize', name: 'groupmodNameEndpointFailures' },
  );
}

const REGION_HINT =
  'AWS_REGION: required: the region of the queue, table or bucket (e.g. export AWS_REGION=eu-west-1), or a profile with a region (AWS_PROFILE)';
export const CREDENTIALS_HINT =
  'AWS credentials: none found: export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE for a profile in ~/.aws (aws configure, aws sso login)';

/**
 * Readies `client` for the CLI (once per client): its calls are bounded, and their endpoint
 * failures name the service and the endpoint (see `nameEndpointFailures`).
 * @throws {ConfigError} naming the region and credentials when the client cannot resolve them.
 */
export async function prepareAwsClient(client: AwsClient, bounds: AwsCallBounds = CLI_AWS_BOUNDS): Promise<void> {
  if (!readied.has(client)) {
    readied.add(client);
    nameEndpointFailures(client, bounds);
  }
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
  throw new ConfigError([
    `AWS_ENDPOINT_URL_SQS: required for a queue outside AWS (${variable} is on ${host}): export AWS_ENDPOINT_URL_SQS=http://<host>:<port> of that SQS endpoint, as npm start prints it`,
  ]);
}
