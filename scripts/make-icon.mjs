// Draws media/icon.png (128×128): a rounded green tile with three bars falling in height, a cost
// chart going down. Plain pixels + zlib, so no image tool is needed; run again after changing it.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 128;
const px = Buffer.alloc(N * N * 4);
const inRounded = (x, y, x0, y0, x1, y1, r) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const bars = [
  [26, 34, 48, 100],
  [53, 54, 75, 100],
  [80, 74, 102, 100],
];
for (let y = 0; y < N; y++) {
  for (let x = 0; x < N; x++) {
    // 4×4 supersampling for smooth edges.
    let bg = 0;
    let fg = 0;
    for (let sy = 0; sy < 4; sy++) {
      for (let sx = 0; sx < 4; sx++) {
        const X = x + (sx + 0.5) / 4;
        const Y = y + (sy + 0.5) / 4;
        if (inRounded(X, Y, 4, 4, 124, 124, 22)) {
          bg++;
          if (bars.some(([a, b, c, d]) => inRounded(X, Y, a, b, c, d, 4)) || inRounded(X, Y, 22, 104, 106, 110, 3)) fg++;
        }
      }
    }
    const i = (y * N + x) * 4;
    const t = fg / Math.max(1, bg);
    // Background: green with a slight vertical gradient; foreground white.
    const g = [0x1b + (y / N) * 10, 0x7a - (y / N) * 20, 0x4e - (y / N) * 10];
    px[i] = Math.round(g[0] * (1 - t) + 255 * t);
    px[i + 1] = Math.round(g[1] * (1 - t) + 255 * t);
    px[i + 2] = Math.round(g[2] * (1 - t) + 255 * t);
    px[i + 3] = Math.round((bg / 16) * 255);
  }
}
const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) px.copy(raw, y * (N * 4 + 1) + 1, y * N * 4, (y + 1) * N * 4);
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (b) => {
  let c = 0xffffffff;
  for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
writeFileSync(
  new URL('../media/icon.png', import.meta.url),
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]),
);
