/** The committed icons (made by scripts/icons.mjs) have the sizes and colours each OS expects. */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';

const dir = path.resolve(__dirname, '../../resources');

interface Png {
  width: number;
  height: number;
  /** RGBA, 8 bits per channel. */
  pixels: Buffer;
}

/** Minimal PNG decoder for 8-bit RGBA non-interlaced images (what Chromium writes). */
function decodePng(buf: Buffer): Png {
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let off = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('ascii', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9], data[12]]).toEqual([8, 6, 0]); // 8-bit, RGBA, not interlaced
    } else if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? pixels[y * stride + x - 4]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][filter]!;
      pixels[y * stride + x] = (line[x]! + pred) & 0xff;
    }
  }
  return { width, height, pixels };
}

const read = (name: string): Buffer => fs.readFileSync(path.join(dir, name));

describe('resources/ icons', () => {
  it('app icons: 1024 and 512 PNGs with transparent corners', () => {
    for (const [name, size] of [
      ['icon.png', 1024],
      ['icon-512.png', 512],
    ] as const) {
      const png = decodePng(read(name));
      expect([png.width, png.height]).toEqual([size, size]);
      expect(png.pixels[3]).toBe(0); // top-left pixel fully transparent (rounded square)
      const mid = (size / 2) * size * 4 + (size / 2) * 4;
      expect(png.pixels[mid + 3]).toBe(255);
    }
  });

  it('macOS tray template images are black + alpha at 16 and 32 px', () => {
    for (const [name, size] of [
      ['trayTemplate.png', 16],
      ['trayTemplate@2x.png', 32],
    ] as const) {
      const png = decodePng(read(name));
      expect([png.width, png.height]).toEqual([size, size]);
      let opaque = 0;
      for (let i = 0; i < png.pixels.length; i += 4) {
        if (png.pixels[i + 3]! === 0) continue;
        opaque++;
        expect([png.pixels[i], png.pixels[i + 1], png.pixels[i + 2]]).toEqual([0, 0, 0]);
      }
      expect(opaque).toBeGreaterThan(size * 2);
    }
  });

  it('Linux tray PNGs at 32 and 64 px', () => {
    expect(decodePng(read('tray.png')).width).toBe(32);
    expect(decodePng(read('tray@2x.png')).width).toBe(64);
  });

  it('.ico files hold valid PNG entries of the sizes named in their directory', () => {
    for (const [name, sizes] of [
      ['icon.ico', [16, 24, 32, 48, 64, 128, 256]],
      ['tray.ico', [16, 20, 24, 32, 48]],
    ] as const) {
      const ico = read(name);
      expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, sizes.length]);
      sizes.forEach((size, i) => {
        const e = 6 + i * 16;
        expect(ico[e] === 0 ? 256 : ico[e]).toBe(size);
        const len = ico.readUInt32LE(e + 8);
        const at = ico.readUInt32LE(e + 12);
        const png = decodePng(ico.subarray(at, at + len));
        expect([png.width, png.height]).toEqual([size, size]);
      });
    }
  });
});
