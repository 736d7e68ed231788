#!/usr/bin/env node
// Makes sure the icons the page and the web manifest name exist, so a build always works.
// The real icons are committed in public/icons/; a missing one is replaced here by a plain
// square in the brand's indigo (never overwriting an existing file).

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../public/icons');
const ICONS = { 'favicon.png': 32, 'icon-192.png': 192, 'icon-512.png': 512, 'icon-maskable-512.png': 512 };
const INDIGO = [0x4f, 0x46, 0xe5, 0xff];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** @param {Buffer} bytes */
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** @param {string} type @param {Buffer} data */
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A solid square PNG (RGBA). @param {number} size */
export function solidPng(size, rgba = INDIGO) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 4, Buffer.from(rgba))]);
  const pixels = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(dir, { recursive: true });
for (const [name, size] of Object.entries(ICONS)) {
  const path = join(dir, name);
  if (existsSync(path)) continue;
  writeFileSync(path, solidPng(size));
  console.warn(`ensure-icons: ${name} was missing; wrote a plain ${size}×${size} placeholder`);
}
