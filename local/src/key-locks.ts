/** Read/write locks per item key: many holders share a key, one holds it exclusively. */
export class KeyLocks {
  private readonly locks = new Map<string, { shared: number; exclusive: boolean; waiting: { exclusive: boolean; grant: () => void }[] }>();

  async acquire(key: string, exclusive: boolean): Promise<() => void> {
    let lock = this.locks.get(key);
    if (!lock) {
      lock = { shared: 0, exclusive: false, waiting: [] };
      this.locks.set(key, lock);
    }
    const free = exclusive ? !lock.exclusive && lock.shared === 0 : !lock.exclusive && !lock.waiting.some((w) => w.exclusive);
    if (free) this.take(lock, exclusive);
    else await new Promise<void>((grant) => lock.waiting.push({ exclusive, grant }));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(key, exclusive);
    };
  }

  /** Takes every key exclusively, in a fixed order so two transactions cannot deadlock. */
  async acquireAll(keys: string[]): Promise<() => void> {
    const releases: (() => void)[] = [];
    for (const key of [...new Set(keys)].sort()) releases.push(await this.acquire(key, true));
    return () => releases.forEach((r) => r());
  }

  private take(lock: { shared: number; exclusive: boolean }, exclusive: boolean): void {
    if (exclusive) lock.exclusive = true;
    else lock.shared++;
  }

  private release(key: string, exclusive: boolean): void {
    const lock = this.locks.get(key)!;
    if (exclusive) lock.exclusive = false;
    else lock.shared--;
    while (lock.waiting.length > 0 && !lock.exclusive) {
      const next = lock.waiting[0]!;
      if (next.exclusive && lock.shared > 0) break;
      lock.waiting.shift();
      this.take(lock, next.exclusive);
      next.grant();
      if (next.exclusive) break;
    }
    if (!lock.exclusive && lock.shared === 0 && lock.waiting.length === 0) this.locks.delete(key);
  }
}
