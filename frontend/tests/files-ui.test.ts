import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../src/App.svelte';
import PostCard from '../src/components/feed/PostCard.svelte';
import { transfers } from '../src/lib/stores/transfers.svelte';
import { fakeHash } from '../src/lib/transport/fake';
import { ApiError, type Notice } from '../src/lib/transport/types';
import { ACCOUNT, fakeNode, OTHER, post } from './fixtures';

const h = (c: string) => c.repeat(64);
const file = (name: string, size: number, type = '') => new File([new Uint8Array(size)], name, { type });

async function openComposer() {
  const textarea = (await screen.findByLabelText('Write a post')) as HTMLTextAreaElement;
  const publish = screen.getByRole('button', { name: 'Publish' }) as HTMLButtonElement;
  const input = screen.getByTestId('composer-file-input') as HTMLInputElement;
  return { textarea, publish, input };
}

async function pick(input: HTMLInputElement, files: File[]) {
  await fireEvent.change(input, { target: { files } });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('composer attachments', () => {
  it('uploads with progress, keeps Publish off until done, and posts files (text optional)', async () => {
    const { transport } = fakeNode();
    transport.uploadMode = 'manual';
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:preview-1'), revokeObjectURL: vi.fn() }));
    render(App);
    const { textarea, publish, input } = await openComposer();

    await pick(input, [file('photo.png', 2_000_000, 'image/png')]);
    const item = await screen.findByTestId('upload');
    expect(within(item).getByText('photo.png')).toBeTruthy();
    expect(item.querySelector('img')?.getAttribute('src')).toBe('blob:preview-1'); // local preview
    await waitFor(() => expect(transport.uploads).toHaveLength(1)); // after the quota check
    expect(transport.callsTo('blobs.status')).toHaveLength(1);
    expect(transport.uploads[0].url).toBe('/api/upload?name=photo.png&mime=image%2Fpng');
    expect(publish.disabled).toBe(true);
    expect(screen.getByText(/Uploading 1 file… Publish waits/)).toBeTruthy();

    transport.uploads[0].progress(500_000);
    const bar = await screen.findByRole('progressbar', { name: 'Uploading photo.png' });
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('25'));
    expect(bar.getAttribute('aria-valuetext')).toMatch(/^500 kB of 2 MB/);
    expect(within(item).getByText(/500 kB of 2 MB.*25%/)).toBeTruthy();

    transport.uploads[0].resolve();
    await waitFor(() => expect(publish.disabled).toBe(false));
    expect(within(screen.getByTestId('upload')).getByText('2 MB · ready')).toBeTruthy();
    expect(textarea.value).toBe('');
    await fireEvent.click(publish);

    const article = await screen.findByTestId('post');
    expect(transport.callsTo('social.post')).toEqual([
      { text: '', title: null, attachments: [{ hash: fakeHash(1), name: 'photo.png', mime: 'image/png' }] },
    ]);
    const img = article.querySelector('img')!;
    expect(img.getAttribute('src')).toBe(`/blobs/${fakeHash(1)}?author=${ACCOUNT}&mime=image%2Fpng&name=photo.png`);
    expect(article.querySelector('.markdown')).toBeNull(); // no empty text block
    expect(screen.queryAllByTestId('upload')).toHaveLength(0);
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:preview-1');
  });

  it('refuses a file that does not fit in the quota before sending it, precisely', async () => {
    const { node, transport } = fakeNode();
    node.storage.used = node.storage.quota - 1500;
    render(App);
    const { textarea, publish, input } = await openComposer();
    await fireEvent.input(textarea, { target: { value: 'my holiday' } });
    expect(publish.disabled).toBe(false);

    await pick(input, [file('film.mp4', 2_000_000)]);
    expect(await screen.findByText(/reached its storage limit/)).toBeTruthy();
    expect(screen.getByText('film.mp4 is 2 MB, and 1.5 kB of the 1 GB storage limit is free')).toBeTruthy();
    expect(transport.uploads).toHaveLength(0);
    expect(publish.disabled).toBe(true);
    expect(screen.getByText('A file could not be uploaded: try it again, or remove it.')).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Remove film.mp4' }));
    expect(screen.queryAllByTestId('upload')).toHaveLength(0);
    expect(publish.disabled).toBe(false);
  });

  it('shows the node’s refusal and retries on request', async () => {
    const { transport } = fakeNode();
    transport.uploadMode = 'manual';
    render(App);
    const { publish, input } = await openComposer();
    await pick(input, [file('notes.pdf', 1000, 'application/pdf')]);
    await waitFor(() => expect(transport.uploads).toHaveLength(1));
    transport.uploads[0].reject(new ApiError('quota_exceeded', 'the storage quota (1 GB) is full'));
    expect(await screen.findByText('the storage quota (1 GB) is full')).toBeTruthy();
    expect(publish.disabled).toBe(true);

    await fireEvent.click(screen.getByRole('button', { name: /Retry/ }));
    await waitFor(() => expect(transport.uploads).toHaveLength(2));
    transport.uploads[1].resolve();
    await waitFor(() => expect(publish.disabled).toBe(false));
    expect(screen.queryByText('the storage quota (1 GB) is full')).toBeNull();
  });

  it('cancels an upload when its file is removed', async () => {
    const { transport } = fakeNode();
    transport.uploadMode = 'manual';
    render(App);
    const { publish, input } = await openComposer();
    await pick(input, [file('big.zip', 5000, 'application/zip')]);
    await waitFor(() => expect(transport.uploads).toHaveLength(1));
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel big.zip' }));
    expect(transport.uploads[0].cancelled).toBe(true);
    expect(screen.queryAllByTestId('upload')).toHaveLength(0);
    expect(publish.disabled).toBe(true); // nothing written, nothing attached
  });

  it('takes dropped files and pasted images, and at most 16', async () => {
    fakeNode();
    const { container } = render(App);
    const { textarea } = await openComposer();
    const composer = container.querySelector('.composer') as HTMLElement;

    await fireEvent.dragEnter(composer, { dataTransfer: { types: ['Files'], files: [] } });
    expect(screen.getByText('Drop files to attach them')).toBeTruthy();
    await fireEvent.drop(composer, { dataTransfer: { types: ['Files'], files: [file('a.txt', 10, 'text/plain')] } });
    expect(screen.queryByText('Drop files to attach them')).toBeNull();
    expect(await screen.findByText('a.txt')).toBeTruthy();

    await fireEvent.paste(textarea, { clipboardData: { files: [file('image.png', 10, 'image/png')], types: ['Files'] } });
    expect(await screen.findByText(/^Pasted image .*\.png$/)).toBeTruthy();

    const input = screen.getByTestId('composer-file-input') as HTMLInputElement;
    await pick(input, Array.from({ length: 15 }, (_, i) => file(`f${i}.txt`, 1)));
    expect(screen.getAllByTestId('upload')).toHaveLength(16);
    expect(screen.getByText('At most 16 files at once: 1 file was not added.')).toBeTruthy();
    expect((screen.getByRole('button', { name: /Attach files/ }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('attachments on posts', () => {
  const IMG = h('1');
  const THUMB = h('2');
  const VIDEO = h('3');
  const AUDIO = h('4');
  const PDF = h('5');
  const withFiles = post(1, 1000, {
    text: 'look',
    attachments: [
      { hash: IMG, size: 3_400_000, mime: 'image/jpeg', name: 'beach.jpg', thumb: THUMB },
      { hash: VIDEO, size: 200_000_000, mime: 'video/mp4', name: 'clip.mp4' },
      { hash: AUDIO, size: 4_000_000, mime: 'audio/mpeg', name: 'song.mp3' },
      { hash: PDF, size: 1_234_567, mime: 'application/pdf', name: 'report.pdf' },
    ],
  });

  it('shows images as lazy thumbnails that open full size, players for video and audio, and other files to download', async () => {
    fakeNode();
    render(PostCard, { post: withFiles });
    const img = screen.getByRole('img', { name: 'beach.jpg' });
    expect(img.getAttribute('src')).toBe(`/blobs/${THUMB}?author=${OTHER}&mime=image%2Fjpeg&name=beach.jpg`);
    expect(img.getAttribute('loading')).toBe('lazy');
    const link = img.closest('a')!;
    expect(link.getAttribute('href')).toBe(`/blobs/${IMG}?author=${OTHER}&mime=image%2Fjpeg&name=beach.jpg`);

    await fireEvent.click(link);
    const dialog = screen.getByRole('dialog', { name: 'beach.jpg' });
    expect(within(dialog).getByRole('img').getAttribute('src')).toBe(link.getAttribute('href'));
    expect(within(dialog).getByRole('link', { name: /Download/ }).getAttribute('href')).toContain('download=1');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: /Close/ }));
    await fireEvent.click(within(dialog).getByRole('button', { name: /Close/ }));
    expect(screen.queryByRole('dialog')).toBeNull();

    const video = document.querySelector('video')!;
    expect(video.getAttribute('src')).toBe(`/blobs/${VIDEO}?author=${OTHER}&mime=video%2Fmp4&name=clip.mp4`);
    expect(video.getAttribute('preload')).toBe('metadata');
    expect(video.hasAttribute('controls')).toBe(true);
    expect(screen.getByText('200 MB')).toBeTruthy();

    const audio = document.querySelector('audio')!;
    expect(audio.getAttribute('src')).toBe(`/blobs/${AUDIO}?author=${OTHER}&mime=audio%2Fmpeg&name=song.mp3`);
    expect(audio.hasAttribute('controls')).toBe(true);

    const chip = screen.getByTestId('file-chip');
    expect(chip.getAttribute('href')).toBe(`/blobs/${PDF}?author=${OTHER}&mime=application%2Fpdf&name=report.pdf&download=1`);
    expect(chip.getAttribute('download')).toBe('report.pdf');
    expect(within(chip).getByText('report.pdf')).toBeTruthy();
    expect(within(chip).getByText('1.23 MB')).toBeTruthy();
  });

  it('shows download progress from transfer notices until the download ends', async () => {
    const { transport } = fakeNode();
    transfers.start();
    render(PostCard, { post: withFiles });
    const progress: Notice = {
      type: 'transfer',
      hash: VIDEO,
      direction: 'download',
      name: 'clip.mp4',
      bytes: 12_300_000,
      size: 200_000_000,
      rate: 45_000_000,
      providers: ['p1'],
      dropped: [],
      started_at: Date.now(),
      done: false,
    };
    transport.emit(progress);
    const bar = await screen.findByRole('progressbar', { name: 'Downloading clip.mp4' });
    expect(bar.getAttribute('aria-valuenow')).toBe('6');
    expect(screen.getByText('12.3 MB of 200 MB · 45 MB/s · 5 s left')).toBeTruthy();

    // Uploads (add) never show on posts.
    transport.emit({ ...progress, hash: PDF, direction: 'add' });
    expect(screen.getAllByTestId('attachment-progress')).toHaveLength(1);

    transport.emit({ ...progress, bytes: 200_000_000, done: true });
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());

    transport.emit({ ...progress, hash: IMG, bytes: 0, done: true, error: 'no node has it' });
    expect(await screen.findByText('Could not download: no node has it')).toBeTruthy();
  });

  it('shows a placeholder when an image cannot be loaded', async () => {
    fakeNode();
    render(PostCard, { post: withFiles });
    await fireEvent.error(screen.getByRole('img', { name: 'beach.jpg' }));
    expect(screen.queryByRole('img', { name: 'beach.jpg' })).toBeNull();
    expect(screen.getByText('beach.jpg')).toBeTruthy();
  });
});

describe('storage', () => {
  it('shows usage, authors, kept files and transfers, and unpins', async () => {
    const { node, transport } = fakeNode();
    node.storage.transfers = [
      { hash: h('9'), direction: 'download', name: 'movie.mkv', bytes: 50_000_000, size: 100_000_000, rate: 2_000_000, started_at: 5, done: false, providers: ['a', 'b'], dropped: ['b'] },
    ];
    location.hash = '#/profile';
    render(App);
    const card = (await screen.findByRole('heading', { name: 'Storage' })).closest('section')!;
    await within(card).findByText('3 MB');
    expect(within(card).getByText(/of 1 GB used · 0%/)).toBeTruthy();
    expect(within(card).getByRole('progressbar', { name: 'Storage used' }).getAttribute('aria-valuetext')).toBe('3 MB of 1 GB');
    expect(within(card).getByText('Files in posts').nextElementSibling?.textContent).toBe('2 MB');

    const authors = within(card).getByRole('list', { name: 'Storage by author' });
    expect(within(authors).getByText('sn1zyg3…zygx')).toBeTruthy();
    expect(within(authors).getByText('You')).toBeTruthy();
    expect(within(authors).getByText('1.5 MB')).toBeTruthy();

    const kept = within(card).getAllByTestId('kept-file');
    expect(kept).toHaveLength(3);
    expect(within(kept[0]).getByText('Post by sn1zyg3…zygx')).toBeTruthy();
    expect(within(kept[2]).getByText('Shared')).toBeTruthy();
    expect(within(kept[2]).getByText('Post by you')).toBeTruthy();
    expect(within(kept[2]).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('25');

    const transfer = within(card).getByTestId('transfer');
    expect(within(transfer).getByText('movie.mkv')).toBeTruthy();
    expect(within(transfer).getByText(/50 MB of 100 MB · 2 MB\/s · 25 s left · 2 nodes asked, 1 dropped/)).toBeTruthy();
    transport.emit({ type: 'transfer', hash: h('9'), direction: 'download', name: 'movie.mkv', bytes: 75_000_000, size: 100_000_000, rate: 5_000_000, started_at: 5, done: false });
    await waitFor(() => expect(within(card).getByRole('progressbar', { name: 'Downloading movie.mkv' }).getAttribute('aria-valuenow')).toBe('75'));

    await fireEvent.click(within(card).getByRole('button', { name: `Unpin ${'bbbbbbb…bbbb'}` }));
    await waitFor(() => expect(within(card).getAllByTestId('kept-file')).toHaveLength(2));
    expect(transport.callsTo('blobs.unpin')).toEqual([{ hash: h('b') }]);
    await fireEvent.click(within(card).getByRole('button', { name: `Stop sharing ${'ccccccc…cccc'}` }));
    await waitFor(() => expect(transport.callsTo('blobs.unshare')).toEqual([{ hash: h('c') }]));
    await waitFor(() => expect(within(card.querySelector('.files')! as HTMLElement).queryByText('Shared')).toBeNull());
  });
});

describe('files view', () => {
  it('receives by ticket and offers each file for download', async () => {
    const { transport } = fakeNode();
    transport.on('blobs.get', () => ({ hash: h('7'), folder: false, files: [{ name: 'movie.mp4', hash: h('7'), size: 200_000_000 }], resumed: 0 }));
    location.hash = '#/files';
    render(App);
    const field = await screen.findByLabelText('Ticket or link');
    await fireEvent.input(field, { target: { value: 'https://not-a-ticket' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Receive' }));
    expect(await screen.findByText(/a ticket starts with “blob”/)).toBeTruthy();
    expect(transport.callsTo('blobs.get')).toHaveLength(0);

    await fireEvent.input(field, { target: { value: ' supernet://blob/blobaaaaaaaaaaaaaaaa \n' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Receive' }));
    expect(await screen.findByText(/Received 1 file · 200 MB/)).toBeTruthy();
    expect(transport.callsTo('blobs.get')).toEqual([{ ticket: 'supernet://blob/blobaaaaaaaaaaaaaaaa' }]);
    const link = screen.getByRole('link', { name: 'Download movie.mp4' });
    expect(link.getAttribute('href')).toBe(`/blobs/${h('7')}?mime=video%2Fmp4&name=movie.mp4&download=1`);

    // A lone file's ticket names it by its hash only; all of it was here already.
    transport.on('blobs.get', () => ({ hash: h('8'), folder: false, files: [{ name: h('8'), hash: h('8'), size: 5000 }], resumed: 5000 }));
    await fireEvent.click(screen.getByRole('button', { name: 'Receive' }));
    expect(await screen.findByText('(already on this node)')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Download File 8888888…8888' }).getAttribute('href')).toBe(`/blobs/${h('8')}?download=1`);
  });

  it('sends a file: uploads it and shows its link to copy', async () => {
    fakeNode();
    location.hash = '#/files';
    render(App);
    const input = (await screen.findByTestId('send-file-input')) as HTMLInputElement;
    await pick(input, [file('slides.pdf', 3000, 'application/pdf')]);
    expect(await screen.findByText(`supernet://blob/blobfake${fakeHash(1).slice(0, 16)}`)).toBeTruthy();
    expect(screen.getByRole('button', { name: /Copy link/ })).toBeTruthy();
  });
});
