import { describe, expect, it } from 'vitest';
import { fileIcon, fileKind, fileQuery, isHash, mimeOf, normaliseTicket, uploadQuery } from '../src/lib/files';
import { ApiError, isNotice } from '../src/lib/transport/types';
import { readUploadAnswer } from '../src/lib/transport/upload';

const HASH = 'ab'.repeat(32);

describe('files', () => {
  it('tells how a file is shown from its media type', () => {
    expect(fileKind('image/png')).toBe('image');
    expect(fileKind('IMAGE/JPEG; q=1')).toBe('image');
    expect(fileKind('image/svg+xml')).toBe('file'); // can carry script: never shown in place
    expect(fileKind('video/mp4')).toBe('video');
    expect(fileKind('audio/ogg')).toBe('audio');
    expect(fileKind('application/pdf')).toBe('file');
    expect(fileKind(null)).toBe('file');
    expect(fileIcon('application/zip')).toBe('archive');
    expect(fileIcon('video/webm')).toBe('film');
  });

  it('takes the browser’s media type, else one from the name', () => {
    expect(mimeOf('a.bin', 'image/png')).toBe('image/png');
    expect(mimeOf('clip.MP4', '')).toBe('video/mp4');
    expect(mimeOf('song.opus')).toBe('audio/ogg');
    expect(mimeOf('README')).toBeNull();
    expect(mimeOf('x.unknown', '')).toBeNull();
  });

  it('builds file and upload queries, encoding names', () => {
    expect(fileQuery()).toBe('');
    expect(fileQuery({ author: 'sn1x', mime: 'image/png', name: 'a b&c.png' })).toBe('?author=sn1x&mime=image%2Fpng&name=a+b%26c.png');
    expect(fileQuery({ name: 'r.pdf', download: true })).toBe('?name=r.pdf&download=1');
    expect(uploadQuery('Ünïcode ?.txt', null)).toBe('?name=%C3%9Cn%C3%AFcode+%3F.txt');
    expect(uploadQuery('a.png', 'image/png')).toBe('?name=a.png&mime=image%2Fpng');
    expect(isHash(HASH)).toBe(true);
    expect(isHash('../etc/passwd')).toBe(false);
    expect(isHash(HASH.toUpperCase())).toBe(false);
  });

  it('recognises tickets and links, wrapped over lines or not', () => {
    expect(normaliseTicket('  blobabcdefghijklmnop\n')).toBe('blobabcdefghijklmnop');
    expect(normaliseTicket('blobabcd\nefghijkl')).toBe('blobabcdefghijkl');
    expect(normaliseTicket('supernet://blob/blobabcdefghijkl')).toBe('supernet://blob/blobabcdefghijkl');
    expect(normaliseTicket('https://example.com')).toBeNull();
    expect(normaliseTicket('blob')).toBeNull();
    expect(normaliseTicket('')).toBeNull();
  });
});

describe('isNotice', () => {
  const transfer = {
    type: 'transfer',
    hash: HASH,
    direction: 'download',
    bytes: 10,
    rate: 5,
    started_at: 1,
    done: false,
  };

  it('accepts every kind this app knows, with their fields', () => {
    expect(isNotice({ type: 'events', count: 1, events: [{ id: 'e', kind: 'social.post', author: 'sn1' }] })).toBe(true);
    expect(isNotice({ type: 'removed', ids: ['e'] })).toBe(true);
    expect(isNotice({ type: 'sync', peer: 'p', fetched: 3, done: true })).toBe(true);
    expect(isNotice({ type: 'resync' })).toBe(true);
    expect(isNotice(transfer)).toBe(true);
    expect(
      isNotice({ ...transfer, direction: 'add', name: 'a.png', size: 100, providers: ['p'], dropped: [], error: 'x', resumed: 4 }),
    ).toBe(true);
    expect(isNotice({ ...transfer, size: null, name: null, error: null })).toBe(true);
  });

  it('drops malformed notices and kinds it does not know', () => {
    expect(isNotice(null)).toBe(false);
    expect(isNotice('transfer')).toBe(false);
    expect(isNotice({ type: 'gossip' })).toBe(false);
    expect(isNotice({ type: 'events', count: 1 })).toBe(false);
    expect(isNotice({ type: 'removed', ids: [1] })).toBe(false);
    expect(isNotice({ type: 'sync', peer: 'p' })).toBe(false);
    expect(isNotice({ ...transfer, direction: 'sideways' })).toBe(false);
    expect(isNotice({ ...transfer, bytes: '10' })).toBe(false);
    expect(isNotice({ ...transfer, done: undefined })).toBe(false);
    expect(isNotice({ ...transfer, providers: 'p' })).toBe(false);
    expect(isNotice({ ...transfer, size: Number.NaN })).toBe(false);
  });
});

describe('readUploadAnswer', () => {
  const stored = { hash: HASH, size: 3, name: 'a.txt', mime: 'text/plain', ticket: 'blobx', link: 'supernet://blob/blobx' };

  it('returns the stored file', () => {
    expect(readUploadAnswer(200, JSON.stringify(stored))).toEqual(stored);
  });

  it('throws the node’s {code, message}', () => {
    const e = (() => {
      try {
        readUploadAnswer(507, JSON.stringify({ code: 'quota_exceeded', message: 'needs 5 GB, 1 GB free' }));
      } catch (x) {
        return x as ApiError;
      }
    })();
    expect(e).toBeInstanceOf(ApiError);
    expect(e?.code).toBe('quota_exceeded');
    expect(e?.message).toBe('needs 5 GB, 1 GB free');
    expect(e?.status).toBe(507);
  });

  it('makes other answers errors with a code', () => {
    expect(() => readUploadAnswer(502, '<html>bad gateway</html>')).toThrow(/HTTP 502/);
    expect(() => readUploadAnswer(200, 'not json')).toThrow(/not a stored file/);
    try {
      readUploadAnswer(413, '');
    } catch (e) {
      expect((e as ApiError).code).toBe('quota_exceeded');
    }
  });
});
