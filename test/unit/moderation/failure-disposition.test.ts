import { describe, expect, it } from 'vitest';
import {
  AgoraConnectionError,
  AgoraRequestValidationError,
  AgoraTimeoutError,
  errorFromResponse,
} from '../../../functions/agora/index.js';
import { EventIdConflictError } from '../../../functions/moderation/decision/errors.js';
import {
  backoffVisibilitySeconds,
  dispositionOf,
  parkingReceive,
} from '../../../functions/moderation/delivery/failure-disposition.js';

const REUSE = {
  version: 1,
  id: 'e1',
  type: 'group.enable',
  groupId: '1',
  reason: 'r',
  source: 's',
  time: '2026-11-27T00:00:00Z',
} as const;
const api = (status: number, code = '') =>
  errorFromResponse({ status, code, description: 'd', method: 'POST', path: '/p', body: {} });

describe('dispositionOf', () => {
  it.each([
    ['429 reach_limit', api(429, 'reach_limit'), 'retry'],
    ['408', api(408), 'retry'],
    ['503', api(503), 'retry'],
    ['a timeout', new AgoraTimeoutError('POST', '/p', 10), 'retry'],
    ['a reset connection', new AgoraConnectionError('POST', '/p', false, { cause: new Error('ECONNRESET') }), 'retry'],
    ['an unexpected error', new TypeError('x is undefined'), 'retry'],
    ['429 resource_limited', api(429, 'resource_limited'), 'park'],
    ['404 unknown group', api(404, 'service_resource_not_found'), 'park'],
    ['400', api(400, 'invalid_parameter'), 'park'],
    ['401 after the token refresh (credentials wrong for every record)', api(401, 'unauthorized'), 'retry'],
    [
      '404 organization_application_not_found (a wrong org or app name, for every record)',
      api(404, 'organization_application_not_found'),
      'retry',
    ],
    ['404 with no code (not about the group)', api(404), 'retry'],
    ['403 (the app may not disable or enable groups, for every record)', api(403, 'forbidden_op'), 'retry'],
    ['invalid input', new AgoraRequestValidationError('groupId', 'must be digits'), 'park'],
    [
      'an event id reused for another event',
      new EventIdConflictError(
        'e1',
        { eventId: 'e1', groupId: '1', type: 'group.enable', outcome: 'o', processedAt: 't', digest: 'a' },
        REUSE,
        'b',
      ),
      'park',
    ],
  ])('%s → %s', (_label, error, action) => {
    const disposition = dispositionOf(error);
    expect(disposition.action).toBe(action);
    expect(disposition.reason).toContain(error.name);
  });

  it('parks failures of the service as permanent, a reused event id as an invalid event', () => {
    expect(dispositionOf(api(404, 'service_resource_not_found'))).toMatchObject({
      action: 'park',
      kind: 'permanent-failure',
    });
    expect(
      dispositionOf(
        new EventIdConflictError(
          'e1',
          { eventId: 'e1', groupId: '1', type: 't', outcome: 'o', processedAt: 't', digest: 'a' },
          REUSE,
          'b',
        ),
      ),
    ).toMatchObject({
      action: 'park',
      kind: 'invalid-event',
    });
  });
});

describe('parkingReceive', () => {
  it('parks one receive before the queue would move the record without a reason', () => {
    expect([2, 5, 8].map(parkingReceive)).toEqual([1, 4, 7]);
  });
});

describe('backoffVisibilitySeconds', () => {
  it('doubles the cap per receive up to the maximum, never below 1 s', () => {
    const top = () => 0.999_999;
    expect([1, 2, 3, 4].map((n) => backoffVisibilitySeconds(n, { random: top }))).toEqual([5, 10, 20, 40]);
    expect(backoffVisibilitySeconds(30, { random: top })).toBe(900);
    expect(backoffVisibilitySeconds(3, { random: () => 0 })).toBe(1);
  });
});
