// Loads a bundled handler the way Lambda does (an ES module, `handler` export) and invokes it
// once with the event in argv[3]. Prints one line: RESULT {"loadMs", "result"} or RESULT {"error"}.
// Run under Node.js 24 by the bundle smoke test; plain JavaScript so no loader is involved.
import { pathToFileURL } from 'node:url';

const [bundle, eventJson] = process.argv.slice(2);
const started = performance.now();
const module = await import(pathToFileURL(bundle).href);
const loadMs = performance.now() - started;
// A Lambda with the 15-minute timeout the jobs are deployed with.
const deadline = Date.now() + 900_000;
const context = {
  functionName: 'smoke',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:smoke',
  memoryLimitInMB: '512',
  awsRequestId: 'smoke-request',
  logGroupName: '/smoke',
  logStreamName: 'smoke',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => deadline - Date.now(),
};
try {
  const result = await module.handler(JSON.parse(eventJson), context);
  console.log(`RESULT ${JSON.stringify({ loadMs, node: process.version, result })}`);
  process.exit(0);
} catch (error) {
  console.log(`RESULT ${JSON.stringify({ loadMs, node: process.version, error: String(error?.stack ?? error) })}`);
  process.exit(1);
}
