/**
 * The shell around the commands, as an operator meets it through the real binary: help and
 * version everywhere with no configuration at all, unknown flags and commands, settings named
 * when they are missing, stack traces only on request, and shell completion.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventType } from '../../functions/events/index.js';
import { startEmulator, type Emulator } from '../../local/emulator/index.js';
import { groupmod } from '../helpers/groupmod.js';
import { tempDir } from '../helpers/temp-dir.js';

const HELP = [
  [[], 'groupmod', 'groups'],
  [['groups'], 'groupmod groups', 'joined'],
  [['groups', 'create'], 'groupmod groups create', '--max-users'],
  [['events'], 'groupmod events', 'send'],
  [['events', 'send'], 'groupmod events send', '--ban-id'],
  [['audit'], 'groupmod audit', 'run'],
  [['audit', 'run'], 'groupmod audit run', '--near-capacity'],
  [['export'], 'groupmod export', 'joined'],
  [['export', 'joined'], 'groupmod export joined', '--users-file'],
  [['ledger', 'show'], 'groupmod ledger show', 'GROUP_ID'],
] as const;

describe('help', () => {
  describe.each(HELP)('for %j', (words, usage, mentions) => {
    it.each([
      ['--help', [...words, '--help']],
      ['-h', [...words, '-h']],
      ['help', ['help', ...words]],
    ])('%s prints the usage to stdout and exits 0, with no configuration', async (_, args) => {
      const { code, stdout, stderr } = await groupmod(args);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(stdout).toContain(`Usage: ${usage} `);
      expect(stdout).toContain(mentions);
    });
  });

  it('shows a command’s flags, defaults and an example', async () => {
    const { stdout } = await groupmod(['groups', 'list', '--help']);
    expect(stdout).toMatch(/--page-size <N> +groups per list call \(default: 100\)/);
    expect(stdout).toContain('Example:\n  groupmod groups list');
  });

  it('lists every event type of the schema', async () => {
    const { stdout } = await groupmod(['events', 'send', '--help']);
    const listed = /--type <TYPE> +the event type: ([\s\S]*?)\n +--group/
      .exec(stdout)![1]!
      .split(/,\s*/)
      .map((type) => type.trim());
    expect(listed.sort()).toEqual(Object.values(EventType).sort());
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(await groupmod(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('with no command at all prints the usage to stderr and exits 2', async () => {
    const { code, stdout, stderr } = await groupmod([]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toContain('Usage: groupmod ');
  });
});

describe('unknown flags and commands', () => {
  it.each([
    [
      ['groups', 'list', '--limt', '5'],
      "groupmod: unknown option '--limt' (did you mean --limit?)",
      'Usage: groupmod groups list ',
    ],
    [['groups', 'lst'], "groupmod: unknown command 'lst' (did you mean list?)", 'Usage: groupmod groups '],
    [['event', 'send'], "groupmod: unknown command 'event' (did you mean events?)", 'Usage: groupmod '],
    [['bans', '--help'], "groupmod: unknown command 'bans'", 'Usage: groupmod '],
    [['help', 'group'], "groupmod: unknown command 'group' (did you mean groups?)", 'Usage: groupmod '],
    [['groups', 'lst', '-h'], "groupmod: unknown command 'lst' (did you mean list?)", 'Usage: groupmod groups '],
    [['groups', 'list', '--colour'], "groupmod: unknown option '--colour'", 'Usage: groupmod groups list '],
    [
      ['groups', 'update', '1', '--members-only', 'maybe'],
      "groupmod: option '--members-only <BOOL>' argument 'maybe' is invalid. Allowed choices are true, false.",
      'Usage: groupmod groups update ',
    ],
    [['groups', 'disable'], "groupmod: missing required argument 'GROUP_ID'", 'Usage: groupmod groups disable '],
  ])('%j: one line naming it, then the command’s short usage; exit 2', async (args, line, usage) => {
    const { code, stdout, stderr } = await groupmod(args);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    const [first, blank, usageLine, ...rest] = stderr.trimEnd().split('\n');
    expect([first, blank]).toEqual([line, '']);
    expect(usageLine).toContain(usage);
    // Not the whole help: at most the subcommands' names, then where the help is.
    const command = usage.replace(/^Usage: /, '').trim();
    expect(rest.at(-1)).toBe(`Run '${command} --help' for the whole help.`);
    expect(rest.length).toBeLessThanOrEqual(2);
    expect(rest.slice(0, -1).every((row) => row.startsWith('Commands: '))).toBe(true);
  });

  it('a mistyped command names the commands it could have been', async () => {
    const { stderr } = await groupmod(['grups', 'list']);
    expect(stderr).toContain(
      '\nCommands: groups, members, messages, events, audit, export, ledger, rules, completion\n',
    );
  });
});

describe('AWS settings', () => {
  const QUEUE = 'http://sqs.us-east-1.localhost:4566/000000000000/moderation-events.fifo';
  const send = ['events', 'send', '--type', 'group.enable', '--group', '200000000000000001', '--reason', 'appeal'];

  /** An environment with no AWS credentials anywhere: no variables, no files, no instance metadata. */
  async function bareAws(): Promise<Record<string, string>> {
    const home = tempDir('groupmod-home');
    return {
      HOME: home,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    };
  }

  it('missing credentials and region: one line each naming the setting, exit 2, no stack', async () => {
    const { code, stdout, stderr } = await groupmod(send, {
      ...(await bareAws()),
      MODERATION_QUEUE_URL: QUEUE,
      AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9',
    });
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(
      /^groupmod: invalid configuration:\n {2}AWS_REGION: required: .*export AWS_REGION=.*\n {2}AWS credentials: none found: export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE.*\n$/,
    );
  });

  /** A loopback port nothing listens on: bound, then released. */
  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  it.each([
    [
      'DynamoDB',
      ['ledger', 'show', '200000000000000001'],
      (endpoint: string) => ({ AWS_ENDPOINT_URL_DYNAMODB: endpoint, LEDGER_TABLE_NAME: 'ledger' }),
    ],
    ['SQS', send, (endpoint: string) => ({ AWS_ENDPOINT_URL_SQS: endpoint, MODERATION_QUEUE_URL: QUEUE })],
  ])(
    'an endpoint that refuses connections: one line naming %s and the endpoint, exit 1, no stack',
    async (service, args, settings) => {
      const endpoint = `http://127.0.0.1:${await closedPort()}`;
      const aws = { ...(await bareAws()), AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' };
      expect(await groupmod(args, { ...aws, ...settings(endpoint) })).toEqual({
        code: 1,
        stdout: '',
        stderr: `groupmod: cannot reach ${service} at ${endpoint}: connection refused\n`,
      });
    },
  );

  it('a queue outside AWS without AWS_ENDPOINT_URL_SQS: names the variable and the queue’s host, exit 2', async () => {
    const { code, stderr } = await groupmod(send, {
      ...(await bareAws()),
      MODERATION_QUEUE_URL: QUEUE,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'x',
      AWS_SECRET_ACCESS_KEY: 'y',
    });
    expect(code).toBe(2);
    expect(stderr).toBe(
      'groupmod: invalid configuration:\n  AWS_ENDPOINT_URL_SQS: required for a queue outside AWS (MODERATION_QUEUE_URL is on sqs.us-east-1.localhost:4566): export AWS_ENDPOINT_URL_SQS=http://<host>:<port> of that SQS endpoint, as npm start prints it\n',
    );
  });
});

describe('unexpected failures', () => {
  // A folder that cannot be made: the export fails in a way the CLI has no words for.
  const args = ['export', 'groups', '--out', '/dev/null/runs'];
  let emulator: Emulator;
  let env: Record<string, string>;
  beforeAll(async () => {
    emulator = await startEmulator();
    emulator.store.seed({ count: 3 });
    env = {
      AGORA_BASE_URL: emulator.baseUrl,
      AGORA_ORG: emulator.org,
      AGORA_APP: emulator.app,
      AGORA_APP_TOKEN: emulator.appToken,
    };
  });
  afterAll(() => emulator.close());

  it('print one line and a hint, without a stack', async () => {
    const { code, stderr } = await groupmod(args, env);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^groupmod: unexpected failure: .*ENOTDIR.*\ngroupmod: run again with --debug \(or DEBUG=groupmod\) for the stack trace\n$/,
    );
  });

  it.each([
    ['--debug', [...args, '--debug'], {}],
    ['DEBUG=groupmod', args, { DEBUG: 'groupmod' }],
  ])('print the stack with %s', async (_, argv, extra) => {
    const { code, stderr } = await groupmod(argv, { ...env, ...extra });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^groupmod: unexpected failure: .*ENOTDIR/);
    expect(stderr).toMatch(/\n {4}at /);
  });
});

describe('completion', () => {
  /** What bash offers after `words` (the last one being completed), using the generated script. */
  async function complete(words: string[]): Promise<string[]> {
    const { stdout: script } = await groupmod(['completion', 'bash']);
    const line = ['groupmod', ...words];
    const program = `${script}\nCOMP_WORDS=(${line.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${line.length - 1}; _groupmod; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile('bash', ['-c', program], (error, out) => (error ? reject(error) : resolve(out))),
    );
    return stdout.split('\n').filter(Boolean);
  }

  it.each([
    [['gr'], ['groups']],
    [['groups', 'j'], ['joined']],
    [
      ['groups', 'create', '--m'],
      ['--members', '--max-users', '--members-only'],
    ],
    [
      ['groups', 'update', '200000000000000001', '--members-only', ''],
      ['true', 'false'],
    ],
    [['events', 'send', '--reason', 'x', '--ba'], ['--ban-id']],
    [
      ['completion', ''],
      ['bash', 'zsh', '--name', '--help'],
    ],
  ])('bash completes %j with %j', async (words, expected) => {
    expect((await complete(words)).sort()).toEqual(expected.sort());
  });

  it('zsh gets a compdef script with every area, described', async () => {
    const { code, stdout } = await groupmod(['completion', 'zsh']);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('#compdef groupmod');
    for (const area of ['groups', 'events', 'audit', 'export', 'ledger'])
      expect(stdout).toMatch(new RegExp(`'${area}:[a-z]`));
    expect(stdout).toContain("'groups update --members-only') compadd -- true false; return ;;");
  });

  it('--name completes a command of another name (a link not shadowed by the system groupmod)', async () => {
    const bash = await groupmod(['completion', 'bash', '--name', 'agora-groupmod']);
    expect(bash.stdout.trimEnd().split('\n').at(-1)).toBe('complete -o default -F _groupmod agora-groupmod');
    const zsh = await groupmod(['completion', 'zsh', '--name', 'agora-groupmod']);
    expect(zsh.stdout.split('\n')[0]).toBe('#compdef agora-groupmod');
    expect(zsh.stdout).toContain('compdef _groupmod agora-groupmod;');
  });
});
