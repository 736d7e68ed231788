import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatProgress, formatRate, percent, plural } from '../src/lib/format';

describe('formatBytes', () => {
  it('counts in decimal units with three significant digits', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1 kB');
    expect(formatBytes(1536)).toBe('1.54 kB');
    expect(formatBytes(12_345_678)).toBe('12.3 MB');
    expect(formatBytes(200_000_000)).toBe('200 MB');
    expect(formatBytes(1_500_000_000)).toBe('1.5 GB');
    expect(formatBytes(64 * 1024 ** 3)).toBe('68.7 GB');
    expect(formatBytes(3e15)).toBe('3 PB');
  });

  it('moves up a unit instead of showing 1000', () => {
    expect(formatBytes(999_960)).toBe('1 MB');
    expect(formatBytes(999_499)).toBe('999 kB');
  });

  it('shows nonsense as a dash', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('rates, durations and progress', () => {
  it('formats a rate', () => {
    expect(formatRate(45_000_000)).toBe('45 MB/s');
    expect(formatRate(512)).toBe('512 B/s');
  });

  it('gives whole percentages, clamped, and null without a total', () => {
    expect(percent(0, 200)).toBe(0);
    expect(percent(123, 1000)).toBe(12);
    expect(percent(999, 1000)).toBe(99); // never 100 before the end
    expect(percent(1000, 1000)).toBe(100);
    expect(percent(2000, 1000)).toBe(100);
    expect(percent(10, 0)).toBeNull();
    expect(percent(10, null)).toBeNull();
    expect(percent(10, undefined)).toBeNull();
  });

  it('rounds durations for people', () => {
    expect(formatDuration(0.2)).toBe('1 s');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(190)).toBe('3 min');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(3900)).toBe('1 h 5 min');
    expect(formatDuration(-1)).toBe('—');
  });

  it('says bytes of size, the rate and the time left, leaving out what is unknown', () => {
    expect(formatProgress(12_300_000, 200_000_000, 45_000_000)).toBe('12.3 MB of 200 MB · 45 MB/s · 5 s left');
    expect(formatProgress(12_300_000, 200_000_000, 0)).toBe('12.3 MB of 200 MB');
    expect(formatProgress(12_300_000, null, 45_000_000)).toBe('12.3 MB · 45 MB/s');
    expect(formatProgress(12_300_000)).toBe('12.3 MB');
    expect(formatProgress(200_000_000, 200_000_000, 1000)).toBe('200 MB of 200 MB · 1 kB/s');
  });

  it('pluralises', () => {
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(0, 'file')).toBe('0 files');
    expect(plural(1200, 'file')).toBe('1,200 files');
    expect(plural(2, 'child', 'children')).toBe('2 children');
  });
});
