import { ApiError, type Notice, type NoticeListener, type Transport } from './types';

export type FakeHandler = (input: any) => unknown;

/**
 * A transport that answers from handlers given per method, records every call and lets
 * a test push notices. For tests and for designing screens without a node.
 */
export class FakeTransport implements Transport {
  readonly kind = 'fake';
  readonly calls: { method: string; input: unknown }[] = [];
  private readonly listeners = new Set<NoticeListener>();

  constructor(private handlers: Record<string, FakeHandler> = {}) {}

  /** Replaces (or adds) the handler of a method. */
  on(method: string, handler: FakeHandler): this {
    this.handlers[method] = handler;
    return this;
  }

  async call(method: string, input: unknown): Promise<unknown> {
    this.calls.push({ method, input });
    const handler = this.handlers[method];
    if (!handler) throw new ApiError('unknown_method', `no fake handler for ${method}`);
    // Handlers throw ApiError for error answers; a copy keeps callers from sharing state.
    const output = await handler(input);
    return output === undefined ? undefined : structuredClone(output);
  }

  subscribe(listener: NoticeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends a notice to every listener. */
  emit(notice: Notice): void {
    for (const l of [...this.listeners]) l(notice);
  }

  /** How many listeners there are. */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** The calls made to one method. */
  callsTo(method: string): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.input);
  }
}
