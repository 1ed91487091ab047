import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { fifoFields } from '@govflow/platform/message-groups';

/**
 * Fault injection for the local runtime (tests only; off unless `startLocalStack` gets a
 * `faults` injector). Faults are injected at the SDK: a middleware on every client a
 * function creates (platform's createDocumentClient / createSqsClient) and on the
 * event-source mappings' queue client, so the services' own code runs unchanged.
 */

/** One SDK command about to be sent, as the injector sees it. */
export interface SdkCall {
  /** The manifest function sending it, or `poller:<stage>` for an event-source mapping. */
  functionId: string;
  /** The SDK operation without "Command": `TransactWriteItems`, `SendMessageBatch`, `DeleteMessageBatch` … */
  operation: string;
  /** The cases the command is about (from item keys, events and message bodies). */
  caseIds: string[];
}

/**
 * What to do to a command:
 * - `crash-before`: the invocation dies before the command is sent (nothing after it happens);
 * - `crash-after`: the command takes effect, then the invocation dies;
 * - `throttle`: the command fails with a throttling error (as once the SDK's retries are spent);
 * - `race`: a concurrent writer changes the items it conditions on just before it lands
 *   (bumps the `version` it checks, or, for items that must not exist yet, commits the very
 *   same write first, as a twin invocation handling the same thing would).
 */
export type FaultAction = 'crash-before' | 'crash-after' | 'throttle' | 'race';

export interface ReceivedMessage {
  messageId: string;
  caseId?: string;
}

export interface FaultInjector {
  /** Asked before each write, queue send and queue delete a function or event-source mapping makes. */
  decide(call: SdkCall): FaultAction | undefined;
  /** Asked for each batch an event-source mapping receives: which messages to deliver twice, which to hold back (they come again after the visibility timeout, behind later ones). */
  received?(stage: string, messages: readonly ReceivedMessage[]): { duplicate?: readonly string[]; holdBack?: readonly string[] };
}

/** The error a killed invocation reports. */
export class InjectedCrash extends Error {
  override name = 'InjectedCrash';
}

/** What SQS (or DynamoDB) answers when a caller goes over its rate; retryable, like the real one. */
export function throttlingError(operation: string): Error {
  return Object.assign(new Error(`injected: Rate exceeded (${operation})`), {
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400, attempts: 1, totalRetryDelay: 0 },
    $retryable: { throttling: true },
  });
}

const writeOperations = new Set(['TransactWriteItems', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'SendMessage', 'SendMessageBatch', 'DeleteMessage', 'DeleteMessageBatch']);

/** Only writes, sends and deletes are offered to the injector; reads pass untouched. */
export function isFaultable(operation: string): boolean {
  return writeOperations.has(operation);
}

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const casePatterns = [new RegExp(`CASE#(${uuid})`, 'g'), new RegExp(`caseId[^0-9a-f]{1,20}(${uuid})`, 'g')];

/** Case ids named in a command's input (plain or marshalled items, event envelopes, message bodies). */
export function caseIdsIn(input: unknown): string[] {
  const text = JSON.stringify(input) ?? '';
  const ids = new Set<string>();
  for (const pattern of casePatterns) for (const m of text.matchAll(pattern)) ids.add(m[1]!);
  return [...ids];
}


export function operationOf(commandName: string | undefined): string {
  return (commandName ?? 'Unknown').replace(/Command$/, '');
}

interface Stack {
  add(middleware: unknown, options: { step: string; priority?: string; name: string }): void;
}

/**
 * The event-source mappings' side: receives may be duplicated or held back, deletes may
 * crash (the mapping dies before it deletes what the function handled) or be throttled.
 */
export function addPollerFaults(client: SQSClient, stageOfUrl: (url: string) => string, injector: FaultInjector, resend: SQSClient): void {
  const caseOfReceipt = new Map<string, string>();
  (client.middlewareStack as unknown as Stack).add(
    (next: (args: { input: Record<string, unknown> }) => Promise<{ output: { Messages?: Message[] } }>, context: { commandName?: string }) =>
      async (args: { input: Record<string, unknown> }) => {
        const operation = operationOf(context.commandName);
        const stage = stageOfUrl(String(args.input.QueueUrl ?? ''));
        if (operation === 'DeleteMessageBatch') {
          const entries = (args.input.Entries ?? []) as { ReceiptHandle?: string }[];
          const caseIds = [...new Set(entries.map((e) => caseOfReceipt.get(e.ReceiptHandle ?? '')).filter((c): c is string => c !== undefined))];
          for (const e of entries) caseOfReceipt.delete(e.ReceiptHandle ?? '');
          const action = injector.decide({ functionId: `poller:${stage}`, operation, caseIds });
          if (action === 'throttle') throw throttlingError(operation);
          if (action === 'crash-before' || action === 'crash-after') throw new InjectedCrash(`injected: event-source mapping died before deleting from ${stage}`);
          return next(args);
        }
        const result = await next(args);
        if (operation !== 'ReceiveMessage' || !injector.received) return result;
        const messages = result.output.Messages ?? [];
        if (messages.length === 0) return result;
        const described = messages.map((m) => ({ messageId: m.MessageId!, caseId: caseIdsIn(m.Body)[0] }));
        for (const m of messages) {
          const caseId = caseIdsIn(m.Body)[0];
          if (caseId && m.ReceiptHandle) caseOfReceipt.set(m.ReceiptHandle, caseId);
        }
        const { duplicate = [], holdBack = [] } = injector.received(stage, described);
        for (const m of messages.filter((m) => duplicate.includes(m.MessageId!))) {
          // At-least-once at work: the queue hands out a second copy of the same message.
          await resend.send(new SendMessageCommand({ QueueUrl: String(args.input.QueueUrl), MessageBody: m.Body, MessageAttributes: m.MessageAttributes, ...fifoFields(String(args.input.QueueUrl), m.Body ?? '', { resend: true }) }));
        }
        if (holdBack.length > 0) result.output.Messages = messages.filter((m) => !holdBack.includes(m.MessageId!));
        return result;
      },
    { step: 'initialize', priority: 'high', name: 'govflowPollerFaults' },
  );
}
