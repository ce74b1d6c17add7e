/**
 * `groupmod` as an operator runs it: a child process through the package's bin entry, configured
 * by the environment, against the emulator over HTTP.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../local/emulator/index.js';

const BIN = fileURLToPath(new URL('../../bin/groupmod.js', import.meta.url));
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.store.seed({ count: 250 });
});
afterAll(() => emulator.close());

function groupmod(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const agora = { AGORA_BASE_URL: emulator.baseUrl, AGORA_ORG: emulator.org, AGORA_APP: emulator.app, AGORA_APP_ID: emulator.appId, AGORA_APP_CERTIFICATE: emulator.appCertificate };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...agora, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

const lines = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('groupmod groups', () => {
  it('creates, disables, reads and deletes a group, printing JSON', async () => {
    const created = await groupmod(['groups', 'create', '--name', 'night shift', '--owner', 'alice', '--members', 'bob,carol', '--private']);
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

  it('exits 1 with the service error on stderr for an unknown group', async () => {
    const { code, stdout, stderr } = await groupmod(['groups', 'enable', '299999999999999999']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('NotFoundError');
    expect(stderr).toContain('service_resource_not_found');
  });

  it.each([
    [['groups', 'frobnicate'], 'unknown command "groups frobnicate"'],
    [['groups', 'create', '--owner', 'alice'], '--name is required'],
    [['groups', 'update', '123', '--members-only', 'maybe'], '--members-only expects true or false'],
    [['groups', 'disable'], 'expected one group id'],
    [['groups', 'list', '--colour'], "Unknown option '--colour'"],
  ])('exits 2 on bad arguments %j', async (args, message) => {
    const { code, stderr } = await groupmod(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('exits 2 naming the missing configuration', async () => {
    const { code, stderr } = await groupmod(['groups', 'list'], { AGORA_ORG: '', AGORA_APP_CERTIFICATE: '' });
    expect(code).toBe(2);
    expect(stderr).toContain('AGORA_ORG');
    expect(stderr).toContain('AGORA_APP_CERTIFICATE');
  });
});
