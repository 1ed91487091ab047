import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { FaultAction, SdkCall } from './faults';

export interface FunctionDefinition {
  id: string;
  /** Absolute path of the function's bundle (exports `handler`). */
  entryPath: string;
  timeoutSeconds: number;
  memoryMb: number;
  env: Record<string, string>;
  /** Tests only: decides the faults injected into this function's SDK calls. */
  faults?: (call: SdkCall) => FaultAction | undefined;
}

export class InvocationError extends Error {
  override name = 'InvocationError';
  constructor(readonly functionId: string, readonly errorName: string, message: string) {
    super(`${functionId} failed: ${errorName}: ${message}`);
  }
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** A function running in its own worker thread with its own process.env, like one Lambda. */
export class LocalFunction {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private exited = false;
  readonly ready: Promise<void>;

  constructor(readonly definition: FunctionDefinition) {
    this.worker = new Worker(new URL('./function-worker.mjs', import.meta.url), {
      // As Lambda sets it: Powertools reports `cold_start` only for on-demand environments.
      env: { ...process.env, AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand', ...definition.env },
      // Not the parent's flags: under tsx they load its TypeScript loader into every worker, which a bundle does not need.
      execArgv: [],
      workerData: {
        entryUrl: pathToFileURL(definition.entryPath).href,
        functionName: definition.id,
        timeoutSeconds: definition.timeoutSeconds,
        memoryMb: definition.memoryMb,
        faults: definition.faults !== undefined,
      },
    });
    this.ready = new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(new Error(`${definition.id} failed to start: ${error.message}`));
      this.worker.once('error', onError);
      this.worker.once('message', (message: { ready?: boolean }) => {
        if (message.ready) {
          this.worker.off('error', onError);
          resolve();
        }
      });
    });
    this.worker.on('message', (message: { id?: number; result?: unknown; error?: { name: string; message: string }; fault?: { n: number; call: SdkCall } }) => {
      if (message.fault && definition.faults) {
        this.worker.postMessage({ faultReply: { n: message.fault.n, action: definition.faults(message.fault.call) ?? null } });
        return;
      }
      if (message.id === undefined) return;
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.error) waiting.reject(new InvocationError(definition.id, message.error.name, message.error.message));
      else waiting.resolve(message.result);
    });
    // A worker that is gone answers nothing more: whoever waits is told, or a poller's batch would hang forever.
    this.worker.once('exit', () => {
      this.exited = true;
      this.rejectPending(new Error(`${definition.id} stopped before it answered`));
    });
    this.worker.on('error', (error) => this.rejectPending(error));
  }

  private rejectPending(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  async invoke<T = unknown>(event: unknown): Promise<T> {
    await this.ready;
    if (this.exited) throw new Error(`${this.definition.id} is stopped`);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, event });
    });
  }

  /**
   * Asks the worker to exit, and terminates it only if it has not within two seconds. A worker
   * terminated from outside can be cut anywhere, even between a zlib handle's creation and its
   * initialisation, and Node 20 then aborts the whole process while cleaning the worker up
   * ("close before init"): a chaos run that restarts the system mid-load hit it.
   */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ stop: true });
    const stuck = setTimeout(() => void this.worker.terminate(), 2_000);
    await exited;
    clearTimeout(stuck);
  }
}

export const repositoryRoot = join(import.meta.dirname, '..', '..');
