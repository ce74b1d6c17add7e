/**
 * A Lambda entry point whose handler (and the dependencies inside it: secrets, clients) is built
 * once, and built again after a failure: a build that fails is not kept, so one throttled
 * `GetSecretValue` at cold start, or a secret filled after the deploy, costs one failed
 * invocation instead of the instance.
 *
 * `lazyHandler` builds on the first invocation. `preparedHandler` starts the build at import, so
 * that Lambda's init phase (the module's top level, awaited) reads the secrets and opens the
 * connections before the first request, and before a provisioned instance is put in service:
 * what has a deadline of its own (a pre-delivery verdict) does not pay for them in a request.
 */
import type { Context } from 'aws-lambda';
import type { LambdaHandler } from './handler.js';

interface Builds<E, R> {
  /** The build in progress or done; a new one when none is, or the last one failed. */
  current(): Promise<LambdaHandler<E, R>>;
}

function builds<E, R>(build: () => Promise<LambdaHandler<E, R>>): Builds<E, R> {
  let built: Promise<LambdaHandler<E, R>> | undefined;
  return {
    current() {
      if (!built) {
        const attempt = build();
        built = attempt;
        // Forget a failed build, unless a newer attempt has replaced it meanwhile.
        attempt.catch(() => {
          if (built === attempt) built = undefined;
        });
      }
      return built;
    },
  };
}

export function lazyHandler<E, R>(build: () => Promise<LambdaHandler<E, R>>): LambdaHandler<E, R> {
  const handlers = builds(build);
  return async (event: E, context: Context) => (await handlers.current())(event, context);
}

export interface PreparedHandler<E, R> {
  handler: LambdaHandler<E, R>;
  /**
   * Settles when the build started at import has: it never rejects, so an entry point can await
   * it at its top level and still load when the build fails (the failure is reported to
   * `onFailure`, and the first invocation builds again and fails with the error itself).
   */
  ready: Promise<void>;
}

/**
 * The build starts now. @param onFailure told of a build started here that failed (the
 * invocations that build again throw their errors as `lazyHandler`'s do).
 */
export function preparedHandler<E, R>(
  build: () => Promise<LambdaHandler<E, R>>,
  onFailure: (error: unknown) => void = reportFailedPreparation,
): PreparedHandler<E, R> {
  const handlers = builds(build);
  const ready = handlers.current().then(
    () => undefined,
    (error: unknown) => {
      onFailure(error);
    },
  );
  return { handler: async (event: E, context: Context) => (await handlers.current())(event, context), ready };
}

/**
 * One structured line on stderr (Lambda's init log): the dependencies' own logger does not exist
 * when building them failed.
 */
function reportFailedPreparation(error: unknown): void {
  const { name, message, stack } =
    error instanceof Error ? error : { name: 'Error', message: String(error), stack: undefined };
  console.error(
    JSON.stringify({
      level: 'ERROR',
      message: 'preparing the function at init failed: the first invocation prepares it again',
      timestamp: new Date().toISOString(),
      error: { name, message, stack },
    }),
  );
}
