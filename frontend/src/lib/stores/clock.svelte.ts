/** The current time, updated every 30 s while something reads it (for "5 minutes ago"). */
class Clock {
  now = $state(Date.now());
  private timer: ReturnType<typeof setInterval> | null = null;
  private users = 0;

  /** Starts ticking while at least one user holds it; returns the release function. */
  hold(): () => void {
    this.users += 1;
    this.now = Date.now();
    this.timer ??= setInterval(() => (this.now = Date.now()), 30_000);
    return () => {
      this.users -= 1;
      if (this.users === 0 && this.timer !== null) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }
}

export const clock = new Clock();
