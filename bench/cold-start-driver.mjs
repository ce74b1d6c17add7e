// Runs a function bundle the way Lambda starts one, under the Node.js that runs this file:
// - `import BUNDLE`: loads it (its top level, awaited, is the function's init) and exits;
// - `verdict BUNDLE EVENTS_JSON`: loads it, then invokes `handler` once per event and prints
//   one line `RESULT {"initMs", "invocations": [{"ms", "result"}]}`.
// Plain JavaScript so that no loader stands between Node.js and the bundle.
import { pathToFileURL } from 'node:url';

const [mode, bundle, eventsJson] = process.argv.slice(2);
const started = performance.now();
const module = await import(pathToFileURL(bundle).href);
const initMs = performance.now() - started;
if (mode === 'import') process.exit(0);

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
  const at = performance.now();
  const result = await module.handler(event, context);
  invocations.push({ ms: performance.now() - at, result });
}
console.log(`RESULT ${JSON.stringify({ initMs, invocations })}`);
process.exit(0);
