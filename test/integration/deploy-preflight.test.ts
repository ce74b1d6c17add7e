/**
 * `npm run deploy`'s check before cdk, run as the script it is, against a loopback stand-in of
 * Lambda's API that answers GetAccountSettings as AWS does (REST, JSON): the quota of a new
 * account stops the deploy with the message, an established one lets it go on with the quota
 * handed to synth, and the endpoint comes from AWS_ENDPOINT_URL_LAMBDA before AWS_ENDPOINT_URL.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
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
    AccountLimit: { CodeSizeUnzipped: 262_144_000, CodeSizeZipped: 52_428_800, ConcurrentExecutions: limit, TotalCodeSize: 80_530_636_800, UnreservedConcurrentExecutions: unreserved },
    AccountUsage: { FunctionCount: 0, TotalCodeSize: 0 },
  },
});

let lambda: ScriptedServer;
beforeAll(async () => {
  lambda = await ScriptedServer.start();
});
afterAll(() => lambda?.close());

function preflight(env: Record<string, string>, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'infra/deploy/main.ts', '--quota-check-only', ...args], { cwd: ROOT, env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
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
    expect(stderr).toContain("npm run deploy stopped before CloudFormation: the account's Lambda concurrency quota in eu-west-1 is 10");
    expect(stderr).toContain('the callbacks reserve 40 (callbacks.preDelivery.reservedConcurrency 20, callbacks.postDelivery.reservedConcurrency 20)');
    expect(stderr).toMatch(/1\. Ask AWS for a higher quota .*\n {2}2\. Deploy without reservations/);
    expect(stderr).not.toMatch(/NodeVersionSupportWarning|\n\s+at /);
    // The SDK's own call: GET on the REST path, signed for Lambda in the region.
    const request = lambda.requests[seen]!;
    expect([request.method, request.url]).toEqual(['GET', '/2016-08-19/account-settings']);
    expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDSTANDIN\/\d{8}\/eu-west-1\/lambda\/aws4_request/);
  });

  test('quota 1000 goes on to cdk deploy, handing the quota to synth and the arguments through', async () => {
    lambda.answer(accountSettings(1000, 960));
    const { code, stdout } = await preflight({ ...bareEnv(), ...CREDENTIALS, AWS_ENDPOINT_URL: lambda.url }, ['--require-approval', 'never']);

    expect(code).toBe(0);
    expect(stdout).toContain('deploy: Lambda concurrency quota in eu-west-1: 1000 (960 unreserved); the callbacks reserve 40: it fits');
    expect(stdout).toContain('deploy: would run: cdk deploy --no-notices -c groupmod:accountConcurrencyLimit=1000 --require-approval never');
  });

  test('reservations set to null on the command line let a new account deploy', async () => {
    lambda.answer(accountSettings(10));
    const settings = JSON.stringify({ agora: { baseUrl: 'https://a41.chat.agora.io', org: 'o', app: 'a' }, callbacks: { preDelivery: { reservedConcurrency: null }, postDelivery: { reservedConcurrency: null } } });
    const { code, stdout } = await preflight({ ...bareEnv(), ...CREDENTIALS, AWS_ENDPOINT_URL: lambda.url }, ['-c', `groupmod=${settings}`]);
    expect(code).toBe(0);
    expect(stdout).toContain('the callbacks reserve 0: it fits');
    expect(stdout).toContain('-c groupmod:accountConcurrencyLimit=10 -c groupmod=');
  });

  test('AWS_ENDPOINT_URL_LAMBDA comes before AWS_ENDPOINT_URL', async () => {
    lambda.answer(accountSettings(1000));
    const seen = lambda.requests.length;
    const { code, stdout } = await preflight({ ...bareEnv(), ...CREDENTIALS, AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ENDPOINT_URL_LAMBDA: lambda.url });
    expect(code).toBe(0);
    expect(stdout).toContain('quota in eu-west-1: 1000');
    expect(lambda.requests).toHaveLength(seen + 1);
  });

  test('nothing listening at the endpoint: a clear message, no stack trace', async () => {
    const { code, stderr } = await preflight({ ...bareEnv(), ...CREDENTIALS, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^deploy: cannot reach Lambda at http:\/\/127\.0\.0\.1:9: connection refused\. Give this shell the credentials .* or run `npx cdk deploy` directly/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test('no credentials, or no region: a clear message each, before any request', async () => {
    const seen = lambda.requests.length;
    const noCredentials = await preflight({ ...bareEnv(), AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL: lambda.url });
    expect(noCredentials.code).toBe(1);
    expect(noCredentials.stderr.trim()).toMatch(/^deploy: cannot read the Lambda concurrency quota in eu-west-1: no AWS credentials found \(.*\)\. Give this shell/);
    const noRegion = await preflight({ ...bareEnv(), AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_ENDPOINT_URL: lambda.url });
    expect(noRegion.code).toBe(1);
    expect(noRegion.stderr.trim()).toMatch(/^deploy: cannot read the Lambda concurrency quota: no AWS region \(set AWS_REGION, or a region in your profile\)/);
    expect(lambda.requests).toHaveLength(seen);
  });

  test('an answer refused by AWS names the error and the permission', async () => {
    lambda.answer({ status: 403, headers: { 'x-amzn-errortype': 'AccessDeniedException' }, body: { Message: 'User is not authorized to perform: lambda:GetAccountSettings' } });
    const { code, stderr } = await preflight({ ...bareEnv(), ...CREDENTIALS, AWS_ENDPOINT_URL: lambda.url });
    expect(code).toBe(1);
    expect(stderr).toMatch(/answered GetAccountSettings with AccessDeniedException \(HTTP 403\): User is not authorized .*\(the caller needs lambda:GetAccountSettings\)/);
  });
});
