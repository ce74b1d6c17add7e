/**
 * A Lambda entry point whose handler (and the dependencies inside it: secrets, clients) is built
 * on the first invocation, not at import. A build that fails is not kept: the next invocation
 * builds again, so one throttled `GetSecretValue` at cold start, or a secret filled after the
 * deploy, costs one failed invocation instead of the instance.
 */
import type { Context } from 'aws-lambda';
import type { LambdaHandler } from './handler.js';

export function lazyHandler<E, R>(build: () => Promise<LambdaHandler<E, R>>): LambdaHandler<E, R> {
  let built: Promise<LambdaHandler<E, R>> | undefined;
  return async (event: E, context: Context) => {
    if (!built) {
      const attempt = build();
      built = attempt;
      // Forget a failed build, unless a newer attempt has replaced it meanwhile.
      attempt.catch(() => {
        if (built === attempt) built = undefined;
      });
    }
    return (await built)(event, context);
  };
}
