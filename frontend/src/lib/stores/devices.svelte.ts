import { call, onNotice, type Methods } from '../api/client';
import { describeError, type ErrorInfo } from '../errors';
import { session } from './session.svelte';

/** This node's contact card: ticket text, `supernet://` link, QR code (SVG), peer id. */
export type DeviceTicket = Methods['net.ticket']['output'];
/** Another device (node) of this account. */
export type Device = Methods['net.devices']['output']['devices'][number];
type DeviceList = Methods['net.devices']['output'];

/**
 * How long after a sync ended (or another device's books changes were applied) the list is
 * read again: a burst of notices (one per peer and round) becomes one `net.devices` call.
 */
const RELOAD_AFTER_MS = 1000;

/** How many characters of a peer id name a device: enough to tell a person's few devices apart. */
const NAME_CHARS = 6;

/** A short name for a device, from the end of its peer id (the start is the same for all): `Device …k3XyZq`. */
export function deviceName(peerId: string): string {
  return `Device …${peerId.slice(-NAME_CHARS)}`;
}

/** What linking answered: the device just linked (when it is new in the list). */
export interface Linked {
  /** The device's name, or null when no new device appeared (it was linked already). */
  name: string | null;
}

/**
 * The Profile page's "Your devices" card: this node's ticket (to paste on another device of
 * the account), linking another device by its ticket, and the devices linked so far, read
 * again when a sync ends. `net.*` answers `unavailable` while the node runs without its
 * network: that is a state to explain (`offline`), not an error.
 */
class DevicesStore {
  ticket = $state.raw<DeviceTicket | null>(null);
  /** This node's peer id. */
  thisDevice = $state<string | null>(null);
  /** The account's other devices, connected first. */
  devices = $state.raw<Device[]>([]);
  status = $state<'idle' | 'loading' | 'ready' | 'offline' | 'error'>('idle');
  error = $state<ErrorInfo | null>(null);
  /** Whether a link is under way. */
  linking = $state(false);
  /** Why the last link failed, to show at the field. */
  linkError = $state<ErrorInfo | null>(null);
  /** The last link that worked, until another is tried. */
  linked = $state<Linked | null>(null);
  /** Whether this device signs the account's payments and asset transfers. */
  paying = $state<boolean | null>(null);
  /** Whether a change of {@link paying} is under way. */
  switching = $state(false);
  /** Why the last change of {@link paying} failed. */
  payingError = $state<ErrorInfo | null>(null);

  private timer: ReturnType<typeof setTimeout> | null = null;

  /** Reads the ticket and the devices. */
  async load(): Promise<void> {
    if (this.status !== 'ready') this.status = 'loading';
    this.error = null;
    try {
      const [ticket, list] = await Promise.all([call('net.ticket', {}), call('net.devices', {})]);
      this.ticket = ticket;
      this.apply(list);
      this.status = 'ready';
    } catch (e) {
      this.fail(e);
    }
  }

  /** Reads the devices again (after a sync); the ticket stays. */
  async refresh(): Promise<void> {
    if (this.status !== 'ready') return this.load();
    try {
      this.apply(await call('net.devices', {}));
    } catch (e) {
      this.fail(e);
    }
  }

  /**
   * Loads now and reads the list again after each finished sync (and each batch of books
   * changes from another device) until the returned function is called (while the card is shown).
   */
  watch(): () => void {
    void this.load();
    const stop = onNotice((notice) => {
      if ((notice.type === 'sync' && notice.done) || notice.type === 'books') this.refreshSoon();
    });
    return () => {
      stop();
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = null;
    };
  }

  /**
   * Links another device of this account by its ticket or `supernet://` link. Resolves to
   * whether it worked; when not, {@link linkError} says why (the node's own words when it
   * refused the ticket).
   */
  async link(text: string): Promise<boolean> {
    const ticket = text.trim();
    if (!ticket || this.linking) return false;
    this.linking = true;
    this.linkError = null;
    this.linked = null;
    const before = new Set(this.devices.map((d) => d.peer_id));
    try {
      const list = await call('net.link_device', { ticket });
      this.apply(list);
      if (this.status !== 'ready') void this.load();
      const added = list.devices.find((d) => !before.has(d.peer_id));
      this.linked = { name: added ? deviceName(added.peer_id) : null };
      return true;
    } catch (e) {
      if (!session.handle(e)) this.linkError = linkProblem(e);
      // The network may have stopped since the card was read: say so calmly.
      if (describeError(e).code === 'unavailable') void this.load();
      return false;
    } finally {
      this.linking = false;
    }
  }

  /**
   * Makes this device the one that pays for the account (signs payments and asset
   * transfers), or stops it: one device of an account at a time, so that two never spend
   * the same credit twice.
   */
  async setPaying(paying: boolean): Promise<void> {
    if (this.switching) return;
    this.switching = true;
    this.payingError = null;
    try {
      this.paying = (await call('net.set_paying', { paying })).paying;
    } catch (e) {
      if (!session.handle(e)) this.payingError = describeError(e);
    } finally {
      this.switching = false;
    }
  }

  /** Forgets the link's answer (when the field changes). */
  clearLink(): void {
    this.linkError = null;
    this.linked = null;
  }

  /** Forgets everything (sign-out, tests). */
  reset(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.ticket = null;
    this.thisDevice = null;
    this.devices = [];
    this.status = 'idle';
    this.error = null;
    this.linking = false;
    this.linkError = null;
    this.linked = null;
    this.paying = null;
    this.switching = false;
    this.payingError = null;
  }

  private apply(list: DeviceList): void {
    this.thisDevice = list.this_device;
    this.paying = list.paying;
    this.devices = list.devices;
  }

  private fail(e: unknown): void {
    session.handle(e);
    const info = describeError(e);
    if (info.code === 'unavailable') {
      this.status = 'offline';
      this.error = null;
    } else {
      this.error = info;
      this.status = 'error';
    }
  }

  private refreshSoon(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, RELOAD_AFTER_MS);
  }
}

/** What a person is shown when a link failed. */
export function linkProblem(error: unknown): ErrorInfo {
  const info = describeError(error);
  if (info.code === 'invalid_input' && info.detail) {
    // The node says precisely what is wrong with the ticket (another account's, this
    // device's own, not a ticket): that is the message.
    return { code: info.code, text: sentence(info.detail), detail: '' };
  }
  if (info.code === 'unavailable') {
    return {
      code: info.code,
      text: 'That device could not be reached. Check that Supernet is running on it, with its network, then try again.',
      detail: info.detail,
    };
  }
  return info;
}

/** A message from the node as a sentence: capital first, full stop last. */
function sentence(text: string): string {
  const t = text.trim();
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

export const devices = new DevicesStore();
