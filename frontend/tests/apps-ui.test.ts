import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../src/App.svelte';
import { apps } from '../src/lib/apps/store.svelte';
import type { AppView, PermissionInfo } from '../src/lib/apps/types';
import { ApiError } from '../src/lib/transport/types';
import { fakeNode, OTHER } from './fixtures';

afterEach(() => apps.reset());

const LINK = 'supernet://app/blobabcdefghijklmnopqrstuvwxyz0123456789';

const PERMISSIONS: PermissionInfo[] = [
  { name: 'social.read', description: 'Read posts, profiles and follows', money: false, grantable: true },
  { name: 'coin.write', description: 'Move money from your wallet', money: true, grantable: true },
];

function todoView(granted: string[]): AppView {
  return {
    id: 'todo',
    name: 'Shared to-do',
    version: '1.0.0',
    description: 'A to-do list you share with friends',
    publisher: OTHER,
    ui_url: '/miniapp/todo/index.html',
    kinds: ['app.todo.item'],
    requested: PERMISSIONS,
    granted,
    has_script: true,
    status: 'running',
    incidents: [],
    dev: false,
    hash: 'h'.repeat(64),
    installed_at: 0,
  };
}

/** A fake node with the apps.* methods: nothing installed until apps.install. */
function appsNode() {
  const fake = fakeNode({ profiles: { [OTHER]: { name: 'Bob', bio: '', links: [] } } });
  let installed: AppView | null = null;
  fake.transport
    .on('apps.list', () => ({ apps: installed ? [installed] : [] }))
    .on('api.permissions', () => ({ permissions: PERMISSIONS }))
    .on('apps.inspect', (input: { link: string }) => {
      if (input.link !== LINK) throw new ApiError('invalid_input', 'that is not an app link');
      return {
        app: { id: 'todo', name: 'Shared to-do', version: '1.0.0', description: 'A to-do list you share with friends', ui: 'index.html', permissions: ['social.read', 'coin.write'], kinds: [] },
        publisher: OTHER,
        publisher_name: 'Bob',
        permissions: PERMISSIONS,
        installed: null,
        update: false,
      };
    })
    .on('apps.install', (input: { link: string; grant: string[] }) => (installed = todoView(input.grant)))
    .on('apps.grant', (input: { id: string; permission: string; granted: boolean }) => {
      const granted = new Set(installed!.granted);
      if (input.granted) granted.add(input.permission);
      else granted.delete(input.permission);
      return (installed = { ...installed!, granted: [...granted] });
    })
    .on('apps.uninstall', () => {
      installed = null;
      return {};
    });
  return fake;
}

async function openApps(hash = '#/apps', heading = 'Apps') {
  location.hash = hash;
  render(App);
  await screen.findByRole('heading', { name: heading, level: 1 });
}

describe('the Apps tab', () => {
  it('installs from a link: shows the publisher and each permission, money off by default', async () => {
    const fake = appsNode();
    await openApps();
    await screen.findByTestId('apps-empty');
    await fireEvent.click(screen.getByTestId('apps-install'));
    const dialog = await screen.findByRole('dialog', { name: 'Install an app' });
    await fireEvent.input(within(dialog).getByTestId('install-link'), { target: { value: LINK } });
    await fireEvent.click(within(dialog).getByTestId('install-inspect'));
    const review = await screen.findByTestId('install-review');
    expect(within(review).getByTestId('install-publisher').textContent).toBe('Bob');
    const toggles = within(review).getAllByTestId('permission-toggle') as HTMLInputElement[];
    expect(toggles.map((t) => t.checked)).toEqual([true, false]);
    expect(within(review).getByText('Money')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('install-confirm'));
    await screen.findByTestId('install-done');
    expect(fake.transport.calls.find((c) => c.method === 'apps.install')?.input).toEqual({ link: LINK, grant: ['social.read'] });
  });

  it('refuses text that is not an app link before asking the node', async () => {
    const fake = appsNode();
    await openApps('#/apps/install');
    const dialog = await screen.findByRole('dialog', { name: 'Install an app' });
    await fireEvent.input(within(dialog).getByTestId('install-link'), { target: { value: 'hello' } });
    await fireEvent.click(within(dialog).getByTestId('install-inspect'));
    await within(dialog).findByText(/That is not an app link/);
    expect(fake.transport.calls.some((c) => c.method === 'apps.inspect')).toBe(false);
  });

  it('shows installed apps as cards and revokes a permission in settings', async () => {
    const fake = appsNode();
    fake.transport.on('apps.list', () => ({ apps: [todoView(['social.read'])] }));
    let granted = ['social.read'];
    fake.transport.on('apps.grant', (input: { permission: string; granted: boolean }) => {
      granted = input.granted ? [...granted, input.permission] : granted.filter((g) => g !== input.permission);
      return todoView(granted);
    });
    await openApps();
    const card = await screen.findByTestId('app-card');
    expect(card.textContent).toContain('Shared to-do');
    expect(card.textContent).toContain('v1.0.0');
    expect(within(card).getByTestId('app-status').textContent).toBe('Running');
    location.hash = '#/apps/settings/todo';
    const page = await screen.findByTestId('app-settings-page');
    const toggle = page.querySelector('[data-permission="social.read"] input') as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    await fireEvent.click(toggle);
    await waitFor(() => expect(fake.transport.calls.find((c) => c.method === 'apps.grant')?.input).toEqual({ id: 'todo', permission: 'social.read', granted: false }));
    await waitFor(() => expect((page.querySelector('[data-permission="social.read"] input') as HTMLInputElement).checked).toBe(false));
  });

  it('opens an app in a sandboxed frame on the gateway, never same-origin', async () => {
    const fake = appsNode();
    fake.transport.on('apps.list', () => ({ apps: [todoView([])] }));
    await openApps('#/apps/open/todo', 'Shared to-do');
    const frame = (await screen.findByTestId('app-frame')) as HTMLIFrameElement;
    expect(frame.getAttribute('sandbox')).toBe('allow-scripts allow-forms');
    expect(frame.getAttribute('src')).toMatch(/^\/miniapp\/todo\/index\.html\?v=/);
  });

  it('reloads an open app when the node says it was updated (supernet app dev), not on other changes', async () => {
    const fake = appsNode();
    let view = todoView([]);
    fake.transport.on('apps.list', () => ({ apps: [view] }));
    await openApps('#/apps/open/todo', 'Shared to-do');
    const frame = (await screen.findByTestId('app-frame')) as HTMLIFrameElement;
    const first = frame.getAttribute('src');
    view = { ...view, granted: ['social.read'] };
    fake.transport.emit({ type: 'apps', app: 'todo', change: 'granted' });
    await waitFor(() => expect(fake.transport.calls.filter((c) => c.method === 'apps.list')).toHaveLength(2));
    await new Promise((r) => setTimeout(r, 20));
    expect(frame.getAttribute('src')).toBe(first);
    // The page had loaded before that change: nothing covers it now (an unchanged address
    // fires no new `load`, so an "Opening…" cover shown again would never lift).
    await fireEvent.load(frame);
    view = { ...view, status: 'stopped' };
    fake.transport.emit({ type: 'apps', app: 'todo', change: 'status' });
    await waitFor(() => expect(fake.transport.calls.filter((c) => c.method === 'apps.list')).toHaveLength(3));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByText(/Opening Shared to-do/)).toBeNull();
    view = { ...view, hash: 'n'.repeat(64) };
    fake.transport.emit({ type: 'apps', app: 'todo', change: 'updated' });
    await waitFor(() => expect(screen.getByTestId('app-frame').getAttribute('src')).not.toBe(first));
  });

  it('shows a suspended script with its incidents, and resumes it', async () => {
    const fake = appsNode();
    const suspended: AppView = {
      ...todoView([]),
      status: 'suspended',
      incidents: [
        { at: Date.now() - 120_000, what: 'the script used more than 1000 ms of CPU in one call' },
        { at: Date.now() - 60_000, what: 'the script ran out of memory' },
      ],
    };
    fake.transport.on('apps.list', () => ({ apps: [suspended] }));
    fake.transport.on('apps.resume', () => ({ ...suspended, status: 'stopped' }));
    await openApps();
    const card = await screen.findByTestId('app-card');
    expect(within(card).getByTestId('app-status').textContent).toBe('Suspended');
    expect(within(card).getByTestId('app-incidents').textContent).toContain('2 incidents');
    expect(within(card).getByTestId('app-incidents').textContent).toContain('ran out of memory');
    location.hash = '#/apps/settings/todo';
    await screen.findByTestId('app-settings-page');
    expect(screen.getByRole('list', { name: 'Incidents of Shared to-do' }).children).toHaveLength(2);
    await fireEvent.click(screen.getByTestId('app-resume'));
    await waitFor(() => expect(screen.getByTestId('settings-status').textContent).toBe('Ready'));
    expect(fake.transport.calls.some((c) => c.method === 'apps.resume')).toBe(true);
  });
});
