import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../src/App.svelte';
import { deviceName, devices, linkProblem } from '../src/lib/stores/devices.svelte';
import { ApiError } from '../src/lib/transport/types';
import { ACCOUNT, fakeNode, OTHER } from './fixtures';

const THIS = '12D3KooWThisDeviceThisDeviceThisDeviceThisDevAAAAAA';
const LAPTOP = '12D3KooWLaptopLaptopLaptopLaptopLaptopLaptopLaptLAPTOP';
const PHONE = '12D3KooWPhonePhonePhonePhonePhonePhonePhonePhonPHONE1';
const TICKET = `snt1${'q'.repeat(120)}`;
const LAPTOP_TICKET = `snt1${'l'.repeat(120)}`;

afterEach(() => {
  devices.reset();
  Reflect.deleteProperty(navigator, 'clipboard');
});

type Device = { peer_id: string; connected: boolean; last_synced_at?: number };

/** A fake node with a network: its ticket, and the devices linked so far. */
function node(linked: Device[] = []) {
  const fake = fakeNode();
  const state = { linked: [...linked], paying: true };
  const list = () => ({ this_device: THIS, paying: state.paying, devices: state.linked });
  fake.transport
    .on('net.ticket', () => ({
      ticket: TICKET,
      link: `supernet://follow/${TICKET}`,
      qr_svg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>',
      peer_id: THIS,
      addresses: ['/ip4/127.0.0.1/tcp/4001'],
    }))
    .on('net.devices', list);
  return { ...fake, state, list };
}

/** Opens the Profile page and waits for the devices card to show this device's link. */
async function openCard() {
  location.hash = '#/profile';
  render(App);
  const heading = await screen.findByRole('heading', { name: 'Your devices' });
  const card = heading.closest('section')!;
  return within(card as HTMLElement);
}

describe('Your devices', () => {
  it('turns paying from this device on and off, explaining what each means', async () => {
    const { transport, state } = node();
    state.paying = false;
    transport.on('net.set_paying', (input: { paying: boolean }) => {
      state.paying = input.paying;
      return { paying: state.paying };
    });
    const card = await openCard();
    const box = (await card.findByRole('checkbox', { name: 'Pay from this device' })) as HTMLInputElement;
    expect(box.checked).toBe(false);
    expect(card.getByText(/made from another device of yours/)).toBeTruthy();
    await fireEvent.click(box);
    await waitFor(() => expect(transport.callsTo('net.set_paying')).toEqual([{ paying: true }]));
    expect(await card.findByText(/This device signs your payments/)).toBeTruthy();
    expect(box.checked).toBe(true);

    transport.on('net.set_paying', () => {
      throw new ApiError('unavailable', 'the store is busy');
    });
    await fireEvent.click(box);
    expect(await card.findByRole('alert')).toBeTruthy();
    expect(devices.paying).toBe(true);
    await waitFor(() => expect(box.checked).toBe(true));
  });

  it('shows this device’s link, copies it, and shows it as a QR code', async () => {
    node();
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
    const card = await openCard();

    const field = (await card.findByRole('textbox', { name: 'This device’s link' })) as HTMLInputElement;
    expect(field.value).toBe(TICKET);
    expect(field.readOnly).toBe(true);
    expect(card.getByText('No other device linked yet.')).toBeTruthy();
    expect(card.getByText(deviceName(THIS))).toBeTruthy();

    await fireEvent.click(card.getByRole('button', { name: 'Copy' }));
    expect(writeText).toHaveBeenCalledWith(TICKET);
    expect(await card.findByRole('button', { name: 'Copied' })).toBeTruthy();

    expect(card.queryByTestId('device-qr')).toBeNull();
    const toggle = card.getByRole('button', { name: 'Show QR code' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await fireEvent.click(toggle);
    const qr = card.getByRole('img', { name: 'QR code of this device’s link' }) as HTMLImageElement;
    expect(qr.src.startsWith('data:image/svg+xml')).toBe(true);
    expect(decodeURIComponent(qr.src)).toContain('<rect width="1" height="1"/>');
    expect(card.getByRole('button', { name: 'Hide QR code' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('leaves the link selected to copy by hand when there is no clipboard', async () => {
    node();
    const card = await openCard();
    const field = (await card.findByRole('textbox', { name: 'This device’s link' })) as HTMLInputElement;
    await fireEvent.click(card.getByRole('button', { name: 'Copy' }));
    expect(await card.findByText(/did not let Supernet copy it/)).toBeTruthy();
    expect(document.activeElement).toBe(field);
    expect(field.selectionStart).toBe(0);
    expect(field.selectionEnd).toBe(TICKET.length);
  });

  it('links a device: confirms it and lists it', async () => {
    const { transport, state } = node([{ peer_id: PHONE, connected: false, last_synced_at: Date.now() - 3 * 3600_000 }]);
    transport.on('net.link_device', (input: { ticket: string }) => {
      expect(input.ticket).toBe(LAPTOP_TICKET);
      state.linked = [{ peer_id: LAPTOP, connected: true, last_synced_at: Date.now() }, ...state.linked];
      return { this_device: THIS, devices: state.linked };
    });
    const card = await openCard();
    expect(await card.findByText(deviceName(PHONE))).toBeTruthy();
    expect(card.getByText(/Away · last synced 3 hours ago/)).toBeTruthy();

    const field = card.getByRole('textbox', { name: 'Your other device’s link' }) as HTMLInputElement;
    const button = card.getByRole('button', { name: 'Link' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    await fireEvent.input(field, { target: { value: `  ${LAPTOP_TICKET}\n` } });
    expect(button.disabled).toBe(false);
    await fireEvent.click(button);

    const done = await card.findByRole('status');
    expect(done.textContent).toContain(`Linked with ${deviceName(LAPTOP)}.`);
    expect(field.value).toBe('');
    const list = card.getByRole('list', { name: 'Linked devices' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('.name')?.textContent)).toEqual([deviceName(LAPTOP), deviceName(PHONE)]);
    expect(items[0].textContent).toContain('Connected · last synced just now');
    expect(items[0].querySelector('.dot.on')).toBeTruthy();
    expect(items[1].querySelector('.dot.on')).toBeNull();
    expect(transport.callsTo('net.link_device')).toEqual([{ ticket: LAPTOP_TICKET }]);
  });

  it('shows the node’s message at the field for another account’s ticket, and keeps the text', async () => {
    const { transport } = node();
    const message = `that ticket is of another account (${OTHER}): a device of yours has this account, ${ACCOUNT}; restore it there from your recovery phrase first, or follow that account instead`;
    transport.on('net.link_device', () => {
      throw new ApiError('invalid_input', message);
    });
    const card = await openCard();
    const field = (await card.findByRole('textbox', { name: 'Your other device’s link' })) as HTMLInputElement;
    await fireEvent.input(field, { target: { value: 'snt1someoneelse' } });
    await fireEvent.click(card.getByRole('button', { name: 'Link' }));

    const alert = await card.findByRole('alert');
    expect(alert.textContent).toContain('That ticket is of another account');
    expect(alert.textContent).toContain('restore it there from your recovery phrase first');
    const note = document.getElementById(field.getAttribute('aria-describedby')!)!;
    expect(note.contains(alert)).toBe(true);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.value).toBe('snt1someoneelse');
    expect(card.getByText('No other device linked yet.')).toBeTruthy();

    // Changing the text clears the error.
    await fireEvent.input(field, { target: { value: 'snt1other' } });
    expect(card.queryByRole('alert')).toBeNull();
  });

  it('says calmly that linking needs the network when the node runs without it', async () => {
    const { transport } = fakeNode();
    const off = () => {
      throw new ApiError('unavailable', 'the network is not running: it runs with `supernet serve` or the desktop app');
    };
    transport.on('net.ticket', off).on('net.devices', off);
    const card = await openCard();
    const note = await card.findByTestId('devices-offline');
    expect(note.textContent).toContain('Linking devices works while Supernet runs with its network');
    expect(note.textContent).toContain('supernet serve');
    expect(card.queryByRole('alert')).toBeNull();
    expect(card.queryByRole('textbox')).toBeNull();
    expect(card.queryByRole('button', { name: 'Link' })).toBeNull();
  });

  it('reads the list again when a sync ends (once for a burst)', async () => {
    const { transport, state } = node();
    const card = await openCard();
    expect(await card.findByText('No other device linked yet.')).toBeTruthy();
    const before = transport.callsTo('net.devices').length;

    state.linked = [{ peer_id: LAPTOP, connected: true, last_synced_at: Date.now() }];
    transport.emit({ type: 'sync', peer: LAPTOP, fetched: 2, done: false });
    transport.emit({ type: 'sync', peer: LAPTOP, fetched: 4, done: true });
    transport.emit({ type: 'sync', peer: PHONE, fetched: 0, done: true });

    expect(await card.findByText(deviceName(LAPTOP), {}, { timeout: 3000 })).toBeTruthy();
    expect(card.queryByText('No other device linked yet.')).toBeNull();
    expect(transport.callsTo('net.devices').length).toBe(before + 1);
  });

  it('refreshes with the Refresh button', async () => {
    const { transport, state } = node();
    const card = await openCard();
    expect(await card.findByText('No other device linked yet.')).toBeTruthy();
    state.linked = [{ peer_id: PHONE, connected: false }];
    await fireEvent.click(card.getByRole('button', { name: 'Refresh the devices' }));
    expect(await card.findByText(deviceName(PHONE))).toBeTruthy();
    expect(card.getByText('Away · not synced yet')).toBeTruthy();
    await waitFor(() => expect(transport.callsTo('net.ticket').length).toBe(2));
  });
});

describe('devices store', () => {
  it('names a device by the end of its peer id', () => {
    expect(deviceName(LAPTOP)).toBe('Device …LAPTOP');
  });

  it('says why a link failed', () => {
    expect(linkProblem(new ApiError('invalid_input', "that is this device's own ticket: paste it on the other device")).text).toBe(
      "That is this device's own ticket: paste it on the other device.",
    );
    const away = linkProblem(new ApiError('unavailable', 'cannot reach the node of sn1…: timed out'));
    expect(away.text).toMatch(/could not be reached/);
    expect(away.detail).toBe('cannot reach the node of sn1…: timed out');
  });
});
