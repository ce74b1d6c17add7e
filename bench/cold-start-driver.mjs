// Runs a function bundle the way Lambda starts one, under the Node.js that runs this file, and
// prints one line `RESULT {...}`:
// - `import BUNDLE`: loads it (its top level, awaited, is the function's init);
// - `import-only BUNDLE`: loads it and exits where its modules have been evaluated and init starts
//   (the entry's `performance.mark` named INIT_MARK), so that spawn to exit is start and import alone;
// - `verdict BUNDLE EVENTS_JSON`: loads it, then invokes `handler` once per event.
// What it reports, all measured in this process:
// - `importMs`: from the start of the import to the end of init (the top-level await settled);
// - `sinceStartMs`: from Node's own time origin (process start) to the same point;
// - `importedMs`, `importCpuMs`: from Node's time origin to INIT_MARK, and the CPU time up to it
//   (what start and import alone cost; the rest of `sinceStartMs` is init);
// - `cpuMs`: CPU time (user + system, all of this process's threads) up to that point;
// - `waitMs`, `requests`: of `importMs`, the time with an HTTP request to an AWS endpoint in
//   flight (from the request's start to its response's end, overlaps counted once), and how many;
// - per invocation: `ms`, `cpuMs`, `waitMs`, `requests` alike, and the handler's result.
// Requests are seen through Node's `http.client.*` diagnostics channels, which the AWS SDK's
// node:http handler publishes to; nothing in the bundle is changed. Plain JavaScript so that no
// loader stands between Node.js and the bundle.
import { subscribe } from 'node:diagnostics_channel';
import { pathToFileURL } from 'node:url';

const [mode, bundle, eventsJson] = process.argv.slice(2);
/** The mark the pre-delivery entry sets once its modules are evaluated (functions/callbacks/pre-delivery-handler.ts). */
const INIT_MARK = 'pre-delivery:init';

let inFlight = 0;
let waitingSince = 0;
let waited = 0;
let requests = 0;
const open = new WeakSet();
subscribe('http.client.request.start', ({ request }) => {
  requests += 1;
  open.add(request);
  if (inFlight++ === 0) waitingSince = performance.now();
});
const settle = ({ request }) => {
  if (!open.has(request)) return;
  open.delete(request);
  if (--inFlight === 0) waited += performance.now() - waitingSince;
};
subscribe('http.client.response.finish', settle);
subscribe('http.client.request.error', settle);

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
/** The figures of what `work` did: wall, CPU, waits on requests. */
async function measured(work) {
  const [startedAt, cpuAt, waitedAt, requestsAt] = [performance.now(), cpuMs(), waited, requests];
  const value = await work();
  return {
    ms: performance.now() - startedAt,
    cpuMs: cpuMs() - cpuAt,
    waitMs: waited - waitedAt,
    requests: requests - requestsAt,
    value,
  };
}

// The CPU time at the mark, taken in the mark's own call: the entry runs on right after it.
let importCpuMs;
const mark = performance.mark.bind(performance);
performance.mark = (name, options) => {
  const entry = mark(name, options);
  if (name !== INIT_MARK) return entry;
  importCpuMs = cpuMs();
  if (mode === 'import-only') {
    console.log(`RESULT ${JSON.stringify({ importedMs: entry.startTime, importCpuMs })}`);
    process.exit(0);
  }
  return entry;
};

const imported = await measured(() => import(pathToFileURL(bundle).href));
const importedMs = performance.getEntriesByName(INIT_MARK)[0]?.startTime;
if (importedMs === undefined)
  throw new Error(`the bundle set no mark ${INIT_MARK}: it cannot be told where its import ends`);
const load = {
  importMs: imported.ms,
  sinceStartMs: performance.now(),
  cpuMs: cpuMs(),
  waitMs: imported.waitMs,
  requests: imported.requests,
  importedMs,
  importCpuMs,
};
if (mode === 'import') {
  console.log(`RESULT ${JSON.stringify(load)}`);
  process.exit(0);
}

const module = imported.value;
const deadline = Date.now() + 5_000;
const context = {
  functionName: 'cold-start',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:cold-start',
  memoryLimitInMB: '1024',
  awsRequestId: 'cold-start',
  logGroupName: '/cold-start',
  logStreamName: 'cold-start',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => deadline - Date.now(),
};
const invocations = [];
for (const event of JSON.parse(eventsJson)) {
  const { value: result, ...figures } = await measured(() => module.handler(event, context));
  invocations.push({ ...figures, result });
}
console.log(`RESULT ${JSON.stringify({ ...load, invocations })}`);
process.exit(0);
