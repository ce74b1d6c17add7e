/**
 * `groupmod audit run`, `export groups` and `export joined`: a whole run in one go, written to a
 * folder or the bucket; the run's manifest is printed once it is written.
 */
import { readFile } from 'node:fs/promises';
import { listLimitSchema, type AgoraChatClient } from '../agora/index.js';
import { auditEnvSchema, auditJob } from '../audit/index.js';
import { groupsExportJob, joinedExportJob, usersOf } from '../export/index.js';
import {
  DirectoryOutputStore,
  JobRunner,
  keyPathProblem,
  S3OutputStore,
  type Manifest,
  type OutputStore,
} from '../jobs/index.js';
import { DynamoDbLedger } from '../ledger/index.js';
import { dynamoClientFromEnv, s3ClientFromEnv, sqsClientFromEnv } from '../aws/index.js';
import { ConfigError } from '../config/index.js';
import { withAgoraClient } from './agora-client.js';
import { commaList, text, wholeNumber } from './args.js';
import { prepareAwsClient } from './aws-settings.js';
import { Progress, writeJsonLine } from './output.js';
import { moderationQueueUrl } from './queue-url.js';
import type { CommandRun } from './session.js';
import { UsageError } from './errors.js';
import { fixedName, validOrThrow } from './validation.js';

type Options = Record<string, unknown>;

/** `--out DIR` or `--bucket NAME` (default `OUTPUT_BUCKET`). */
async function outputStore(options: Options, env: NodeJS.ProcessEnv): Promise<OutputStore> {
  const out = text(options.out);
  const bucket = text(options.bucket) ?? (env.OUTPUT_BUCKET || undefined);
  if (out !== undefined && options.bucket !== undefined) throw new UsageError('--out and --bucket exclude each other');
  if (out !== undefined) return new DirectoryOutputStore(out);
  if (!bucket) throw new UsageError('say where to write: --out DIR, or --bucket NAME (or OUTPUT_BUCKET)');
  const s3 = s3ClientFromEnv(env);
  await prepareAwsClient(s3);
  return new S3OutputStore(s3, bucket);
}

/** `--prefix`, else `OUTPUT_PREFIX`: a relative path that stays where it is put. @throws {UsageError} naming the flag */
function prefixOf(options: Options, env: NodeJS.ProcessEnv): string {
  const flag = text(options.prefix);
  const prefix = flag ?? env.OUTPUT_PREFIX ?? '';
  const problem = keyPathProblem(prefix);
  if (problem)
    throw flag === undefined ? new ConfigError([`OUTPUT_PREFIX: ${problem}`]) : new UsageError(`--prefix: ${problem}`);
  return prefix;
}

/** Runs `job` with an Agora client from the environment, then reports its manifest. */
async function run(
  title: string,
  env: NodeJS.ProcessEnv,
  job: (agora: AgoraChatClient, progress: Progress) => Promise<Manifest<unknown>>,
): Promise<number> {
  const progress = new Progress();
  const manifest = await withAgoraClient(env, (agora) => job(agora, progress));
  progress.done(`${title}: run ${manifest.runId} complete`);
  await writeJsonLine(manifest);
  return 0;
}

export const audit: CommandRun = async ({ options, env }) => {
  const nearCapacityRatio = validOrThrow(
    auditEnvSchema.shape.AUDIT_NEAR_CAPACITY,
    options.nearCapacity,
    fixedName('--near-capacity'),
  );
  const pageSize = validOrThrow(
    listLimitSchema,
    wholeNumber(options.pageSize, '--page-size'),
    fixedName('--page-size'),
  );
  const bannedTerms = commaList(options.bannedTerms) ?? [];
  const table = env.LEDGER_TABLE_NAME || undefined;
  const repair = options.repair === true;
  if (repair && !table)
    throw new ConfigError(['LEDGER_TABLE_NAME: required for --repair (drift is measured against the ledger)']);
  const store = await outputStore(options, env);
  const queue = repair ? { sqs: sqsClientFromEnv(env), queueUrl: moderationQueueUrl(env) } : undefined;
  const dynamo = table ? dynamoClientFromEnv(env) : undefined;
  for (const client of [queue?.sqs, dynamo]) if (client) await prepareAwsClient(client);
  const ledger = dynamo && table ? new DynamoDbLedger(dynamo, table) : undefined;
  return run('audit run', env, ({ groups, members }, progress) =>
    new JobRunner({ store }).run(
      auditJob({ groups, members, ...(ledger && { ledger }), ...(queue && { queue }) }),
      { findings: { nearCapacityRatio, bannedTerms }, repair, pageSize },
      { prefix: prefixOf(options, env) },
      { onProgress: ({ groups: done, pages }) => progress.update(`audited ${done} groups (${pages} pages)`) },
    ),
  );
};

export const groups: CommandRun = async ({ options, env }) => {
  const since = text(options.createdSince);
  const createdSince = since === undefined ? undefined : new Date(since);
  if (createdSince && Number.isNaN(createdSince.getTime()))
    throw new UsageError(`--created-since: expected an ISO date or time, e.g. 2026-11-01, got "${since}"`);
  const filter = {
    disabledOnly: options.disabled === true,
    publicOnly: options.public === true,
    ...(createdSince && { createdSince: createdSince.toISOString() }),
  };
  const store = await outputStore(options, env);
  return run('export groups', env, ({ groups }, progress) =>
    new JobRunner({ store }).run(
      groupsExportJob(groups),
      { filter },
      { prefix: prefixOf(options, env) },
      { onProgress: ({ scanned, exported }) => progress.update(`scanned ${scanned} groups, exported ${exported}`) },
    ),
  );
};

/** Users from `--users U1,U2` or `--users-file` (one a line; blank lines and `#` comments skipped). */
async function usersFrom(options: Options): Promise<string[]> {
  const file = text(options.usersFile);
  if ((options.users === undefined) === (file === undefined))
    throw new UsageError('give either --users U1,U2 or --users-file FILE');
  if (file === undefined) return commaList(options.users) ?? [];
  const content = await readFile(file, 'utf8').catch((error: Error) => {
    throw new UsageError(`--users-file: cannot read ${file}: ${error.message}`);
  });
  return usersOf(content);
}

export const joined: CommandRun = async ({ options, env }) => {
  const users = await usersFrom(options);
  if (users.length === 0) throw new UsageError('no users given: --users or --users-file names none');
  const store = await outputStore(options, env);
  return run('export joined', env, ({ groups }, progress) =>
    new JobRunner({ store }).run(
      joinedExportJob(groups),
      { users },
      { prefix: prefixOf(options, env) },
      {
        onProgress: ({ users: done, memberships }) =>
          progress.update(`${done} of ${users.length} users, ${memberships} memberships`),
      },
    ),
  );
};
