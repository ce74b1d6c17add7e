/**
 * cdk.json ships placeholders so that `npm run synth` works on a fresh clone; everything that
 * deploys refuses them, naming each one. It ships no alarm address at all.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseDeploymentConfig } from '../../../infra/config.js';
import { placeholderProblems, refusePlaceholders } from '../../../infra/placeholders.js';
import { configProblems } from '../../helpers/config-problems.js';
import { BASE_CONFIG, buildStack, CDK_JSON_CONTEXT, stackWarnings } from './stack-helpers.js';
import { tempDir } from '../../helpers/temp-dir.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SHIPPED = CDK_JSON_CONTEXT.groupmod as Record<string, unknown>;
const ORG = 'groupmod.agora.org: "your-org" is the placeholder from cdk.json; set your Agora org name';
const APP = 'groupmod.agora.app: "your-app" is the placeholder from cdk.json; set your Agora app name';
const ONLY_SYNTH = 'placeholders are accepted only by npm run synth, which deploys nothing';

describe('the settings cdk.json ships', () => {
  test('are the org and app placeholders, and no alarm address', () => {
    expect(SHIPPED).toEqual({ agora: { baseUrl: 'https://a41.chat.agora.io', org: 'your-org', app: 'your-app' } });
    expect(placeholderProblems(parseDeploymentConfig(SHIPPED))).toEqual([ORG, APP]);
  });

  test('are refused unless the synth context allows them', () => {
    const shipped = parseDeploymentConfig(SHIPPED);
    expect(configProblems(() => refusePlaceholders(shipped, undefined))).toEqual([ORG, APP, ONLY_SYNTH]);
    expect(configProblems(() => refusePlaceholders(shipped, 'false'))).toEqual([ORG, APP, ONLY_SYNTH]);
    expect(configProblems(() => refusePlaceholders(shipped, 'true'))).toEqual([]);
    expect(configProblems(() => refusePlaceholders(shipped, true))).toEqual([]);
  });

  test('real settings pass; an address at a documentation domain does not', () => {
    expect(configProblems(() => refusePlaceholders(parseDeploymentConfig(BASE_CONFIG), undefined))).toEqual([]);
    for (const alarmEmail of ['oncall@example.com', 'ops@mail.example.org', 'a@EXAMPLE.net']) {
      expect(placeholderProblems(parseDeploymentConfig({ ...BASE_CONFIG, alarmEmail }))).toEqual([
        `groupmod.alarmEmail: "${alarmEmail}" is at a documentation domain and reaches nobody; set the on-call address, or leave it out`,
      ]);
    }
    expect(
      placeholderProblems(parseDeploymentConfig({ ...BASE_CONFIG, alarmEmail: 'oncall@example.company.com' })),
    ).toEqual([]);
  });
});

describe('the npm scripts', () => {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts;

  test('synth allows the placeholders, deploy and destroy do not', () => {
    expect(scripts.synth).toBe('cdk synth --quiet --no-notices -c groupmod:allowPlaceholders=true');
    // The deploy reads the account's concurrency quota first, then runs `cdk deploy --no-notices`
    // with the arguments given (test/integration/deploy-preflight.test.ts): no placeholders either.
    expect(scripts.deploy).toBe('tsx infra/deploy/main.ts');
    expect(scripts.destroy).toBe('cdk destroy --no-notices');
  });

  /** The app, run as cdk runs it: the context in CDK_CONTEXT_JSON, no bundling. */
  const runApp = (context: Record<string, unknown>) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          CDK_CONTEXT_JSON: JSON.stringify({ ...context, 'aws:cdk:bundling-stacks': [] }),
          CDK_OUTDIR: tempDir('cdk-out'),
        },
      });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ code, stderr }));
    });

  test('the app, run as cdk deploy runs it with the shipped context, exits 1 naming the placeholders', async () => {
    const { code, stderr } = await runApp(CDK_JSON_CONTEXT);
    expect(code).toBe(1);
    expect(stderr).toBe(`cdk: invalid configuration:\n  ${ORG}\n  ${APP}\n  ${ONLY_SYNTH}\n`);
  }, 30_000);

  test("the app takes the quota npm run deploy measured: a new account's 10 refuses the reservations before anything else", async () => {
    const { code, stderr } = await runApp({ ...CDK_JSON_CONTEXT, 'groupmod:accountConcurrencyLimit': '10' });
    expect(code).toBe(1);
    expect(stderr).toBe(
      'cdk: invalid configuration:\n  groupmod.callbacks.preDelivery.reservedConcurrency, groupmod.callbacks.postDelivery.reservedConcurrency: together 40, ' +
        "but Lambda keeps 100 of the account's concurrency unreserved and the account's Lambda concurrency quota, as read from the account " +
        '(groupmod:accountConcurrencyLimit), is 10: the deploy would fail. ' +
        'Ask AWS for a higher quota (Service Quotas, AWS Lambda, "Concurrent executions") and deploy again once it is raised, ' +
        'or lower the reservations (null reserves none)\n',
    );
  }, 30_000);
});

describe('without alarmEmail', () => {
  test('synth warns that alarms reach nobody until someone subscribes', () => {
    expect(stackWarnings(buildStack({ alarmEmail: undefined }).stack)).toEqual([
      'groupmod.alarmEmail is not set: alarms reach the alarm topic (output AlarmTopicArn) and nobody else until someone subscribes to it [ack: groupmod:noAlarmEmail]',
    ]);
    expect(stackWarnings(buildStack().stack)).toEqual([]);
  });
});
