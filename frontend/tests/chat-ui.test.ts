import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../src/App.svelte';
import type { ChatFile, ChatMessage, Conversation } from '../src/lib/chat/types';
import { chat } from '../src/lib/stores/chat.svelte';
import { transfers } from '../src/lib/stores/transfers.svelte';
import { fakeHash } from '../src/lib/transport/fake';
import { ApiError } from '../src/lib/transport/types';
import { ACCOUNT, fakeNode, MENTIONED, OTHER } from './fixtures';

afterEach(() => chat.stop());

/** Goes to a route as a link would. */
async function go(hash: string) {
  location.hash = hash;
  window.dispatchEvent(new HashChangeEvent('hashchange'));
  await Promise.resolve();
}

const DM = 'd'.repeat(64);
const GROUP = 'e'.repeat(64);
let n = 0;
function message(author: string, created_at: number, text: string | null, extra: Partial<ChatMessage> = {}): ChatMessage {
  n += 1;
  return { id: n.toString(16).padStart(64, '0'), author, created_at, ...(text === null ? {} : { text }), ...extra };
}

/**
 * A fake node with chats: a direct chat with Bob (OTHER) and a group; the messages of
 * each kept newest last, answered newest first in pages of `limit`.
 */
function chatNode(options: { member?: boolean; unread?: number; messages?: ChatMessage[]; startFails?: boolean } = {}) {
  const fake = fakeNode({ profiles: { [OTHER]: { name: 'Bob', bio: '', links: [] }, [MENTIONED]: { name: 'Carol', bio: '', links: [] } } });
  const now = Date.now();
  const state = {
    messages: {
      [DM]: options.messages ?? [message(OTHER, now - 3 * 3600_000, 'Hello **Alice**'), message(ACCOUNT, now - 2 * 3600_000, 'Hi Bob!'), message(OTHER, now - 60_000, 'Coffee later?')],
      [GROUP]: [
        message(MENTIONED, now - 5 * 60_000, 'Welcome to the group', { expires_at: now + 3 * 3600_000 }),
        message(OTHER, now - 4 * 60_000, null, { unreadable: 'its key has not reached this node' }),
      ],
    } as Record<string, ChatMessage[]>,
    convs: {
      [DM]: { conv: DM, group: false, members: [{ account: ACCOUNT }, { account: OTHER, name: 'Bob' }], admin: OTHER, member: true, unread: options.unread ?? 1 },
      [GROUP]: {
        conv: GROUP,
        group: true,
        name: 'Book club',
        members: [{ account: ACCOUNT }, { account: OTHER, name: 'Bob' }, { account: MENTIONED, name: 'Carol' }],
        admin: ACCOUNT,
        member: options.member ?? true,
        ttl: 24 * 3600_000,
        unread: 0,
      },
    } as Record<string, Conversation>,
  };
  const view = (conv: string): Conversation => {
    const list = state.messages[conv];
    return { ...state.convs[conv], ...(list.length ? { last: list.at(-1) } : {}) };
  };
  const total = () => Object.values(state.convs).reduce((s, c) => s + c.unread, 0);
  fake.node.following = [OTHER, MENTIONED];
  fake.transport
    .on('social.following', () => ({ accounts: fake.node.following }))
    .on('chat.unread', () => ({ messages: total() }))
    .on('chat.conversations', () => ({
      conversations: Object.keys(state.convs)
        .map(view)
        .sort((a, b) => (b.last?.created_at ?? 0) - (a.last?.created_at ?? 0)),
      key: 'f'.repeat(64),
    }))
    .on('chat.messages', (input: { conv: string; limit?: number; before?: string }) => {
      if (!state.convs[input.conv]) throw new ApiError('not_found', `no conversation ${input.conv} is stored on this node`);
      const all = [...state.messages[input.conv]].reverse();
      const start = input.before ? Number(input.before) : 0;
      const limit = input.limit ?? 50;
      const page = all.slice(start, start + limit);
      return { conversation: view(input.conv), messages: page, ...(page.length === limit ? { next: String(start + limit) } : {}) };
    })
    .on('chat.read', (input: { conv: string }) => {
      state.convs[input.conv].unread = 0;
      return { messages: total() };
    })
    .on('chat.send', (input: { conv: string; text: string }) => {
      const m = message(ACCOUNT, Date.now(), input.text);
      state.messages[input.conv].push(m);
      return m;
    })
    .on('chat.start', (input: { account: string }) => {
      if (options.startFails) {
        throw new ApiError('not_found', `no chat key is known here for ${input.account}: follow them (their key comes with their events) and make sure they opened Chat once`);
      }
      return view(DM);
    })
    .on('chat.remove_member', (input: { conv: string; account: string }) => {
      const c = state.convs[input.conv];
      c.members = c.members.filter((m) => m.account !== input.account);
      return view(input.conv);
    })
    .on('chat.settings', (input: { conv: string; ttl?: number; name?: string }) => {
      const c = state.convs[input.conv];
      c.ttl = input.ttl ?? null;
      if (input.name) c.name = input.name;
      return view(input.conv);
    });
  /** A message from someone else arrives (with its notice). */
  const arrive = (conv: string, author: string, text: string) => {
    const m = message(author, Date.now(), text);
    state.messages[conv].push(m);
    state.convs[conv].unread += 1;
    fake.transport.emit({ type: 'events', count: 1, events: [{ id: m.id, kind: 'chat.message', author }] });
    return m;
  };
  return { ...fake, state, arrive };
}

const bubbles = () => screen.queryAllByTestId('message');
const texts = () => bubbles().map((b) => b.querySelector('.markdown, .why')?.textContent?.trim());

describe('the Chat tab', () => {
  it('shows the unread count in the navigation from the start', async () => {
    chatNode({ unread: 3 });
    render(App);
    const badge = await screen.findByTestId('chat-unread-badge');
    expect(badge.textContent).toBe('3 unread');
    expect(screen.getByRole('link', { name: /Chat/ }).textContent).toMatch(/3 unread/);
  });

  it('lists the conversations (publishing the chat key) with names, previews and unread counts', async () => {
    const { transport } = chatNode();
    render(App);
    await go('#/chat');
    const items = await screen.findAllByTestId('conversation');
    expect(transport.callsTo('chat.conversations')).toHaveLength(1);
    expect(items.map((i) => i.querySelector('.name')?.textContent)).toEqual(['Bob', 'Book club']);
    expect(items[0].textContent).toMatch(/Coffee later\?/);
    expect(within(items[0]).getByTestId('conversation-unread').textContent).toBe('1 unread');
    await waitFor(() => expect(items[1].textContent).toMatch(/Bob: Message you can’t read/));
    expect(screen.getByText('End-to-end encrypted')).toBeTruthy();
  });

  it('opens a conversation: bubbles (mine on the right), marked read, the badge cleared', async () => {
    const { transport } = chatNode();
    render(App);
    await screen.findByTestId('chat-unread-badge');
    await go(`#/chat/${DM}`);
    await waitFor(() => expect(texts()).toEqual(['Hello Alice', 'Hi Bob!', 'Coffee later?']));
    expect(bubbles().map((b) => b.classList.contains('mine'))).toEqual([false, true, false]);
    expect(screen.getByTestId('conversation-title').textContent).toBe('Bob');
    expect(screen.getByText('1 unread message')).toBeTruthy();
    await waitFor(() => expect(transport.callsTo('chat.read')).toEqual([{ conv: DM }]));
    await waitFor(() => expect(screen.queryByTestId('chat-unread-badge')).toBeNull());
  });

  it('shows a group: sender names, a muted bubble for what cannot be read, the timer of expiring messages', async () => {
    chatNode();
    render(App);
    await go(`#/chat/${GROUP}`);
    await waitFor(() => expect(bubbles()).toHaveLength(2));
    const [welcome, hidden] = bubbles();
    await waitFor(() => expect(welcome.querySelector('.sender')?.textContent).toBe('Carol'));
    expect(welcome.textContent).toMatch(/disappears in 3 hours/);
    expect(hidden.querySelector('.bubble')?.classList.contains('unreadable')).toBe(true);
    expect(hidden.textContent).toMatch(/You can't read this message \(its key has not reached this node\)\./);
    expect(screen.getByText(/3 members/)).toBeTruthy();
  });

  it('sends with Enter (Shift+Enter is a new line); the message shows at once', async () => {
    const { transport } = chatNode();
    render(App);
    await go(`#/chat/${DM}`);
    const input = (await screen.findByTestId('chat-input')) as HTMLTextAreaElement;
    await fireEvent.input(input, { target: { value: 'First line' } });
    await fireEvent.keyDown(input, { key: 'Enter', shiftKey: true });
    expect(transport.callsTo('chat.send')).toEqual([]);
    await fireEvent.input(input, { target: { value: 'See you at **four**' } });
    await fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(transport.callsTo('chat.send')).toEqual([{ conv: DM, text: 'See you at **four**' }]));
    await waitFor(() => expect(texts().at(-1)).toBe('See you at four'));
    expect(bubbles().at(-1)?.classList.contains('mine')).toBe(true);
    expect(input.value).toBe('');
  });

  it('gives one message its own lifetime', async () => {
    const { transport } = chatNode();
    render(App);
    await go(`#/chat/${DM}`);
    const input = (await screen.findByTestId('chat-input')) as HTMLTextAreaElement;
    await fireEvent.change(screen.getByLabelText('This message disappears'), { target: { value: String(3_600_000) } });
    await fireEvent.input(input, { target: { value: 'brief' } });
    await fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(transport.callsTo('chat.send')).toEqual([{ conv: DM, text: 'brief', ttl: 3_600_000 }]));
  });

  it('gives the text back and says why when sending fails', async () => {
    const { transport } = chatNode();
    transport.on('chat.send', () => {
      throw new ApiError('permission_denied', 'this account is not a member of that conversation (any more)');
    });
    render(App);
    await go(`#/chat/${DM}`);
    const input = (await screen.findByTestId('chat-input')) as HTMLTextAreaElement;
    await fireEvent.input(input, { target: { value: 'Are you there?' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText(/You are not a member of this conversation/)).toBeTruthy();
    expect(input.value).toBe('Are you there?');
  });

  it('reads new messages in as they arrive, and marks them read while open', async () => {
    const { transport, arrive } = chatNode({ unread: 0 });
    render(App);
    await go(`#/chat/${DM}`);
    await waitFor(() => expect(bubbles()).toHaveLength(3));
    arrive(DM, OTHER, 'Are you free at four?');
    await waitFor(() => expect(texts().at(-1)).toBe('Are you free at four?'));
    await waitFor(() => expect(transport.callsTo('chat.read').length).toBeGreaterThanOrEqual(1));
    await waitFor(() => expect(document.body.textContent).toMatch(/New message from Bob: Are you free at four\?/));
  });

  it('updates the badge when a message arrives in a conversation that is not open', async () => {
    const { arrive } = chatNode({ unread: 0 });
    render(App);
    await screen.findAllByRole('link', { name: /Chat/ });
    arrive(GROUP, OTHER, 'Anyone there?');
    await waitFor(() => expect(screen.getByTestId('chat-unread-badge').textContent).toBe('1 unread'));
  });

  it('disables the composer with the reason once this account is no longer a member', async () => {
    chatNode({ member: false });
    render(App);
    await go(`#/chat/${GROUP}`);
    const input = (await screen.findByTestId('chat-input')) as HTMLTextAreaElement;
    await waitFor(() => expect(input.disabled).toBe(true));
    expect(screen.getByText(/You are no longer a member of this group/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('loads older messages a page at a time', async () => {
    const now = Date.now();
    const many = Array.from({ length: 60 }, (_, i) => message(i % 2 ? ACCOUNT : OTHER, now - (60 - i) * 60_000, `message ${i}`));
    const { transport } = chatNode({ messages: many, unread: 0 });
    render(App);
    await go(`#/chat/${DM}`);
    await waitFor(() => expect(bubbles()).toHaveLength(50));
    expect(texts()[0]).toBe('message 10');
    await fireEvent.click(screen.getByRole('button', { name: 'Load older messages' }));
    await waitFor(() => expect(bubbles()).toHaveLength(60));
    expect(texts()[0]).toBe('message 0');
    expect(transport.callsTo('chat.messages').at(-1)).toEqual({ conv: DM, limit: 50, before: '50' });
    expect(screen.getByText(/are end-to-end encrypted. Only its members can read them/)).toBeTruthy();
  });
});

describe('new chats', () => {
  it('start with someone followed and open the conversation', async () => {
    const { transport } = chatNode();
    render(App);
    await go('#/chat');
    await fireEvent.click(await screen.findByRole('button', { name: 'New chat' }));
    const dialog = await screen.findByRole('dialog', { name: 'New chat' });
    const bob = await within(dialog).findByRole('button', { name: /Bob/ });
    await fireEvent.click(bob);
    await waitFor(() => expect(transport.callsTo('chat.start')).toEqual([{ account: OTHER }]));
    await waitFor(() => expect(location.hash).toBe(`#/chat/${DM}`));
  });

  it('say what to do when the other account’s chat key is not known here', async () => {
    chatNode({ startFails: true });
    render(App);
    await go('#/chat');
    await fireEvent.click(await screen.findByRole('button', { name: 'New chat' }));
    const dialog = await screen.findByRole('dialog', { name: 'New chat' });
    await fireEvent.input(within(dialog).getByLabelText('Or paste an account id'), { target: { value: 'sn1nope' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Start chat' }));
    expect(within(dialog).getByText(/That is not an account id/)).toBeTruthy();
    await fireEvent.input(within(dialog).getByLabelText('Or paste an account id'), { target: { value: MENTIONED } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Start chat' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toMatch(/Follow them.*opened Chat once/);
    expect(alert.textContent).toMatch(/no chat key is known here/);
  });
});

describe('conversation settings', () => {
  it('let the group’s creator remove a member, after asking', async () => {
    const { transport } = chatNode();
    render(App);
    await go(`#/chat/${GROUP}/info`);
    const panel = await screen.findByTestId('chat-settings');
    await waitFor(() => expect(within(panel).getAllByTestId('chat-member')).toHaveLength(3));
    expect(within(panel).getByText('Creator')).toBeTruthy();
    await fireEvent.click(within(panel).getByRole('button', { name: 'Remove Bob' }));
    const confirm = await screen.findByRole('dialog', { name: 'Remove Bob?' });
    await fireEvent.click(within(confirm).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(transport.callsTo('chat.remove_member')).toEqual([{ conv: GROUP, account: OTHER }]));
    await waitFor(() => expect(within(panel).getAllByTestId('chat-member')).toHaveLength(2));
  });

  it('rename a group keeping its message lifetime, and change the lifetime', async () => {
    const { transport } = chatNode();
    render(App);
    await go(`#/chat/${GROUP}/info`);
    const panel = await screen.findByTestId('chat-settings');
    const name = await within(panel).findByLabelText('Group name');
    await fireEvent.input(name, { target: { value: 'Readers' } });
    await fireEvent.click(within(panel).getByRole('button', { name: 'Rename' }));
    await waitFor(() => expect(transport.callsTo('chat.settings')).toEqual([{ conv: GROUP, ttl: 24 * 3600_000, name: 'Readers' }]));
    const choice = within(panel).getByLabelText('Lifetime of new messages') as HTMLSelectElement;
    expect(choice.value).toBe('day');
    await fireEvent.change(choice, { target: { value: 'off' } });
    await fireEvent.click(within(panel).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(transport.callsTo('chat.settings').at(-1)).toEqual({ conv: GROUP }));
    await waitFor(() => expect((within(panel).getByLabelText('Lifetime of new messages') as HTMLSelectElement).value).toBe('off'));
  });

  it('show others that only the creator can change a group', async () => {
    const fake = chatNode();
    fake.state.convs[GROUP].admin = MENTIONED;
    render(App);
    await go(`#/chat/${GROUP}/info`);
    const panel = await screen.findByTestId('chat-settings');
    await waitFor(() => expect(within(panel).getAllByText(/Only Carol, who created the group/).length).toBeGreaterThan(0));
    expect(within(panel).queryByRole('button', { name: /Remove/ })).toBeNull();
    expect((within(panel).getByLabelText('Lifetime of new messages') as HTMLSelectElement).disabled).toBe(true);
  });
});

const file = (name: string, size: number, type = '') => new File([new Uint8Array(size)], name, { type });
const h = (c: string) => c.repeat(64);
/** A message's file, as the node lists it. */
function chatFile(name: string, size: number, ready: boolean, mime = 'image/jpeg', n = 'a'): ChatFile {
  return { file: { hash: h(n), name, mime, size }, ready, sealed: h('5') };
}
/** `chat.send` as the node answers it: the message with its files (opened on the sender's node). */
function sendWithFiles(state: ReturnType<typeof chatNode>['state']) {
  return (input: { conv: string; text: string; attachments?: { hash: string; name: string; mime: string | null }[] }) => {
    const files = (input.attachments ?? []).map((a) => ({ file: { hash: a.hash, name: a.name, mime: a.mime ?? 'application/octet-stream', size: 2_000_000 }, ready: true, sealed: h('5') }));
    const m = message(ACCOUNT, Date.now(), input.text, { files });
    state.messages[input.conv].push(m);
    return m;
  };
}

describe('files in chats', () => {
  it('attach with the paperclip: Send waits for the upload, then sends the file without text', async () => {
    const { transport, state } = chatNode({ unread: 0 });
    transport.uploadMode = 'manual';
    let release: () => void = () => {};
    const answer = sendWithFiles(state);
    transport.on('chat.send', async (input) => {
      await new Promise<void>((r) => (release = r));
      return answer(input);
    });
    render(App);
    await go(`#/chat/${DM}`);
    const input = (await screen.findByTestId('chat-input')) as HTMLTextAreaElement;
    const send = screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    expect(screen.getByRole('button', { name: 'Attach files' })).toBeTruthy();
    await fireEvent.change(screen.getByTestId('chat-file-input'), { target: { files: [file('photo.png', 2_000_000, 'image/png')] } });

    const item = await screen.findByTestId('upload');
    expect(within(item).getByText('photo.png')).toBeTruthy();
    await waitFor(() => expect(transport.uploads).toHaveLength(1));
    expect(send.disabled).toBe(true);
    expect(screen.getByText('Uploading 1 file… Send waits until it is on your node.')).toBeTruthy();
    // Enter does nothing while it uploads.
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(transport.callsTo('chat.send')).toEqual([]);

    transport.uploads[0].resolve();
    await waitFor(() => expect(send.disabled).toBe(false));
    expect(input.value).toBe('');
    await fireEvent.click(send);
    await waitFor(() =>
      expect(transport.callsTo('chat.send')).toEqual([{ conv: DM, text: '', attachments: [{ hash: fakeHash(1), name: 'photo.png', mime: 'image/png' }] }]),
    );
    // While it is being sent: the bubble names the file, and the composer is empty again.
    const sending = await screen.findByRole('list', { name: 'Files being sent' });
    expect(sending.textContent).toMatch(/photo\.png/);
    expect(screen.queryAllByTestId('upload')).toHaveLength(0);

    release();
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Files being sent' })).toBeNull());
    const mine = bubbles().at(-1)!;
    expect(mine.classList.contains('mine')).toBe(true);
    const img = await within(mine).findByRole('img', { name: 'photo.png' });
    expect(img.getAttribute('src')).toBe(`/blobs/${fakeHash(1)}?author=${ACCOUNT}&mime=image%2Fpng&name=photo.png`);
    expect(mine.querySelector('.markdown')).toBeNull(); // no empty paragraph
    expect(transport.callsTo('chat.open_file')).toEqual([]); // mine are here already
  });

  it('keeps the text and the files when sending fails', async () => {
    const { transport } = chatNode({ unread: 0 });
    transport.on('chat.send', () => {
      throw new ApiError('unavailable', 'the node is shutting down');
    });
    render(App);
    await go(`#/chat/${DM}`);
    const input = (await screen.findByTestId('chat-input')) as HTMLTextAreaElement;
    await fireEvent.change(screen.getByTestId('chat-file-input'), { target: { files: [file('notes.pdf', 1000, 'application/pdf')] } });
    const send = screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    await waitFor(() => expect(send.disabled).toBe(false));
    await fireEvent.input(input, { target: { value: 'The notes' } });
    await fireEvent.click(send);
    await screen.findByText(/cannot be reached/);
    expect(input.value).toBe('The notes');
    const item = screen.getByTestId('upload');
    expect(within(item).getByText('notes.pdf')).toBeTruthy();
    expect(within(item).getByText('1 kB · ready')).toBeTruthy();
    expect(send.disabled).toBe(false);
    expect(transport.uploads).toHaveLength(1); // not uploaded again
  });

  it('pasting an image attaches it; each conversation keeps its own files', async () => {
    const { transport } = chatNode({ unread: 0 });
    render(App);
    await go(`#/chat/${DM}`);
    const input = await screen.findByTestId('chat-input');
    const image = file('image.png', 500, 'image/png');
    await fireEvent.paste(input, { clipboardData: { files: [image], types: ['Files'] } });
    const item = await screen.findByTestId('upload');
    expect(item.textContent).toMatch(/Pasted image .*\.png/);
    await waitFor(() => expect(transport.uploads).toHaveLength(1));

    await go(`#/chat/${GROUP}`);
    await waitFor(() => expect(bubbles()).toHaveLength(2));
    expect(screen.queryAllByTestId('upload')).toHaveLength(0);
    await go(`#/chat/${DM}`);
    await waitFor(() => expect(screen.getAllByTestId('upload')).toHaveLength(1));
  });

  it('files dropped on the conversation go to the composer', async () => {
    chatNode({ unread: 0 });
    render(App);
    await go(`#/chat/${DM}`);
    await screen.findByTestId('chat-input');
    const thread = screen.getByRole('region', { name: 'Messages' }).parentElement!;
    const dataTransfer = { types: ['Files'], files: [file('clip.webm', 3000, 'video/webm')], dropEffect: 'none' };
    await fireEvent.dragEnter(thread, { dataTransfer });
    expect(screen.getByText('Drop files to send them to Bob')).toBeTruthy();
    await fireEvent.drop(thread, { dataTransfer });
    expect(screen.queryByText('Drop files to send them to Bob')).toBeNull();
    expect(within(await screen.findByTestId('upload')).getByText('clip.webm')).toBeTruthy();
  });

  it('opens small files of others by themselves (once each) and shows them in the bubble', async () => {
    const now = Date.now();
    const photo = message(OTHER, now - 60_000, '', { files: [chatFile('beach.jpg', 3_000_000, false)] });
    const { transport } = chatNode({ unread: 0, messages: [message(OTHER, now - 120_000, 'Look'), photo] });
    let release: () => void = () => {};
    transport.on('chat.open_file', async () => {
      await new Promise<void>((r) => (release = r));
      const opened = chatFile('beach.jpg', 3_000_000, true);
      return { ...opened, file: { ...opened.file, thumb: h('7') } };
    });
    render(App);
    await go(`#/chat/${DM}`);
    await waitFor(() => expect(transport.callsTo('chat.open_file')).toEqual([{ message: photo.id, index: 0 }]));
    const bubble = bubbles().at(-1)!;
    expect(within(bubble).getByText('beach.jpg')).toBeTruthy();
    expect(within(bubble).getByText(/3 MB · opening…/)).toBeTruthy();
    expect(within(bubble).getByText('Opening beach.jpg')).toBeTruthy(); // a spinner, until the download reports
    // The download of its sealed copy shows as it goes.
    transfers.update({ hash: h('5'), direction: 'download', bytes: 1_500_000, size: 3_000_100, rate: 0, started_at: now, done: false });
    const bar = await within(bubble).findByRole('progressbar', { name: 'Fetching beach.jpg' });
    expect(bar.getAttribute('aria-valuenow')).toBe('49');

    release();
    const img = await within(bubble).findByRole('img', { name: 'beach.jpg' });
    // The preview the node made, from the sender's node if need be.
    expect(img.getAttribute('src')).toBe(`/blobs/${h('7')}?author=${OTHER}&mime=image%2Fjpeg&name=beach.jpg`);
    expect(bubble.querySelector('.markdown')).toBeNull();
    // A click shows it full size.
    await fireEvent.click(img.closest('a')!);
    expect(screen.getByRole('dialog', { name: 'beach.jpg' })).toBeTruthy();
    // Read again (a notice): not opened again.
    transport.emit({ type: 'resync' } as never);
    await new Promise((r) => setTimeout(r, 400));
    expect(transport.callsTo('chat.open_file')).toHaveLength(1);
  });

  it('big files wait for Open; a failure says why, with Retry', async () => {
    const now = Date.now();
    const big = message(OTHER, now - 60_000, 'The film', { files: [chatFile('film.mp4', 80_000_000, false, 'video/mp4')] });
    const { transport } = chatNode({ unread: 0, messages: [big] });
    let fail = true;
    transport.on('chat.open_file', () => {
      if (fail) throw new ApiError('unavailable', 'no node that holds it answered');
      return chatFile('film.mp4', 80_000_000, true, 'video/mp4');
    });
    render(App);
    await go(`#/chat/${DM}`);
    const open = await screen.findByRole('button', { name: 'Open film.mp4 (80 MB)' });
    expect(screen.getByText('80 MB')).toBeTruthy();
    expect(transport.callsTo('chat.open_file')).toEqual([]);
    await fireEvent.click(open);
    const alert = await within(bubbles()[0]).findByRole('alert');
    expect(alert.textContent).toMatch(/Could not open film\.mp4\. The file could not be fetched/);
    fail = false;
    await fireEvent.click(screen.getByRole('button', { name: 'Retry opening film.mp4' }));
    await waitFor(() => expect(bubbles()[0].querySelector('video')).not.toBeNull());
    expect(bubbles()[0].querySelector('video')?.getAttribute('aria-label')).toBe('film.mp4');
    expect(transport.callsTo('chat.open_file')).toEqual([
      { message: big.id, index: 0 },
      { message: big.id, index: 0 },
    ]);
    expect(texts()[0]).toBe('The film');
  });

  it('a file keeps its place as it opens (pictures first, as in posts)', async () => {
    const now = Date.now();
    const files = [chatFile('report.pdf', 40_000_000, false, 'application/pdf', 'b'), chatFile('beach.jpg', 3_000, true)];
    const both = message(OTHER, now - 60_000, '', { files });
    const { transport } = chatNode({ unread: 0, messages: [both] });
    transport.on('chat.open_file', () => ({ ...files[0], ready: true }));
    render(App);
    await go(`#/chat/${DM}`);
    const open = await screen.findByRole('button', { name: 'Open report.pdf (40 MB)' });
    const bubble = bubbles()[0];
    const order = () => [...bubble.querySelectorAll('img[alt], .file-name, .name')].map((e) => e.getAttribute('alt') ?? e.textContent);
    expect(order()).toEqual(['beach.jpg', 'report.pdf']);
    await fireEvent.click(open);
    await within(bubble).findByTestId('file-chip');
    expect(order()).toEqual(['beach.jpg', 'report.pdf']);
    expect(within(bubble).getByRole('link', { name: /report\.pdf/ }).getAttribute('href')).toBe(
      `/blobs/${h('b')}?author=${OTHER}&mime=application%2Fpdf&name=report.pdf&download=1`,
    );
  });

  it('a message of files alone reads as its file in the list', async () => {
    const now = Date.now();
    chatNode({ unread: 0, messages: [message(OTHER, now - 60_000, '', { files: [chatFile('beach.jpg', 3_000, true)] })] });
    render(App);
    await go('#/chat');
    const [dm] = await screen.findAllByTestId('conversation');
    expect(dm.textContent).toMatch(/📎 beach\.jpg/);
  });
});
