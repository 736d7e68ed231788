/**
 * The message bridge between a mini-app's sandboxed iframe and the host page.
 *
 * The app's UI runs on an opaque origin (`sandbox="allow-scripts allow-forms"`, never
 * `allow-same-origin`) with `connect-src 'none'`: it cannot reach the node, the host page or
 * Tauri. All it can do is `parent.postMessage`, which the SDK (`window.supernet`, served by the
 * gateway at `/miniapp/<id>/_supernet/sdk.js`) wraps. This bridge:
 *
 * - listens to `message` events on the host window and takes only those whose `source` is the
 *   app's iframe (anything else — another frame, the page itself, a browser extension — is
 *   ignored without an answer);
 * - validates each message's shape and answers a malformed one with an error;
 * - forwards `call` to `apps.call {app, method, input}`: the node runs it with the app's
 *   grants and refuses what was not granted (and anything that moves money);
 * - turns `subscribe {kinds}` into change notices for the kinds the app may read, checked
 *   again on every notice (a grant can be revoked while the app is open);
 * - takes `requestPayment` to the host's confirmation dialog: the payment is made, as the
 *   owner, only when the person presses Pay there;
 * - bounds everything: message size, calls waiting for the node, messages per second,
 *   subscriptions, one payment dialog at a time.
 *
 * Wire format (both ways, structured-cloned objects, all tagged `supernet: 1`):
 * app → host `{supernet, id, type: 'hello' | 'call' | 'subscribe' | 'unsubscribe' | 'requestPayment', …}`;
 * host → app `{supernet, id, result}` or `{supernet, id, error: {code, message}}`, and
 * `{supernet, type: 'notice', subscription, events | resync}`.
 */

import { ApiError, toApiError, type Notice, type NoticeListener } from '../transport/types';
import { fullKind, kindMatches, mayRead, mayReadPattern } from './permissions';
import type { AppView } from './types';

/** The protocol version a message carries in its `supernet` field. */
export const PROTOCOL = 1;

/**
 * Longest message from an app, as JSON: a kind body is at most 64 KiB (the node's limit), so
 * four times that leaves room for a method's input; anything bigger is a bug or a flood.
 */
export const MAX_MESSAGE_BYTES = 256 * 1024;
/** Calls waiting for the node at once: enough for a screen loading in parallel, not a flood. */
export const MAX_PENDING = 32;
/** Messages an app may send in a burst (the page loading), refilled at {@link RATE_PER_SECOND}. */
export const RATE_BURST = 60;
/** Messages per second an app may keep sending: far above what a person's clicks need. */
export const RATE_PER_SECOND = 20;
/** Subscriptions an app may hold: one per view it shows is plenty. */
export const MAX_SUBSCRIPTIONS = 16;
/** Kinds in one subscription. */
export const MAX_KINDS = 32;
/** Longest memo of a payment (the node's `MAX_MEMO_CHARS`). */
export const MAX_MEMO_CHARS = 280;
/** Longest method or kind name. */
const MAX_NAME = 128;

/** Codes the bridge answers with itself (the node's codes pass through unchanged). */
export const BRIDGE_ERRORS = {
  /** The message is not a well-formed request. */
  invalid: 'invalid_input',
  /** The message is larger than {@link MAX_MESSAGE_BYTES}. */
  oversize: 'oversize',
  /** Too many calls waiting, too many subscriptions, or a payment dialog already open. */
  busy: 'busy',
  /** More messages than {@link RATE_PER_SECOND} allows. */
  rateLimited: 'rate_limited',
  /** The person pressed Cancel in the payment dialog (or it was closed). */
  cancelled: 'cancelled',
  /** A kind the app may not read. */
  denied: 'permission_denied',
} as const;

/** A payment an app asks the person to make. */
export interface PaymentRequest {
  /** The payee's account id. */
  to: string;
  /** Decimal text, as the app gave it (the dialog reads it in the currency's decimals). */
  amount: string;
  /** A currency id (default: the network's, `net`). */
  currency: string | null;
  memo: string | null;
}

/** What the bridge needs from the host page (the Apps tab in the app; fakes in tests). */
export interface BridgeHost {
  /** The app as it is now (grants may change while it is open). */
  app(): AppView;
  /** The owner's account id, told to the app on `hello`. */
  account(): string | null;
  /** The host's colour theme, told to the app on `hello`. */
  theme(): 'light' | 'dark';
  /** Calls an API method as the owner (only `apps.call` and `coin.pay` are used). */
  call(method: string, input: unknown): Promise<unknown>;
  /** Listens to the node's change notices. */
  onNotice(listener: NoticeListener): () => void;
  /**
   * Shows the payment confirmation: `pay` makes the payment (the dialog calls it when the
   * person presses Pay, and shows its errors). Resolves with what `pay` resolved with;
   * rejects with code `cancelled` when the person cancels. `signal` aborts when the app
   * goes away: the dialog then closes.
   */
  confirmPayment(request: PaymentRequest, pay: () => Promise<unknown>, signal: AbortSignal): Promise<unknown>;
}

/** Where the app's messages come from: its iframe's window (null while it has none). */
export type FrameWindow = () => Pick<Window, 'postMessage'> | null;

/** Options, mostly for tests. */
export interface BridgeOptions {
  /** The window to listen on (default: the page's). */
  window?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  /** The clock, in ms (default: `performance.now`). */
  now?: () => number;
}

type Reply = { supernet: 1; id: number | null; result: unknown } | { supernet: 1; id: number | null; error: { code: string; message: string } };

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isName = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_NAME;
const METHOD = /^[a-z][a-z0-9_]*(\.[a-z0-9_-]+)+$/;
const KIND = /^([a-z][a-z0-9_-]*)(\.[a-z0-9_-]+)*(\.\*)?$|^\*$/;
const ACCOUNT = /^sn1[02-9ac-hj-np-z]{20,}$/;
const AMOUNT = /^\d+(\.\d+)?$/;

/** The size of a message as JSON, or null when it is not plain JSON data (cycles, BigInt…). */
function jsonSize(data: unknown): number | null {
  try {
    const text = JSON.stringify(data);
    return text === undefined ? null : text.length;
  } catch {
    return null;
  }
}

/**
 * One open app's bridge. `start()` begins listening; the function it returns (or `stop()`)
 * ends everything: listeners, subscriptions, a payment dialog still open.
 */
export class AppBridge {
  private readonly win: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  private readonly now: () => number;
  private readonly onMessage = (event: MessageEvent) => this.receive(event);
  private running = false;

  /** Calls waiting for the node. */
  private pending = 0;
  /** Tokens of the rate limit, and when they were last refilled. */
  private tokens = RATE_BURST;
  private refilled = 0;
  /** Live subscriptions: id → kind patterns (full kind names). */
  private readonly subscriptions = new Map<number, string[]>();
  private stopNotices: (() => void) | null = null;
  /** The payment dialog's abort, while one is open. */
  private payment: AbortController | null = null;
  /**
   * Bumped on `hello` (a new page in the frame) and on stop: answers to an earlier page's
   * requests are dropped rather than delivered to the new one.
   */
  private generation = 0;

  constructor(
    private readonly frame: FrameWindow,
    private readonly host: BridgeHost,
    options: BridgeOptions = {},
  ) {
    this.win = options.window ?? window;
    this.now = options.now ?? (() => performance.now());
    this.refilled = this.now();
  }

  start(): () => void {
    if (!this.running) {
      this.running = true;
      this.win.addEventListener('message', this.onMessage as EventListener);
    }
    return () => this.stop();
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.win.removeEventListener('message', this.onMessage as EventListener);
    this.reset();
  }

  /** Forgets what the page in the frame set up (subscriptions, a payment dialog). */
  reset(): void {
    this.generation += 1;
    this.subscriptions.clear();
    this.stopNotices?.();
    this.stopNotices = null;
    this.payment?.abort();
    this.payment = null;
  }

  /** How many subscriptions are live (for tests and diagnostics). */
  get subscriptionCount(): number {
    return this.subscriptions.size;
  }

  private receive(event: MessageEvent): void {
    const frame = this.frame();
    // Only the app's own frame: anything else is not talking to us.
    if (!frame || event.source !== frame) return;
    const data: unknown = event.data;
    // Not ours (a library in the app may use postMessage for its own ends): no answer.
    if (!isObject(data) || !('supernet' in data)) return;
    const id = typeof data.id === 'number' && Number.isSafeInteger(data.id) && data.id > 0 ? data.id : null;
    if (!this.take()) {
      // Far over the limit: stop answering at all, so a flood costs us nothing more.
      if (this.tokens > -RATE_BURST) this.fail(id, BRIDGE_ERRORS.rateLimited, `more than ${RATE_PER_SECOND} messages a second: slow down`);
      return;
    }
    const size = jsonSize(data);
    if (size === null) return this.fail(id, BRIDGE_ERRORS.invalid, 'a message must be plain JSON data (no functions, cycles or BigInt)');
    if (size > MAX_MESSAGE_BYTES) return this.fail(id, BRIDGE_ERRORS.oversize, `a message may be at most ${MAX_MESSAGE_BYTES} bytes as JSON; this one is ${size}`);
    if (data.supernet !== PROTOCOL) return this.fail(id, BRIDGE_ERRORS.invalid, `unknown protocol version ${JSON.stringify(data.supernet)}: this host speaks ${PROTOCOL}`);
    if (id === null) return this.fail(null, BRIDGE_ERRORS.invalid, 'a request needs an `id`: a positive integer');
    switch (data.type) {
      case 'hello':
        return this.hello(id);
      case 'call':
        return this.call(id, data);
      case 'subscribe':
        return this.subscribe(id, data);
      case 'unsubscribe':
        return this.unsubscribe(id, data);
      case 'requestPayment':
        return this.requestPayment(id, data);
      default:
        return this.fail(id, BRIDGE_ERRORS.invalid, `unknown request type ${JSON.stringify(data.type)}: use call, subscribe, unsubscribe or requestPayment`);
    }
  }

  /** Takes a token from the rate limit; false when there is none. */
  private take(): boolean {
    const now = this.now();
    this.tokens = Math.min(RATE_BURST, this.tokens + ((now - this.refilled) / 1000) * RATE_PER_SECOND);
    this.refilled = now;
    this.tokens -= 1;
    return this.tokens >= 0;
  }

  private hello(id: number): void {
    // A new page in the frame: what the last one set up is gone with it.
    this.reset();
    const app = this.host.app();
    this.reply({
      supernet: PROTOCOL,
      id,
      result: {
        app: { id: app.id, name: app.name, version: app.version, publisher: app.publisher },
        account: this.host.account(),
        theme: this.host.theme(),
        granted: [...app.granted],
      },
    });
  }

  private call(id: number, data: Record<string, unknown>): void {
    const { method, input } = data;
    if (!isName(method) || !METHOD.test(method)) {
      return this.fail(id, BRIDGE_ERRORS.invalid, `\`method\` must be a method name such as "app.todo.list" or "social.feed"; got ${JSON.stringify(method)}`);
    }
    if (input !== undefined && input !== null && typeof input !== 'object') {
      return this.fail(id, BRIDGE_ERRORS.invalid, '`input` must be an object (or left out)');
    }
    if (this.pending >= MAX_PENDING) {
      return this.fail(id, BRIDGE_ERRORS.busy, `${MAX_PENDING} calls are already waiting for the node: wait for some to finish`);
    }
    this.pending += 1;
    const generation = this.generation;
    const app = this.host.app().id;
    this.host
      .call('apps.call', { app, method, input: input ?? {} })
      .then(
        (result) => this.reply({ supernet: PROTOCOL, id, result: result ?? null }, generation),
        (error) => this.failWith(id, error, generation),
      )
      .finally(() => (this.pending -= 1));
  }

  private subscribe(id: number, data: Record<string, unknown>): void {
    const { kinds } = data;
    if (!Array.isArray(kinds) || kinds.length === 0 || kinds.length > MAX_KINDS || !kinds.every((k) => isName(k) && KIND.test(fullKind('x', k)))) {
      return this.fail(id, BRIDGE_ERRORS.invalid, `\`kinds\` must be a list of 1 to ${MAX_KINDS} kind names ("item", "app.todo.item", "social.*")`);
    }
    if (this.subscriptions.size >= MAX_SUBSCRIPTIONS) {
      return this.fail(id, BRIDGE_ERRORS.busy, `an app may hold at most ${MAX_SUBSCRIPTIONS} subscriptions: unsubscribe from one first`);
    }
    const app = this.host.app();
    const patterns = (kinds as string[]).map((k) => fullKind(app.id, k));
    const denied = patterns.filter((p) => !mayReadPattern(app, p));
    if (denied.length) {
      return this.fail(id, BRIDGE_ERRORS.denied, `this app may not read ${denied.join(', ')}: it was not granted the permission to`);
    }
    this.subscriptions.set(id, patterns);
    this.stopNotices ??= this.host.onNotice((n) => this.notice(n));
    this.reply({ supernet: PROTOCOL, id, result: { subscription: id, kinds: patterns } });
  }

  private unsubscribe(id: number, data: Record<string, unknown>): void {
    const sub = data.subscription;
    if (typeof sub !== 'number') return this.fail(id, BRIDGE_ERRORS.invalid, '`subscription` must be the id `subscribe` answered with');
    this.subscriptions.delete(sub);
    if (this.subscriptions.size === 0) {
      this.stopNotices?.();
      this.stopNotices = null;
    }
    this.reply({ supernet: PROTOCOL, id, result: {} });
  }

  private notice(notice: Notice): void {
    const frame = this.frame();
    if (!frame || this.subscriptions.size === 0) return;
    const app = this.host.app();
    if (notice.type === 'resync' || (notice.type === 'events' && notice.count > notice.events.length)) {
      for (const subscription of this.subscriptions.keys()) this.post({ supernet: PROTOCOL, type: 'notice', subscription, resync: true });
      if (notice.type === 'resync') return;
    }
    if (notice.type !== 'events') return;
    // Checked on every notice: a grant revoked since subscribing stops the flow at once.
    const readable = notice.events.filter((e) => mayRead(app, e.kind));
    if (!readable.length) return;
    for (const [subscription, patterns] of this.subscriptions) {
      const events = readable
        .filter((e) => patterns.some((p) => kindMatches(p, e.kind)))
        .map((e) => ({ id: e.id, kind: e.kind, author: e.author }));
      if (events.length) this.post({ supernet: PROTOCOL, type: 'notice', subscription, events });
    }
  }

  private requestPayment(id: number, data: Record<string, unknown>): void {
    const { to, amount, currency, memo } = data;
    const amountText = typeof amount === 'number' && Number.isFinite(amount) && amount > 0 ? String(amount) : amount;
    if (typeof to !== 'string' || !ACCOUNT.test(to)) {
      return this.fail(id, BRIDGE_ERRORS.invalid, '`to` must be an account id (sn1…)');
    }
    if (typeof amountText !== 'string' || !AMOUNT.test(amountText) || !/[1-9]/.test(amountText)) {
      return this.fail(id, BRIDGE_ERRORS.invalid, '`amount` must be more than zero, as decimal text such as "2.50"');
    }
    if (currency !== undefined && currency !== null && !isName(currency)) {
      return this.fail(id, BRIDGE_ERRORS.invalid, '`currency` must be a currency id ("net" or a currency\'s id)');
    }
    if (memo !== undefined && memo !== null && (typeof memo !== 'string' || [...memo].length > MAX_MEMO_CHARS)) {
      return this.fail(id, BRIDGE_ERRORS.invalid, `\`memo\` must be text of at most ${MAX_MEMO_CHARS} characters`);
    }
    if (this.payment) return this.fail(id, BRIDGE_ERRORS.busy, 'a payment is already waiting for the person to confirm it');
    const request: PaymentRequest = {
      to,
      amount: amountText,
      currency: (currency as string | null | undefined) ?? null,
      memo: (memo as string | null | undefined) || null,
    };
    const controller = new AbortController();
    this.payment = controller;
    const generation = this.generation;
    // Paid as the owner, only from the dialog's Pay button.
    const pay = () => {
      const input: Record<string, unknown> = { to: request.to, amount: request.amount };
      if (request.currency) input.currency = request.currency;
      if (request.memo) input.memo = request.memo;
      return this.host.call('coin.pay', input);
    };
    this.host
      .confirmPayment(request, pay, controller.signal)
      .then(
        (result) => this.reply({ supernet: PROTOCOL, id, result: result ?? null }, generation),
        (error) => this.failWith(id, error, generation),
      )
      .finally(() => {
        if (this.payment === controller) this.payment = null;
      });
  }

  private failWith(id: number, error: unknown, generation: number): void {
    const e = toApiError(error, 'internal');
    this.reply({ supernet: PROTOCOL, id, error: { code: e.code, message: e.message } }, generation);
  }

  private fail(id: number | null, code: string, message: string): void {
    this.reply({ supernet: PROTOCOL, id, error: { code, message } });
  }

  private reply(message: Reply, generation = this.generation): void {
    if (generation !== this.generation || !this.running) return;
    this.post(message);
  }

  private post(message: object): void {
    const frame = this.frame();
    if (!frame) return;
    try {
      // The frame's origin is opaque ("null"): no origin can be named, so "*"; the message
      // goes to this one window only.
      frame.postMessage(message, '*');
    } catch (e) {
      console.error('could not answer the app', e);
    }
  }
}

/** The error a cancelled payment rejects with. */
export function cancelledPayment(): ApiError {
  return new ApiError(BRIDGE_ERRORS.cancelled, 'the person cancelled the payment');
}
