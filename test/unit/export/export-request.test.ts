import { describe, expect, test } from 'vitest';
import { parseExportRequest, usersOf } from '../../../functions/export/export-request.js';

describe('parseExportRequest', () => {
  test('reads a user list from a file under inputs/', () => {
    expect(parseExportRequest({ export: 'joined', usersKey: 'inputs/users.txt' })).toEqual({
      export: 'joined',
      usersKey: 'inputs/users.txt',
    });
  });

  test.each([
    ['audit/2026-11-27/run/manifest.json', 'must name a file under inputs/'],
    ['inputs/', 'must name a file under inputs/'],
    ['inputs/../audit/x.json', 'must not contain empty, "." or ".." segments'],
    ['/inputs/users.txt', 'must not start with "/"'],
  ])('refuses usersKey %j: %s', (usersKey, problem) => {
    expect(() => parseExportRequest({ export: 'joined', usersKey })).toThrow(
      `not an export request: usersKey: ${problem}`,
    );
  });
});

describe('usersOf', () => {
  test('one user a line, trimmed; blank lines and # comments skipped, as the CLI reads --users-file', () => {
    expect(usersOf('# on-call list\nalice\n\n  bob  \r\n#carol\ndave')).toEqual(['alice', 'bob', 'dave']);
  });
});
