#!/usr/bin/env node
// Renders Switchyard's icons from the SVG sources in resources/ with Chromium (no image tools
// needed) and packs the Windows .ico files by hand. Run after editing an SVG:
//   node scripts/icons.mjs            (uses /usr/bin/chromium, or CHROMIUM_PATH)
// Output (committed): icon.png 1024, icon-512.png, icon.ico, tray.png 32 + tray@2x.png 64,
// tray.ico, and the macOS menu-bar template images trayTemplate.png 16 + trayTemplate@2x.png 32.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const res = (name) => path.join(root, 'resources', name);
const svg = (name) => readFileSync(res(name), 'utf8');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const page = await browser.newPage({ deviceScaleFactor: 1 });

/** Render an SVG at size×size with a transparent background. */
async function render(source, size) {
  await page.setViewportSize({ width: size, height: size });
  const data = `data:image/svg+xml;base64,${Buffer.from(source).toString('base64')}`;
  await page.setContent(
    `<!doctype html><html><body style="margin:0;background:transparent"><img id="i" src="${data}" width="${size}" height="${size}" style="display:block"></body></html>`,
  );
  // Runs in the page, where document exists.
  await page.waitForFunction("document.getElementById('i').complete");
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

/** ICO container with PNG-compressed entries (valid on Windows Vista and later). */
function packIco(pngs) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(pngs.length, 4);
  const entries = [];
  let offset = 6 + 16 * pngs.length;
  for (const { size, png } of pngs) {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0); // width (0 = 256)
    e.writeUInt8(size >= 256 ? 0 : size, 1); // height
    e.writeUInt8(0, 2); // palette colours
    e.writeUInt8(0, 3); // reserved
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...pngs.map((p) => p.png)]);
}

const written = [];
function write(name, buf) {
  writeFileSync(res(name), buf);
  written.push(`${name} (${buf.length} B)`);
}

const appSvg = svg('icon.svg');
write('icon.png', await render(appSvg, 1024));
write('icon-512.png', await render(appSvg, 512));
const appIco = [];
for (const size of [16, 24, 32, 48, 64, 128, 256]) appIco.push({ size, png: await render(appSvg, size) });
write('icon.ico', packIco(appIco));

const traySvg = svg('tray.svg');
write('tray.png', await render(traySvg, 32));
write('tray@2x.png', await render(traySvg, 64));
const trayIco = [];
for (const size of [16, 20, 24, 32, 48]) trayIco.push({ size, png: await render(traySvg, size) });
write('tray.ico', packIco(trayIco));

const templateSvg = svg('trayTemplate.svg');
write('trayTemplate.png', await render(templateSvg, 16));
write('trayTemplate@2x.png', await render(templateSvg, 32));

await browser.close();
process.stdout.write(`icons: wrote ${written.join(', ')}\n`);
