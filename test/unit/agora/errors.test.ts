import { describe, expect, it } from 'vitest';
import {
  AgoraApiError,
  AgoraConnectionError,
  AgoraRequestValidationError,
  AgoraTimeoutError,
  AuthenticationError,
  ForbiddenError,
  NotFoundError,
  RateLimitError,
  errorFromResponse,
  isRetryable,
} from '../../../functions/agora/index.js';
import {
  BadRequestError,
  QuotaExhaustedError,
  RequestTimeoutError,
  ServerError,
  certainlyNotApplied,
} from '../../../functions/agora/errors.js';

const context = (status: number, code = '') => ({
  status,
  code,
  description: 'd',
  method: 'POST',
  path: '/o/a/chatgroups/1/disable',
  body: {},
});

describe('errorFromResponse', () => {
  it.each([
    [400, 'invalid_parameter', BadRequestError, false],
    [400, 'json_parse', BadRequestError, false],
    [401, 'unauthorized', AuthenticationError, false],
    [401, 'auth_bad_access_token', AuthenticationError, false],
    [403, 'forbidden_op', ForbiddenError, false],
    [404, 'service_resource_not_found', NotFoundError, false],
    [408, '', RequestTimeoutError, true],
    [415, 'web_application', BadRequestError, false],
    [429, 'reach_limit', RateLimitError, true],
    [429, 'resource_limited', QuotaExhaustedError, false],
    [500, '', ServerError, true],
    [503, '', ServerError, true],
    [504, '', ServerError, true],
    [418, 'teapot', AgoraApiError, false],
  ])('maps %i %s to %o (retryable: %s)', (status, code, ErrorClass, retryable) => {
    const error = errorFromResponse(context(status, code));

    expect(error.constructor).toBe(ErrorClass);
    expect(error).toMatchObject({ status, code, path: '/o/a/chatgroups/1/disable' });
    expect(isRetryable(error)).toBe(retryable);
  });

  it('states method, path, status and code in the message', () => {
    expect(errorFromResponse(context(429, 'reach_limit')).message).toBe(
      'POST /o/a/chatgroups/1/disable failed: 429 reach_limit: d',
    );
  });
});

describe('isRetryable and certainlyNotApplied', () => {
  const cause = new Error('boom');
  it('retries timeouts and connection failures, never validation errors', () => {
    expect(isRetryable(new AgoraTimeoutError('GET', '/p', 10))).toBe(true);
    expect(isRetryable(new AgoraConnectionError('GET', '/p', false, { cause }))).toBe(true);
    expect(isRetryable(new AgoraRequestValidationError('name', 'too long'))).toBe(false);
  });

  it('treats only rate refusals and connections never made as certainly not applied', () => {
    expect(certainlyNotApplied(errorFromResponse(context(429, 'reach_limit')))).toBe(true);
    expect(certainlyNotApplied(new AgoraConnectionError('POST', '/p', true, { cause }))).toBe(true);
    expect(certainlyNotApplied(new AgoraConnectionError('POST', '/p', false, { cause }))).toBe(false);
    expect(certainlyNotApplied(errorFromResponse(context(503)))).toBe(false);
    expect(certainlyNotApplied(new AgoraTimeoutError('POST', '/p', 10))).toBe(false);
  });
});
