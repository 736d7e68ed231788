import { call, type Received } from '../api/client';
import { describeError, type ErrorInfo } from '../errors';
import { normaliseTicket } from '../files';
import { ApiError } from '../transport/types';
import { session } from './session.svelte';

/**
 * Receiving files by ticket (`blobs.get`): the node fetches them from the sender's node
 * (and keeps them, pinned); the page then offers each for download.
 */
export class Receiver {
  state = $state<'idle' | 'receiving' | 'done' | 'error'>('idle');
  result = $state<Received | null>(null);
  error = $state<ErrorInfo | null>(null);
  /** When the current or last receive began (ms): downloads started since are its own. */
  startedAt = $state(0);

  async receive(text: string): Promise<void> {
    if (this.state === 'receiving') return;
    this.error = null;
    this.result = null;
    const ticket = normaliseTicket(text);
    if (!ticket) {
      this.error = describeError(
        new ApiError('invalid_input', 'a ticket starts with “blob” (or is a supernet://blob/… link): copy the whole ticket again'),
      );
      this.state = 'error';
      return;
    }
    this.state = 'receiving';
    this.startedAt = Date.now();
    try {
      this.result = await call('blobs.get', { ticket });
      this.state = 'done';
    } catch (e) {
      session.handle(e);
      this.error = describeError(e);
      this.state = 'error';
    }
  }

  reset(): void {
    if (this.state === 'receiving') return;
    this.state = 'idle';
    this.result = null;
    this.error = null;
  }
}

export const receiver = new Receiver();
