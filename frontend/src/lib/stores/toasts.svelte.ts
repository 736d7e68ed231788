import { describeError, type ErrorInfo } from '../errors';

export interface Toast {
  id: number;
  tone: 'error' | 'info';
  /** Short headline, e.g. "Could not publish". */
  title: string;
  /** What happened and what to do. */
  text: string;
  /** The node's own message (errors only). */
  detail?: string;
}

/** How many toasts show at once; older ones give way. */
const MAX_TOASTS = 4;
/** Information disappears by itself; errors stay until dismissed. */
const INFO_MS = 4000;

/** The notification region: errors (role=alert) and short confirmations (role=status). */
class Toasts {
  items = $state<Toast[]>([]);
  private nextId = 1;

  /** Shows an error, described from its code. */
  error(error: unknown, title = 'Something went wrong'): ErrorInfo {
    const info = describeError(error);
    this.push({ tone: 'error', title, text: info.text, detail: info.detail || undefined });
    return info;
  }

  /** Shows a short confirmation that goes away by itself. */
  info(text: string): void {
    const id = this.push({ tone: 'info', title: text, text: '' });
    setTimeout(() => this.dismiss(id), INFO_MS);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }

  clear(): void {
    this.items = [];
  }

  private push(toast: Omit<Toast, 'id'>): number {
    const id = this.nextId++;
    // The same error twice in a row is shown once.
    const last = this.items.at(-1);
    if (last && last.tone === toast.tone && last.title === toast.title && last.text === toast.text) {
      this.items = [...this.items.slice(0, -1), { ...toast, id }];
    } else {
      this.items = [...this.items, { ...toast, id }].slice(-MAX_TOASTS);
    }
    return id;
  }
}

export const toasts = new Toasts();
