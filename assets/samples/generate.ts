/**
 * Writes the two sample annotation images that the CLI demo sends at the markup annotate step:
 * `clean.png`, a 64x64 drawing of a house lot seen from above, and `annotated.png`, the same
 * drawing with the property boundary traced in red.
 *
 * Run with `npx tsx assets/samples/generate.ts`. The output is deterministic, so rerunning it
 * changes no committed bytes.
 */
import { writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

const SIZE_PX = 64;

type Rgb = readonly [number, number, number];

const LAWN: Rgb = [86, 140, 64];
const ROAD: Rgb = [92, 92, 96];
const DRIVEWAY: Rgb = [168, 164, 156];
const ROOF: Rgb = [176, 84, 56];
const ROOF_RIDGE: Rgb = [132, 60, 40];
const POOL: Rgb = [64, 160, 208];
const BOUNDARY: Rgb = [230, 32, 32];

/** A rectangle in pixels, edges included. */
interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const LOT: Box = { left: 8, top: 6, right: 55, bottom: 49 };

function drawLot(): Rgb[] {
  const pixels: Rgb[] = [];
  for (let y = 0; y < SIZE_PX; y++) {
    for (let x = 0; x < SIZE_PX; x++) {
      pixels.push(lotColourAt(x, y));
    }
  }
  return pixels;
}

function lotColourAt(x: number, y: number): Rgb {
  if (y >= 54) return ROAD;
  if (inside({ left: 38, top: 36, right: 45, bottom: 53 }, x, y)) return DRIVEWAY;
  if (inside({ left: 16, top: 14, right: 44, bottom: 34 }, x, y)) {
    return y === 24 ? ROOF_RIDGE : ROOF;
  }
  if (inside({ left: 14, top: 38, right: 29, bottom: 45 }, x, y)) return POOL;
  // A fixed pattern of darker grass, so the image is not a flat fill.
  const shade = (x * 7 + y * 13) % 11 === 0 ? -14 : 0;
  return [LAWN[0] + shade, LAWN[1] + shade, LAWN[2] + shade];
}

function traceBoundary(pixels: Rgb[], box: Box, thicknessPx: number): Rgb[] {
  return pixels.map((colour, index) => {
    const x = index % SIZE_PX;
    const y = Math.floor(index / SIZE_PX);
    const inner = {
      left: box.left + thicknessPx,
      top: box.top + thicknessPx,
      right: box.right - thicknessPx,
      bottom: box.bottom - thicknessPx,
    };
    return inside(box, x, y) && !inside(inner, x, y) ? BOUNDARY : colour;
  });
}

function inside(box: Box, x: number, y: number): boolean {
  return x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;
}

/** Encodes 8-bit RGB pixels, row by row, as a PNG file without filtering. */
function encodePng(pixels: Rgb[], widthPx: number, heightPx: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(widthPx, 0);
  header.writeUInt32BE(heightPx, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // colour type: RGB
  // Bytes 10 to 12 (compression, filter and interlace methods) stay 0.

  const raw = Buffer.alloc(heightPx * (1 + widthPx * 3));
  for (let y = 0; y < heightPx; y++) {
    const rowStart = y * (1 + widthPx * 3);
    raw[rowStart] = 0; // filter type: none
    for (let x = 0; x < widthPx; x++) {
      const colour = pixels[y * widthPx + x] ?? [0, 0, 0];
      raw.set(colour, rowStart + 1 + x * 3);
    }
  }

  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(typeAndData), 0);
  return Buffer.concat([length, typeAndData, checksum]);
}

const clean = drawLot();
const annotated = traceBoundary(clean, LOT, 2);
const folder = new URL('./', import.meta.url);
writeFileSync(new URL('clean.png', folder), encodePng(clean, SIZE_PX, SIZE_PX));
writeFileSync(new URL('annotated.png', folder), encodePng(annotated, SIZE_PX, SIZE_PX));
