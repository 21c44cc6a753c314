// How many channels one SSH connection has open at once: a cap that shrinks to what the server accepts.
// OpenSSH refuses a session beyond MaxSessions (default 10; hardened hosts set 1 or 2) with a channel open failure
// (sshd session.c, session_new: "too many sessions"), so a refused channel waits for one of ours to close and asks again.

export class ChannelGate {
  private open = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private cap: number) {
    this.cap = Math.max(1, cap);
  }

  /** The channels allowed at once now (the configured cap, or fewer once the server refused one). */
  get limit(): number {
    return this.cap;
  }

  /**
   * Runs `task` in a slot. When it throws a refusal (`isRefusal`) while other channels of ours are open, the server
   * has a session limit: the cap drops to the channels open then and the task waits for a slot again. A refusal
   * with no other channel open is the server's answer and is thrown.
   */
  async run<T>(task: () => Promise<T>, isRefusal: (err: unknown) => boolean): Promise<T> {
    for (;;) {
      await this.acquire();
      try {
        return await task();
      } catch (err) {
        const others = this.open - 1;
        if (others === 0 || !isRefusal(err)) throw err;
        this.cap = Math.min(this.cap, others);
      } finally {
        this.release();
      }
    }
  }

  private async acquire(): Promise<void> {
    while (this.open >= this.cap) await new Promise<void>((wake) => this.waiting.push(wake));
    this.open += 1;
  }

  private release(): void {
    this.open -= 1;
    this.waiting.shift()?.();
  }
}
