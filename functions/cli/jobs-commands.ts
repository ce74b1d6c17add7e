import { readFile } from 'node:fs/promises';
import type { AgoraChatClient } from '../agora/index.js';
import { auditJob } from '../audit/index.js';
import { groupsExportJob, joinedExportJob } from '../export/index.js';
import { DirectoryOutputStore, JobRunner, S3OutputStore, type OutputStore } from '../jobs/index.js';
import { DynamoDbLedger } from '../ledger/index.js';
import { ConfigError, dynamoClientFromEnv, s3ClientFromEnv, sqsClientFromEnv } from '../shared/index.js';
import { parse, str, type Options } from './args.js';
import { queueUrlFromEnv } from './events-commands.js';
import { Progress, writeJsonLine } from './output.js';
import { UsageError } from './usage-error.js';

export const JOBS_USAGE = `groupmod audit|export <command> [options]

  audit run [--banned-terms T1,T2] [--near-capacity 0.9] [--repair] [--page-size 1-100]
                       every group: snapshot, findings, changes since the last run; with
                       LEDGER_TABLE_NAME set, ban drift too (--repair sends it to the queue)
  export groups [--disabled] [--public] [--created-since ISO]
  export joined --users U1,U2 | --users-file FILE     one line per user and group
  Output (all): --out DIR (a folder, same layout as S3) or --bucket NAME (default OUTPUT_BUCKET),
  --prefix P (default OUTPUT_PREFIX). The run's manifest is printed when it is written.`;

const OUTPUT_OPTIONS: Options = { out: { type: 'string' }, bucket: { type: 'string' }, prefix: { type: 'string' } };

function outputStore(values: Record<string, string | boolean | undefined>, env: NodeJS.ProcessEnv): OutputStore {
  const out = str(values.out);
  const bucket = str(values.bucket) ?? env.OUTPUT_BUCKET;
  if (out && values.bucket) throw new UsageError('--out and --bucket exclude each other');
  if (out) return new DirectoryOutputStore(out);
  if (!bucket) throw new UsageError('say where to write: --out DIR, or --bucket NAME (or OUTPUT_BUCKET)');
  return new S3OutputStore(s3ClientFromEnv(env), bucket);
}

function prefixOf(values: Record<string, string | boolean | undefined>, env: NodeJS.ProcessEnv): string {
  return str(values.prefix) ?? env.OUTPUT_PREFIX ?? '';
}

function ratio(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (typeof value !== 'string' || !(number > 0 && number <= 1)) throw new UsageError(`--near-capacity expects a ratio above 0 and at most 1, got "${String(value)}"`);
  return number;
}

function date(value: string | boolean | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const parsed = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(parsed.getTime())) throw new UsageError(`--created-since expects an ISO date or time, got "${String(value)}"`);
  return parsed;
}

async function usersFrom(values: Record<string, string | boolean | undefined>): Promise<string[]> {
  const list = str(values.users);
  const file = str(values['users-file']);
  if (Boolean(list) === Boolean(file)) throw new UsageError('give either --users U1,U2 or --users-file FILE');
  const text = list ?? (await readFile(file!, 'utf8').catch((error: Error) => {
    throw new UsageError(`cannot read ${file}: ${error.message}`);
  }));
  return text.split(list ? ',' : '\n').map((user) => user.trim()).filter(Boolean);
}

/** Runs `groupmod audit ...` and `groupmod export ...`; returns the exit code. */
export async function runJobsCommand(client: AgoraChatClient, area: 'audit' | 'export', command: string | undefined, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const progress = new Progress();
  const job = `${area} ${command ?? ''}`.trim();
  let manifest;
  if (job === 'audit run') {
    const { values } = parse(args, { ...OUTPUT_OPTIONS, 'banned-terms': { type: 'string' }, 'near-capacity': { type: 'string' }, repair: { type: 'boolean' }, 'page-size': { type: 'string' } }, { min: 0, max: 0, name: 'no arguments' });
    const runner = new JobRunner({ store: outputStore(values, env) });
    const table = env.LEDGER_TABLE_NAME;
    if (values.repair && !table) throw new ConfigError(['LEDGER_TABLE_NAME: required for --repair (drift is measured against the ledger)']);
    const nearCapacityRatio = ratio(values['near-capacity']);
    const bannedTerms = str(values['banned-terms'])?.split(',').map((t) => t.trim()).filter(Boolean);
    const job = auditJob({
      groups: client.groups,
      ...(table && { ledger: new DynamoDbLedger(dynamoClientFromEnv(env), table) }),
      ...(values.repair && { queue: { sqs: sqsClientFromEnv(env), queueUrl: queueUrlFromEnv(env) } }),
    });
    const request = {
      findings: { ...(nearCapacityRatio && { nearCapacityRatio }), ...(bannedTerms && { bannedTerms }) },
      repair: Boolean(values.repair),
      ...(values['page-size'] !== undefined && { pageSize: Number(values['page-size']) }),
    };
    manifest = await runner.run(job, request, { prefix: prefixOf(values, env) }, { onProgress: ({ groups, pages }) => progress.update(`audited ${groups} groups (${pages} pages)`) });
  } else if (job === 'export groups') {
    const { values } = parse(args, { ...OUTPUT_OPTIONS, disabled: { type: 'boolean' }, public: { type: 'boolean' }, 'created-since': { type: 'string' } }, { min: 0, max: 0, name: 'no arguments' });
    const createdSince = date(values['created-since']);
    const filter = { disabledOnly: Boolean(values.disabled), publicOnly: Boolean(values.public), ...(createdSince && { createdSince: createdSince.toISOString() }) };
    manifest = await new JobRunner({ store: outputStore(values, env) }).run(
      groupsExportJob(client.groups),
      { filter },
      { prefix: prefixOf(values, env) },
      { onProgress: ({ scanned, exported }) => progress.update(`scanned ${scanned} groups, exported ${exported}`) },
    );
  } else if (job === 'export joined') {
    const { values } = parse(args, { ...OUTPUT_OPTIONS, users: { type: 'string' }, 'users-file': { type: 'string' } }, { min: 0, max: 0, name: 'no arguments' });
    const users = await usersFrom(values);
    manifest = await new JobRunner({ store: outputStore(values, env) }).run(
      joinedExportJob(client.groups),
      { users },
      { prefix: prefixOf(values, env) },
      { onProgress: ({ users: done, memberships }) => progress.update(`${done} of ${users.length} users, ${memberships} memberships`) },
    );
  } else {
    throw new UsageError(`unknown command "${job}"`);
  }
  progress.done(`${job}: run ${manifest.runId} complete`);
  await writeJsonLine(manifest);
  return 0;
}
