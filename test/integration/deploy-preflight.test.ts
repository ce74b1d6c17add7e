/**
 * `npm run deploy`'s check before cdk, run as the script it is, against a loopback stand-in of
 * Lambda's API that answers GetAccountSettings as AWS does (REST, JSON): the quota of a new
 * account stops the deploy with the message, an established one lets it go on with the quota
 * handed to synth, and the endpoint comes from AWS_ENDPOINT_URL_LAMBDA before AWS_ENDPOINT_URL.
 * Answers no quota can be, answers that are not AWS's, and an endpoint that never answers are
 * read in this process, with bounds small enough for a test.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { QuotaUnreadableError, readAccountConcurrency } from '../../infra/deploy/account-concurrency-quota.js';
import { ScriptedServer, type Answer } from '../helpers/scripted-server.js';
import { tempDir } from '../helpers/temp-dir.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIDSTANDIN', AWS_SECRET_ACCESS_KEY: 'stand-in', AWS_REGION: 'eu-west-1' };
/** A shell with nothing of this machine's AWS setup: no profile files, no instance metadata. */
const bareEnv = () => ({ PATH: process.env.PATH ?? '', HOME: tempDir('home'), AWS_EC2_METADATA_DISABLED: 'true' });

/** GetAccountSettings' answer, shaped as Lambda's (every field of AccountLimit and AccountUsage). */
const accountSettings = (limit: number, unreserved = limit): Answer => ({
  status: 200,
  body: {
    AccountLimit: {
      CodeSizeUnzipped: 262_144_000,
      CodeSizeZipped: 52_428_800,
      ConcurrentExecutions: limit,
      TotalCodeSize: 80_530_636_800,
      UnreservedConcurrentExecutions: unreserved,
    },
    AccountUsage: { FunctionCount: 0, TotalCodeSize: 0 },
  },
});

let lambda: ScriptedServer;
beforeAll(async () => {
  lambda = await ScriptedServer.start();
});
afterAll(() => lambda?.close());

function preflight(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'infra/deploy/main.ts', '--quota-check-only', ...args],
      { cwd: ROOT, env },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run deploy: the quota check', () => {
  test('a new account (quota 10) stops before cdk, naming the quota, the reservations and the ways out', async () => {
    lambda.answer(accountSettings(10));
    const seen = lambda.requests.length;
    const { code, stdout, stderr } = await preflight({ ...bareEnv(), ...CREDENTIALS, AWS_ENDPOINT_URL: lambda.url });

    expect(code).toBe(1);
    expect(stdout).not.toContain('would run');
    expect(stderr).toContain(
      "npm run deploy stopped before CloudFormation: the account's Lambda concurrency quota in eu-west-1 is 10",
    );
    expect(stderr).toContain(
      'the callbacks reserve 40 (callbacks.preDelivery.reservedConcurrency 20, callbacks.postDelivery.reservedConcurrency 20)',
    );
    expect(stderr).toMatch(/1\. Ask AWS for a higher quota .*\n {2}2\. Deploy without reservations/);
    expect(stderr).not.toMatch(/NodeVersionSupportWarning|\n\s+at /);
    // The SDK's own call: GET on the REST path, signed for Lambda in the region.
    const request = lambda.requests[seen]!;
    expect([request.method, request.url]).toEqual(['GET', '/2016-08-19/account-settings']);
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDSTANDIN\/\d{8}\/eu-west-1\/lambda\/aws4_request/,
    );
  });

  test('quota 1000 goes on to cdk deploy, handing the quota to synth and the arguments through', async () => {
    lambda.answer(accountSettings(1000, 960));
    const { code, stdout } = await preflight({ ...bareEnv(), ...CREDENTIALS, AWS_ENDPOINT_URL: lambda.url }, [
      '--require-approval',
      'never',
    ]);

    expect(code).toBe(0);
    expect(stdout).toContain(
      'deploy: Lambda concurrency quota in eu-west-1: 1000 (960 unreserved); the callbacks reserve 40: it fits',
    );
    expect(stdout).toContain(
      'deploy: would run: cdk deploy --no-notices -c groupmod:accountConcurrencyLimit=1000 --require-approval never',
    );
  });

  test('reservations set to null on the command line let a new account deploy', async () => {
    lambda.answer(accountSettings(10));
    const settings = JSON.stringify({
      agora: { baseUrl: 'https://a41.chat.agora.io', org: 'o', app: 'a' },
      callbacks: { preDelivery: { reservedConcurrency: null }, postDelivery: { reservedConcurrency: null } },
    });
    const { code, stdout } = await preflight({ ...bareEnv(), ...CREDENTIALS, AWS_ENDPOINT_URL: lambda.url }, [
      '-c',
      `groupmod=${settings}`,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('the callbacks reserve 0: it fits');
    expect(stdout).toContain('-c groupmod:accountConcurrencyLimit=10 -c groupmod=');
  });

  test('AWS_ENDPOINT_URL_LAMBDA comes before AWS_ENDPOINT_URL', async () => {
    lambda.answer(accountSettings(1000));
    const seen = lambda.requests.length;
    const { code, stdout } = await preflight({
      ...bareEnv(),
      ...CREDENTIALS,
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    });
    expect(code).toBe(0);
    expect(stdout).toContain('quota in eu-west-1: 1000');
    expect(lambda.requests).toHaveLength(seen + 1);
  });

  test('nothing listening at the endpoint: a clear message, no stack trace', async () => {
    const { code, stderr } = await preflight({ ...bareEnv(), ...CREDENTIALS, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(
      /^deploy: cannot reach Lambda at http:\/\/127\.0\.0\.1:9: connection refused\. Give this shell the credentials .* or run `npx cdk deploy` directly/,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test('no credentials, or no region: a clear message each, before any request', async () => {
    const seen = lambda.requests.length;
    const noCredentials = await preflight({ ...bareEnv(), AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL: lambda.url });
    expect(noCredentials.code).toBe(1);
    expect(noCredentials.stderr.trim()).toMatch(
      /^deploy: cannot read the Lambda concurrency quota in eu-west-1: no AWS credentials found \(.*\)\. Give this shell/,
    );
    const noRegion = await preflight({
      ...bareEnv(),
      AWS_ACCESS_KEY_ID: 'x',
      AWS_SECRET_ACCESS_KEY: 'y',
      AWS_ENDPOINT_URL: lambda.url,
    });
    expect(noRegion.code).toBe(1);
    expect(noRegion.stderr.trim()).toMatch(
      /^deploy: cannot read the Lambda concurrency quota: no AWS region \(set AWS_REGION, or a region in your profile\)/,
    );
    expect(lambda.requests).toHaveLength(seen);
  });

  test('an answer refused by AWS names the error and the permission', async () => {
    lambda.answer({
      status: 403,
      headers: { 'x-amzn-errortype': 'AccessDeniedException' },
      body: { Message: 'User is not authorized to perform: lambda:GetAccountSettings' },
    });
    const { code, stderr } = await preflight({ ...bareEnv(), ...CREDENTIALS, AWS_ENDPOINT_URL: lambda.url });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /answered GetAccountSettings with AccessDeniedException \(HTTP 403\): User is not authorized .*\(the caller needs lambda:GetAccountSettings\)/,
    );
  });

  test('a quota no account can have stops before cdk, even with no reservations to check', async () => {
    lambda.answer(accountSettings(0));
    const settings = JSON.stringify({
      agora: { baseUrl: 'https://a41.chat.agora.io', org: 'o', app: 'a' },
      callbacks: { preDelivery: { reservedConcurrency: null }, postDelivery: { reservedConcurrency: null } },
    });
    const { code, stdout, stderr } = await preflight({ ...bareEnv(), ...CREDENTIALS, AWS_ENDPOINT_URL: lambda.url }, [
      '-c',
      `groupmod=${settings}`,
    ]);
    expect(code).toBe(1);
    expect(stdout).not.toContain('would run');
    expect(stderr).toMatch(
      /^deploy: Lambda answered an impossible quota: AccountLimit\.ConcurrentExecutions 0 is below 1 /,
    );
  });

  test('a quota given on the command line is refused: it would replace the measured one', async () => {
    const seen = lambda.requests.length;
    const { code, stdout, stderr } = await preflight({ ...bareEnv(), ...CREDENTIALS, AWS_ENDPOINT_URL: lambda.url }, [
      '-c',
      'groupmod:accountConcurrencyLimit=99999',
    ]);
    expect(code).toBe(1);
    expect(stdout).not.toContain('would run');
    expect(stderr).toMatch(
      /^deploy: -c groupmod:accountConcurrencyLimit=99999 refused: npm run deploy reads the account's quota itself .* run `npx cdk deploy` directly/,
    );
    const spelledOut = await preflight({ ...bareEnv(), ...CREDENTIALS, AWS_ENDPOINT_URL: lambda.url }, [
      '--context=groupmod:accountConcurrencyLimit=5',
    ]);
    expect(spelledOut.code).toBe(1);
    expect(spelledOut.stderr).toContain('-c groupmod:accountConcurrencyLimit=5 refused');
    expect(lambda.requests).toHaveLength(seen);
  });

  test('a profile that does not exist is named as such, not as a missing region', async () => {
    const home = tempDir('home');
    const seen = lambda.requests.length;
    const { code, stderr } = await preflight({ ...bareEnv(), HOME: home, AWS_ENDPOINT_URL: lambda.url }, [
      '--profile',
      'nosuch',
    ]);
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(
      /^deploy: cannot read the Lambda concurrency quota: --profile nosuch names a profile that does not exist \(no \[profile nosuch\] in .*config, no \[nosuch\] in .*credentials\)/,
    );
    expect(stderr).not.toContain('no AWS region');
    expect(lambda.requests).toHaveLength(seen);
  });
});

/**
 * A stand-in that sends the head of an answer and part of its body, then nothing more; or, with
 * `trickleMs`, a space of the body every so often, never silent for long and never done.
 */
async function stallingServer(trickleMs?: number): Promise<{ url: string; close: () => Promise<void> }> {
  const timers: NodeJS.Timeout[] = [];
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
    response.write('{"AccountLimit":{"ConcurrentExecutions":10');
    if (trickleMs) timers.push(setInterval(() => response.write(' '), trickleMs));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('the quota read, in this process', () => {
  const BOUNDS = { connectMs: 200, answerMs: 300 };
  /** The shell of the deploy: the stand-in's endpoint, stand-in credentials, nothing of this machine's AWS setup. */
  const shell = (endpoint: string) => {
    for (const [name, value] of Object.entries({
      ...CREDENTIALS,
      HOME: tempDir('home'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL: endpoint,
    }))
      vi.stubEnv(name, value);
    for (const name of ['AWS_PROFILE', 'AWS_ENDPOINT_URL_LAMBDA', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'])
      vi.stubEnv(name, undefined);
  };
  /** A stand-in of its own for each test: how many attempts the SDK makes varies with the answer and the timing. */
  let stand: ScriptedServer;
  beforeEach(async () => {
    stand = await ScriptedServer.start();
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await stand.close();
  });
  const failureOf = async (read: Promise<unknown>): Promise<string> => {
    const error = await read.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(QuotaUnreadableError);
    const { message } = error as Error;
    expect(message).not.toContain('\n');
    return message;
  };

  test('an endpoint that takes the request and never answers: a one-line message within the bound', async () => {
    stand.fallback = 'hang';
    shell(stand.url);
    const started = Date.now();
    const message = await failureOf(readAccountConcurrency({ bounds: BOUNDS }));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(message).toMatch(new RegExp(`^Lambda at ${stand.url} did not answer within 0\\.3 s\\. Give this shell`));
  });

  test('an endpoint that stops halfway through its answer: the same, not a reset connection', async () => {
    const stalling = await stallingServer();
    try {
      shell(stalling.url);
      const message = await failureOf(readAccountConcurrency({ bounds: BOUNDS }));
      expect(message).toMatch(new RegExp(`^Lambda at ${stalling.url} did not answer within 0\\.3 s\\.`));
    } finally {
      await stalling.close();
    }
  });

  test('an endpoint whose answer trickles in, never silent for long: ended at the deadline of the whole call', async () => {
    const trickling = await stallingServer(50);
    try {
      shell(trickling.url);
      const started = Date.now();
      const message = await failureOf(readAccountConcurrency({ bounds: BOUNDS }));
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(message).toMatch(new RegExp(`^Lambda at ${trickling.url} did not answer within 0\\.3 s\\.`));
    } finally {
      await trickling.close();
    }
  });

  test.each([
    ['0', 0, 'AccountLimit.ConcurrentExecutions 0 is below 1'],
    ['a negative quota', -5, 'AccountLimit.ConcurrentExecutions -5 is below 1'],
    ['a fraction', 1000.5, 'AccountLimit.ConcurrentExecutions 1000.5 is not a whole number'],
    ['text', '1000', 'AccountLimit.ConcurrentExecutions "1000" is text, not a number'],
    ['1e21', 1e21, 'AccountLimit.ConcurrentExecutions 1e+21 is beyond 2^53'],
  ])('an impossible quota (%s) is refused, naming the value, not reported missing', async (_name, limit, expected) => {
    stand.answer({
      status: 200,
      body: { AccountLimit: { ConcurrentExecutions: limit, UnreservedConcurrentExecutions: 10 } },
    });
    shell(stand.url);
    const message = await failureOf(readAccountConcurrency({ bounds: BOUNDS }));
    expect(message).toMatch(/^Lambda answered an impossible quota: /);
    expect(message).toContain(expected);
    expect(message).not.toContain('without');
  });

  test('2^53 + 1, which JSON cannot carry exactly, and an unreserved count above the quota are refused', async () => {
    stand.answer(
      {
        status: 200,
        body: '{"AccountLimit":{"ConcurrentExecutions":9007199254740993,"UnreservedConcurrentExecutions":10}}',
      },
      accountSettings(10, 11),
    );
    shell(stand.url);
    expect(await failureOf(readAccountConcurrency({ bounds: BOUNDS }))).toMatch(
      /^Lambda answered an impossible quota: AccountLimit\.ConcurrentExecutions 9007199254740992 is beyond 2\^53/,
    );
    expect(await failureOf(readAccountConcurrency({ bounds: BOUNDS }))).toMatch(
      /^Lambda answered an impossible quota: AccountLimit\.UnreservedConcurrentExecutions 11 is more than AccountLimit\.ConcurrentExecutions 10/,
    );
  });

  test('a field that is absent is reported missing, by name', async () => {
    stand.answer({ status: 200, body: { AccountLimit: { ConcurrentExecutions: 1000 } } });
    shell(stand.url);
    expect(await failureOf(readAccountConcurrency({ bounds: BOUNDS }))).toContain(
      `${stand.url} answered GetAccountSettings without AccountLimit.UnreservedConcurrentExecutions. Give this shell`,
    );
  });

  test("an answer that is not AWS's names the status and nothing of the SDK; the permission only for a refusal", async () => {
    const answers: Answer[] = [
      { status: 503, headers: { 'content-type': 'text/html' }, body: '<html><body>Service Unavailable</body></html>' },
      { status: 500, body: {} },
      { status: 200, headers: { 'content-type': 'text/html' }, body: '<html></html>' },
    ];
    shell(stand.url);
    const internals = /SyntaxError|Deserialization|\$response|Unknown|lambda:GetAccountSettings/;
    for (const [index, status] of [503, 500, 200].entries()) {
      stand.fallback = answers[index]!;
      const message = await failureOf(readAccountConcurrency({ bounds: BOUNDS }));
      expect(message).toMatch(
        new RegExp(
          `^Lambda at ${stand.url} answered HTTP ${status} with a body that is not an AWS answer\\. Give this shell`,
        ),
      );
      expect(message).not.toMatch(internals);
    }
  });

  test("AWS's own error other than a refusal is named without the permission", async () => {
    const throttled = {
      status: 429,
      headers: { 'x-amzn-errortype': 'TooManyRequestsException' },
      body: { message: 'Rate exceeded', Type: 'User' },
    };
    stand.fallback = throttled;
    shell(stand.url);
    const message = await failureOf(readAccountConcurrency({ bounds: BOUNDS }));
    expect(message).toContain(
      `${stand.url} answered GetAccountSettings with TooManyRequestsException (HTTP 429): Rate exceeded`,
    );
    expect(message).not.toContain('lambda:GetAccountSettings');
  });

  test('a profile that exists in the credentials file passes the check; one named by AWS_PROFILE that does not is refused', async () => {
    shell(stand.url);
    const home = tempDir('home');
    writeFileSync(
      join(home, 'credentials'),
      '[deployer]\naws_access_key_id = AKIDSTANDIN\naws_secret_access_key = stand-in\n',
    );
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(home, 'credentials'));
    vi.stubEnv('AWS_CONFIG_FILE', join(home, 'config'));
    stand.answer(accountSettings(1000));
    expect(await readAccountConcurrency({ profile: 'deployer', bounds: BOUNDS })).toEqual({
      limit: 1000,
      unreserved: 1000,
      region: 'eu-west-1',
    });
    vi.stubEnv('AWS_PROFILE', 'gone');
    expect(await failureOf(readAccountConcurrency({ bounds: BOUNDS }))).toMatch(
      /^cannot read the Lambda concurrency quota: AWS_PROFILE gone names a profile that does not exist/,
    );
  });
});
