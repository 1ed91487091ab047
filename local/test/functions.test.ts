import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalFunction } from '../src/functions';

const dir = mkdtempSync(join(tmpdir(), 'govflow-functions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A bundle whose handler answers `echo` at once and otherwise takes far longer than any test waits. */
function slowFunction(): LocalFunction {
  const entryPath = join(dir, 'slow.mjs');
  writeFileSync(entryPath, `export const handler = async (event) => event.echo ?? new Promise((resolve) => setTimeout(() => resolve('late'), 60_000));\n`);
  return new LocalFunction({ id: 'slow', entryPath, timeoutSeconds: 120, memoryMb: 128, env: {} });
}

describe('a local function', () => {
  it('answers an invocation from its worker', async () => {
    const fn = slowFunction();
    await expect(fn.invoke({ echo: 'hello' })).resolves.toBe('hello');
    await fn.stop();
  });

  it('rejects the invocations still waiting when it stops, and any made after', async () => {
    const fn = slowFunction();
    await fn.ready;
    const waiting = fn.invoke({});
    const outcome = waiting.then(
      () => 'answered',
      (error: Error) => error.message,
    );
    await fn.stop();
    await expect(outcome).resolves.toBe('slow stopped before it answered');
    await expect(fn.invoke({ echo: 'again' })).rejects.toThrow('slow is stopped');
  });

  it('starts as Lambda does on demand: Powertools sees a cold start on the first invocation only', async () => {
    const commons = pathToFileURL(createRequire(import.meta.url).resolve('@aws-lambda-powertools/commons')).href;
    const entryPath = join(dir, 'cold.mjs');
    // The module's address is only known here: it is pulled in with a dynamic import of a variable.
    writeFileSync(entryPath, `const { Utility } = await import(${JSON.stringify(commons)});\nconst utility = new Utility();\nexport const handler = async () => utility.getColdStart();\n`);
    const fn = new LocalFunction({ id: 'cold', entryPath, timeoutSeconds: 10, memoryMb: 128, env: {} });
    expect([await fn.invoke({}), await fn.invoke({})]).toEqual([true, false]);
    await fn.stop();
  });
});
