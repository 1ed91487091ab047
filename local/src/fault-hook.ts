import { AsyncLocalStorage } from 'node:async_hooks';
import type { MessagePort } from 'node:worker_threads';
import { DynamoDBClient, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { caseIdsIn, InjectedCrash, isFaultable, operationOf, throttlingError, type FaultAction, type SdkCall } from './faults';

/**
 * The function worker's side of fault injection, loaded only when the stack has an
 * injector: a middleware on every SDK client the function creates asks the main thread
 * (which holds the plan) what to do with each write, send and delete.
 */

interface Invocation {
  dead: boolean;
  die(error: Error): void;
}

interface Args {
  input: Record<string, unknown>;
}
type Next = (args: Args) => Promise<unknown>;
interface Stack {
  add(middleware: (next: Next, context: { commandName?: string }) => (args: Args) => Promise<unknown>, options: { step: string; priority: string; name: string }): void;
}

const invocations = new AsyncLocalStorage<Invocation>();
/** What a dead invocation's later calls get: an answer that never comes, as from a process that is gone. */
const never = () => new Promise<never>(() => undefined);

export function installFaultHook(port: MessagePort, functionId: string) {
  const waiting = new Map<number, (action: FaultAction | null) => void>();
  let nextId = 0;
  port.on('message', (message: { faultReply?: { n: number; action: FaultAction | null } }) => {
    if (!message.faultReply) return;
    waiting.get(message.faultReply.n)?.(message.faultReply.action);
    waiting.delete(message.faultReply.n);
  });
  const ask = (call: SdkCall) =>
    new Promise<FaultAction | null>((resolve) => {
      const n = nextId++;
      waiting.set(n, resolve);
      port.postMessage({ fault: { n, call } });
    });
  // The concurrent writer of a race: a client of its own, without the hook.
  const rival = new DynamoDBClient({});

  const crash = (invocation: Invocation | undefined, operation: string, when: string): never => {
    const error = new InjectedCrash(`injected: ${functionId} died ${when} ${operation}`);
    if (invocation) {
      invocation.dead = true;
      invocation.die(error);
    }
    throw error;
  };

  const middleware = (next: Next, context: { commandName?: string }) => async (args: Args) => {
    const invocation = invocations.getStore();
    if (invocation?.dead) return never();
    const operation = operationOf(context.commandName);
    if (!isFaultable(operation)) return next(args);
    const action = await ask({ functionId, operation, caseIds: caseIdsIn(args.input) });
    switch (action) {
      case 'crash-before':
        return crash(invocation, operation, 'before');
      case 'throttle':
        throw throttlingError(operation);
      case 'race':
        if (!(await bumpVersions(rival, args.input))) await next(args).catch(() => undefined);
        return next(args);
      case 'crash-after': {
        // Whether or not the write took, the invocation dies right after it.
        await next(args).catch(() => undefined);
        return crash(invocation, operation, 'after');
      }
      default:
        return next(args);
    }
  };

  (globalThis as Record<symbol, unknown>)[Symbol.for('govflow.sdk-client-hook')] = (client: { middlewareStack: unknown }) =>
    (client.middlewareStack as Stack).add(middleware, { step: 'build', priority: 'high', name: 'govflowFaults' });

  return {
    /** Runs one invocation; it fails as soon as an injected crash kills it, whatever its code does next. */
    run<T>(invoke: () => Promise<T>): Promise<T> {
      let die!: (error: Error) => void;
      const death = new Promise<never>((_, reject) => (die = reject));
      return Promise.race([invocations.run({ dead: false, die }, invoke), death]);
    },
  };
}

type Item = Record<string, AttributeValue>;
interface Conditional {
  TableName?: string;
  Item?: Item;
  Key?: Item;
  ConditionExpression?: string;
}

/**
 * A concurrent writer's change to each item the command means to replace only if its
 * `version` is still the one read: the version moves on, so the command's condition fails
 * as it would under a real race. Returns false when nothing in the command checks a version.
 */
async function bumpVersions(rival: DynamoDBClient, input: Record<string, unknown>): Promise<boolean> {
  const items = (input.TransactItems as Record<string, Conditional>[] | undefined)?.map((t) => t.Put ?? t.Update) ?? [input as Conditional];
  const versioned = items.filter((i): i is Conditional => Boolean(i?.ConditionExpression?.startsWith('version = ')));
  for (const item of versioned) {
    const source = item.Key ?? item.Item!;
    await rival.send(
      new UpdateItemCommand({
        TableName: item.TableName ?? (input.TableName as string),
        Key: { pk: source.pk!, sk: source.sk! },
        UpdateExpression: 'SET version = version + :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': { N: '1' } },
      }),
    );
  }
  return versioned.length > 0;
}
