// Draws the toolbar icons (an open book on a green disc) as PNGs into public/icon/.
// Run `node scripts/make-icons.mjs` after changing the drawing; the PNGs are committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};

const inDisc = (x, y) => (x - 0.5) ** 2 + (y - 0.5) ** 2 <= 0.48 ** 2;
// Two pages of an open book, their outer corners lifted a little.
const inBook = (x, y) =>
  (x >= 0.2 && x <= 0.47 && y >= 0.3 + (0.47 - x) * 0.2 && y <= 0.72) ||
  (x >= 0.53 && x <= 0.8 && y >= 0.3 + (x - 0.53) * 0.2 && y <= 0.72);

/** Coverage (0–1) of the disc and of the book in pixel (px, py), sampled 4×4 for smooth edges. */
function coverage(px, py, size) {
  let disc = 0;
  let book = 0;
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) {
      const x = (px + (i + 0.5) / 4) / size;
      const y = (py + (j + 0.5) / 4) / size;
      if (inDisc(x, y)) disc++;
      if (inBook(x, y)) book++;
    }
  return [disc / 16, book / 16];
}

function png(size) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = [0]; // filter type: none
    for (let x = 0; x < size; x++) {
      const [disc, white] = coverage(x, y, size);
      const mix = (c) => Math.round(c * (1 - white) + 255 * white);
      row.push(mix(0x1d), mix(0x5b), mix(0x3a), Math.round(255 * Math.max(disc, white)));
    }
    rows.push(Buffer.from(row));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync('public/icon', { recursive: true });
for (const size of [16, 32, 48, 128]) writeFileSync(`public/icon/${size}.png`, png(size));
