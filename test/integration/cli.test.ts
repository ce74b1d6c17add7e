/**
 * `groupmod groups ...` as an operator runs it: the real binary, configured by the environment,
 * against the emulator over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP_ID_MAX_DIGITS } from '../../functions/agora/identifiers.js';
import { startEmulator, type Emulator } from '../../local/emulator/index.js';
import { groupmod as run, jsonLines as lines } from '../helpers/groupmod.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.store.seed({ count: 250 });
});
afterAll(() => emulator.close());

const agoraEnv = () => ({
  AGORA_BASE_URL: emulator.baseUrl,
  AGORA_ORG: emulator.org,
  AGORA_APP: emulator.app,
  AGORA_APP_ID: emulator.appId,
  AGORA_APP_CERTIFICATE: emulator.appCertificate,
});
const groupmod = (args: string[], env: Record<string, string> = {}) => run(args, { ...agoraEnv(), ...env });

describe('groupmod groups', () => {
  it('creates, disables, reads and deletes a group, printing JSON', async () => {
    const created = await groupmod([
      'groups',
      'create',
      '--name',
      'night shift',
      '--owner',
      'alice',
      '--members',
      'bob,carol',
      '--private',
    ]);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const { groupId } = lines(created.stdout)[0] as { groupId: string };

    expect(lines((await groupmod(['groups', 'disable', groupId])).stdout)).toEqual([{ disabled: true, groupId }]);
    const [details] = lines((await groupmod(['groups', 'get', groupId])).stdout);
    expect(details).toMatchObject({ id: groupId, name: 'night shift', public: false, disabled: true, memberCount: 3 });
    expect(lines((await groupmod(['groups', 'delete', groupId])).stdout)).toEqual([{ success: true, groupId }]);
  });

  it('streams every group of the app as JSON lines', async () => {
    const { code, stdout } = await groupmod(['groups', 'list', '--page-size', '100']);
    expect(code).toBe(0);
    expect(lines(stdout).length).toBe(emulator.store.size);
  });

  it('stops a list after --limit groups', async () => {
    const { code, stdout } = await groupmod(['groups', 'list', '--limit', '7']);
    expect(code).toBe(0);
    expect(lines(stdout)).toHaveLength(7);
  });

  it('streams a user’s joined groups', async () => {
    const { stdout } = await groupmod(['groups', 'joined', 'user3']);
    expect(lines(stdout).map((g) => g.id)).toEqual(emulator.store.joinedBy('user3'));
  });

  it('updates with typed flags', async () => {
    const { id } = emulator.store.insert({ name: 'g', owner: 'alice' });
    const { code } = await groupmod(['groups', 'update', id, '--members-only', 'true', '--max-users', '500']);
    expect(code).toBe(0);
    expect(emulator.store.get(id)).toMatchObject({ membersOnly: true, maxUsers: 500 });
  });

  it('takes flag values that start with a dash', async () => {
    const created = await groupmod(['groups', 'create', '--name', '-dash', '--owner', 'alice', '--custom', '-x']);
    expect(created.code).toBe(0);
    const { groupId } = lines(created.stdout)[0] as { groupId: string };
    expect(emulator.store.get(groupId)).toMatchObject({ name: '-dash', custom: '-x' });
  });

  it('exits 1 with the service’s error, in words and without class names, for an unknown group', async () => {
    const { code, stdout, stderr } = await groupmod(['groups', 'enable', '299999999999999999']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^groupmod: POST \/.*\/chatgroups\/299999999999999999\/enable failed: 404 service_resource_not_found: .*\n$/,
    );
    expect(stderr).not.toMatch(/Error\b/);
  });

  it('reports every id that does not exist, exit 1', async () => {
    const [first] = emulator.store.page(0, 1).groups;
    const { code, stdout, stderr } = await groupmod(['groups', 'get', first!.id, '299999999999999999']);
    expect(code).toBe(1);
    expect(lines(stdout).map((g) => g.id)).toEqual([first!.id]);
    expect(stderr).toBe('groupmod: not found: 299999999999999999\n');
  });

  it.each([
    [
      ['groups', 'get', '1'.repeat(GROUP_ID_MAX_DIGITS + 1)],
      `groupmod: GROUP_ID "${'1'.repeat(GROUP_ID_MAX_DIGITS + 1)}": at most ${GROUP_ID_MAX_DIGITS} digits\n`,
    ],
    [['groups', 'create', '--owner', 'alice'], 'groupmod: --name is required\n'],
    [
      ['groups', 'create', '--name', 'a/b', '--owner', 'Bob', '--max-users', '0'],
      'groupmod: --name: must not contain "/"\ngroupmod: --owner: may contain only lowercase a-z, 0-9, "_", "-" and "."\ngroupmod: --max-users: must be at least 1\n',
    ],
    [
      ['groups', 'create', '--name', 'x', '--owner', 'alice', '--members', 'bob,Carol'],
      'groupmod: --members (item 2): may contain only lowercase a-z, 0-9, "_", "-" and "."\n',
    ],
    [['groups', 'list', '--page-size', '101'], 'groupmod: --page-size: must be 1 to 100\n'],
    [['groups', 'list', '--page-size', 'ten'], 'groupmod: --page-size: expected a whole number, got "ten"\n'],
    [['groups', 'joined', 'Alice'], 'groupmod: USER "Alice": may contain only lowercase a-z, 0-9, "_", "-" and "."\n'],
  ])('refuses bad values naming the flag and the limit, nothing sent: %j', async (args, message) => {
    const before = structuredClone(emulator.stats);
    const { code, stdout, stderr } = await groupmod(args);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: message });
    expect(emulator.stats).toEqual(before);
  });

  it('exits 2 naming the missing configuration', async () => {
    const { code, stderr } = await groupmod(['groups', 'list'], { AGORA_ORG: '', AGORA_APP_CERTIFICATE: '' });
    expect(code).toBe(2);
    expect(stderr).toContain('AGORA_ORG: required');
    expect(stderr).toContain('AGORA_APP_CERTIFICATE: required');
  });
});
