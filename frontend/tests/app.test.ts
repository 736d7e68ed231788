import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../src/App.svelte';
import { ApiError } from '../src/lib/transport/types';
import { THEME_KEY } from '../src/lib/stores/theme.svelte';
import { ACCOUNT, fakeNode, OTHER, post } from './fixtures';

const texts = () => screen.queryAllByTestId('post').map((a) => a.querySelector('.markdown')?.textContent?.trim());

describe('feed', () => {
  it('shows an intentional empty state, publishes, and shows the new post at once', async () => {
    const { transport } = fakeNode();
    render(App);
    const composer = (await screen.findByLabelText('Write a post')) as HTMLTextAreaElement;
    expect(await screen.findByText('No posts yet')).toBeTruthy();

    const publish = screen.getByRole('button', { name: 'Publish' }) as HTMLButtonElement;
    expect(publish.disabled).toBe(true);
    await fireEvent.input(composer, { target: { value: '   ' } });
    expect(publish.disabled).toBe(true);
    await fireEvent.input(composer, { target: { value: 'Hello **world**' } });
    expect(publish.disabled).toBe(false);
    expect(screen.getByText('15 characters')).toBeTruthy();
    await fireEvent.click(publish);

    const article = await screen.findByTestId('post');
    expect(article.querySelector('strong')?.textContent).toBe('world');
    expect(within(article).getByText('Alice')).toBeTruthy(); // our own name, not the id
    expect(article.querySelector('time')?.getAttribute('title')).toBeTruthy();
    expect(transport.callsTo('social.post')).toEqual([{ text: 'Hello **world**', title: null }]);
    expect(composer.value).toBe('');
  });

  it('publishes a blog post with a title (Ctrl+Enter) and previews Markdown', async () => {
    const { transport } = fakeNode();
    render(App);
    const composer = await screen.findByLabelText('Write a post');
    await fireEvent.click(screen.getByLabelText('Blog post'));
    await fireEvent.input(screen.getByLabelText('Title'), { target: { value: 'My first blog post' } });
    await fireEvent.input(composer, { target: { value: '# Heading\n\nSome *emphasis*.' } });

    await fireEvent.click(screen.getByRole('tab', { name: 'Preview' }));
    expect(screen.getByRole('tab', { name: 'Preview' }).getAttribute('aria-selected')).toBe('true');
    const panel = screen.getByRole('tabpanel');
    expect(within(panel).getByRole('heading', { name: 'Heading' })).toBeTruthy();
    expect(panel.querySelector('em')?.textContent).toBe('emphasis');

    await fireEvent.click(screen.getByRole('tab', { name: 'Write' }));
    await fireEvent.keyDown(screen.getByLabelText('Write a post'), { key: 'Enter', ctrlKey: true });
    const article = await screen.findByTestId('post');
    expect(within(article).getByRole('heading', { name: 'My first blog post' })).toBeTruthy();
    expect(transport.callsTo('social.post')).toEqual([{ text: '# Heading\n\nSome *emphasis*.', title: 'My first blog post' }]);
  });

  it('publishes for followers only, disappearing in a day', async () => {
    const { transport } = fakeNode();
    render(App);
    const composer = await screen.findByLabelText('Write a post');
    await fireEvent.change(screen.getByLabelText('Who can see it'), { target: { value: 'followers' } });
    await fireEvent.change(screen.getByLabelText('Disappears'), { target: { value: '86400000' } });
    await fireEvent.input(composer, { target: { value: 'for my followers' } });
    const before = Date.now();
    await fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    await waitFor(() => expect(transport.callsTo('social.post')).toHaveLength(1));
    const [sent] = transport.callsTo('social.post') as { audience?: string; expires_at?: number }[];
    expect(sent.audience).toBe('followers');
    expect(sent.expires_at).toBeGreaterThanOrEqual(before + 86_400_000);
    expect(sent.expires_at).toBeLessThan(Date.now() + 86_400_000 + 1000);
  });

  it('shows other authors by short id, pages with Load more, and merges live posts on top', async () => {
    const older = Array.from({ length: 35 }, (_, i) => post(i + 1, 1_000_000 + i * 1000));
    const { node, transport } = fakeNode({ posts: older });
    render(App);
    await waitFor(() => expect(screen.getAllByTestId('post')).toHaveLength(30));
    expect(texts()[0]).toBe('post 35');
    expect(screen.getAllByText('sn1zyg3…zygx').length).toBeGreaterThan(0);

    await fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getAllByTestId('post')).toHaveLength(35));
    expect(texts()[34]).toBe('post 1');

    // A post made elsewhere arrives as a notice: fetched and merged above, nothing lost.
    node.posts.push(post(99, 2_000_000, { author: OTHER, text: 'from the terminal' }));
    transport.emit({ type: 'events', count: 1, events: [{ id: 'x', kind: 'social.post', author: OTHER }] });
    await waitFor(() => expect(screen.getAllByTestId('post')).toHaveLength(36));
    expect(texts()[0]).toBe('from the terminal');
    expect(texts()[35]).toBe('post 1');

    // Other kinds of events do not refetch; resync does.
    const before = transport.callsTo('social.timeline').length;
    transport.emit({ type: 'events', count: 1, events: [{ id: 'y', kind: 'coin.transfer', author: OTHER }] });
    await Promise.resolve();
    expect(transport.callsTo('social.timeline').length).toBe(before);
    transport.emit({ type: 'resync' });
    await waitFor(() => expect(transport.callsTo('social.timeline').length).toBe(before + 1));
    expect(screen.getAllByTestId('post')).toHaveLength(36);

    transport.emit({ type: 'removed', ids: [post(99, 0).id] });
    await waitFor(() => expect(screen.getAllByTestId('post')).toHaveLength(35));
  });

  it('escapes HTML in posts', async () => {
    fakeNode({ posts: [post(1, 1000, { text: '<img src=x onerror=alert(1)> [x](javascript:alert(1))' })] });
    render(App);
    const article = await screen.findByTestId('post');
    const text = article.querySelector('.markdown')!;
    expect(article.querySelector('img')).toBeNull();
    expect(text.querySelector('a')).toBeNull();
    expect(text.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('shows a publishing error from its code and keeps the draft', async () => {
    const { transport } = fakeNode();
    transport.on('social.post', () => {
      throw new ApiError('oversize', 'body of 70000 bytes');
    });
    render(App);
    const composer = (await screen.findByLabelText('Write a post')) as HTMLTextAreaElement;
    await fireEvent.input(composer, { target: { value: 'draft' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    expect(await screen.findByText(/too large to store/)).toBeTruthy();
    expect(screen.getByText('body of 70000 bytes')).toBeTruthy();
    expect(composer.value).toBe('draft');
  });
});

describe('profile', () => {
  it('shows the account, node details, theme choice, and locks', async () => {
    const { transport } = fakeNode({ protected: true });
    render(App);
    await fireEvent.click(await screen.findByRole('link', { name: 'Profile' }));
    location.hash = '#/profile';
    window.dispatchEvent(new HashChangeEvent('hashchange'));

    expect(await screen.findByText(ACCOUNT)).toBeTruthy();
    expect(screen.getByText('Protected by a passphrase')).toBeTruthy();
    expect(await screen.findByText('/tmp/sn')).toBeTruthy();
    expect(screen.getByText('0.1.0')).toBeTruthy();
    expect(screen.getByText('Local only (127.0.0.1)')).toBeTruthy();
    expect(screen.getByText('2')).toBeTruthy(); // API methods

    await fireEvent.click(screen.getByLabelText('Dark'));
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem(THEME_KEY)).toBe('dark');
    await fireEvent.click(screen.getByLabelText('System'));
    expect(document.documentElement.dataset.theme).toBeUndefined();
    expect(localStorage.getItem(THEME_KEY)).toBeNull();

    await fireEvent.click(screen.getByRole('button', { name: 'Lock' }));
    expect(await screen.findByRole('button', { name: 'Unlock' })).toBeTruthy();
    expect(transport.callsTo('identity.lock')).toEqual([{}]);
  });

  it('has no Lock button for a key without a passphrase', async () => {
    fakeNode({ protected: false });
    location.hash = '#/profile';
    render(App);
    expect(await screen.findByText('No passphrase')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Lock' })).toBeNull();
  });
});
