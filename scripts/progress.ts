/**
 * Progress of a long step on one line: `label n/total` rewritten in place on a terminal,
 * a line every tenth of the way when the output goes to a file or a pipe.
 */
export function progress(label: string, total: number) {
  const tty = Boolean(process.stdout.isTTY);
  const every = Math.max(1, Math.ceil(total / 10));
  let count = 0;
  const show = () => (tty ? process.stdout.write(`\r  ${label} ${count}/${total}`) : console.log(`  ${label} ${count}/${total}`));
  return {
    tick(): void {
      count++;
      if (tty || count % every === 0 || count === total) show();
    },
    /** A line of its own, without losing the count. */
    note(text: string): void {
      if (tty) process.stdout.write('\r\x1b[K');
      console.log(`  ${text}`);
      if (tty) show();
    },
    done(): void {
      if (tty) process.stdout.write('\n');
      else if (count % every !== 0 && count !== total) show();
    },
  };
}
