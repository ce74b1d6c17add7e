/**
 * The endpoints as Lambda function URL handlers (payload format 2.0): the request's method and
 * body in, the response's status and JSON body out, through the shared Lambda shell (logger,
 * metrics, the deadline's signal for every outbound call).
 */
import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { lambdaHandler, type LambdaHandler } from '../lambda/index.js';
import type { Abortable } from '../aws/index.js';
import type { CallbackDependencies, CallbackResponse } from './callback-dependencies.js';
import type { CallbackRequest } from './read-callback.js';

export type Endpoint = (
  deps: CallbackDependencies,
  request: CallbackRequest,
  call: Abortable,
) => Promise<CallbackResponse>;

export function requestOf(event: LambdaFunctionURLEvent): CallbackRequest {
  const body = event.body ?? '';
  return {
    method: event.requestContext.http.method,
    body: event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body,
  };
}

export function resultOf(response: CallbackResponse): LambdaFunctionURLResult {
  return {
    statusCode: response.status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(response.body),
  };
}

export function createCallbackHandler(
  endpoint: Endpoint,
  deps: CallbackDependencies & { deadlineMarginMs: number },
): LambdaHandler<LambdaFunctionURLEvent, LambdaFunctionURLResult> {
  return lambdaHandler(
    async (event: LambdaFunctionURLEvent, invocation) =>
      resultOf(await endpoint(deps, requestOf(event), { signal: invocation.signal })),
    deps,
  );
}
