// Runs one Lambda function inside a worker thread with its own environment, the way
// the Lambda runtime would: import the bundle once (cold start), then invoke `handler`
// for each event the main thread sends.
import { parentPort, workerData } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';

const { entryUrl, functionName, timeoutSeconds, memoryMb, faults } = workerData;
// Fault injection (tests only) hooks the SDK clients the entry creates, so it goes first.
// It is TypeScript, so only then is tsx loaded into the worker.
const faultHook = faults ? (await (await import('tsx/esm/api')).tsImport('./fault-hook.ts', import.meta.url)).installFaultHook(parentPort, functionName) : undefined;
// Stack traces name the source files, through the bundle's source map.
process.setSourceMapsEnabled(true);
const module = await import(entryUrl);
const handler = module.handler;
if (typeof handler !== 'function') throw new Error(`${entryUrl} does not export a handler`);

function context() {
  const deadline = Date.now() + timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: String(memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
}

function serializeError(error) {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}

parentPort.on('message', async ({ id, event, stop }) => {
  // Ended from here, between two turns of the event loop: never inside a call (see LocalFunction.stop).
  if (stop) process.exit(0);
  if (id === undefined) return;
  let timer;
  try {
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Task timed out after ${timeoutSeconds} seconds`)), timeoutSeconds * 1000);
    });
    const invocation = faultHook ? faultHook.run(() => handler(event, context())) : handler(event, context());
    const result = await Promise.race([invocation, timeout]);
    parentPort.postMessage({ id, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) });
  } catch (error) {
    parentPort.postMessage({ id, error: serializeError(error) });
  } finally {
    clearTimeout(timer);
  }
});
parentPort.postMessage({ ready: true });
