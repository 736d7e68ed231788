import { call, type IdentityView } from '../api/client';
import { describeError, type ErrorInfo } from '../errors';

/**
 * Where the app stands:
 * - `loading`: asking the node;
 * - `signed-out`: this browser has no session on the node (HTTP 401 `unauthorized`);
 * - `unreachable`: the node did not answer (or answered with an error);
 * - `none` / `locked` / `unlocked`: the account's state, from `identity.get`.
 */
export type Phase = 'loading' | 'signed-out' | 'unreachable' | 'none' | 'locked' | 'unlocked';

/** How long to wait before asking an unreachable node again. */
const RETRY_MS = 5000;

/** The account and the app's phase; every identity call goes through here. */
export class Session {
  phase = $state<Phase>('loading');
  identity = $state<IdentityView | null>(null);
  /** Why the node is unreachable. */
  problem = $state<ErrorInfo | null>(null);
  private retry: ReturnType<typeof setTimeout> | null = null;

  /** The account id, once there is one. */
  get account(): string | null {
    return this.identity?.account ?? null;
  }

  /** Reads the account's state and moves to the matching phase. */
  async boot(): Promise<void> {
    this.cancelRetry();
    this.phase = 'loading';
    await this.refresh();
  }

  /** Like {@link boot}, without passing through `loading` (keeps the screen). */
  async refresh(): Promise<void> {
    try {
      this.apply(await call('identity.get', {}));
    } catch (e) {
      this.fail(e);
    }
  }

  /**
   * Creates the account. The phase stays `none`: onboarding shows the recovery phrase
   * first and calls {@link refresh} when the person continues.
   */
  async create(name: string, passphrase: string | null) {
    return call('identity.create', { name: name.trim() || null, passphrase });
  }

  /** Restores the account from its recovery phrase, and enters the app. */
  async recover(phrase: string, name: string, passphrase: string | null): Promise<void> {
    this.apply(
      await call('identity.recover', {
        phrase: normalisePhrase(phrase),
        name: name.trim() || null,
        passphrase,
      }),
    );
  }

  async unlock(passphrase: string): Promise<void> {
    this.apply(await call('identity.unlock', { passphrase }));
  }

  async lock(): Promise<void> {
    this.apply(await call('identity.lock', {}));
  }

  /**
   * Reacts to an error from any call: a lost session or a locked key changes the phase.
   * Returns whether it did.
   */
  handle(error: unknown): boolean {
    const { code } = describeError(error);
    if (code === 'unauthorized') {
      this.phase = 'signed-out';
      return true;
    }
    if (code === 'locked') {
      void this.refresh();
      return true;
    }
    return false;
  }

  /** Back to the start (tests). */
  reset(): void {
    this.cancelRetry();
    this.phase = 'loading';
    this.identity = null;
    this.problem = null;
  }

  private apply(view: IdentityView): void {
    this.cancelRetry();
    this.identity = view;
    this.problem = null;
    this.phase = view.state;
  }

  private fail(error: unknown): void {
    const info = describeError(error);
    if (info.code === 'unauthorized') {
      this.phase = 'signed-out';
      return;
    }
    this.problem = info;
    this.phase = 'unreachable';
    this.cancelRetry();
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.refresh();
    }, RETRY_MS);
  }

  private cancelRetry(): void {
    if (this.retry !== null) clearTimeout(this.retry);
    this.retry = null;
  }
}

/** A recovery phrase as the node expects it: lower case, single spaces. */
export function normalisePhrase(phrase: string): string {
  return phrase.trim().toLowerCase().split(/\s+/).filter(Boolean).join(' ');
}

export const session = new Session();
