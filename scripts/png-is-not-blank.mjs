// Exits 1 unless the PNG at argv[2] is a real rendering: at least `minColours` distinct colours
// (a blank or single-colour page has one or two). Reads 8-bit RGB/RGBA PNGs, as Chromium writes.
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

const [file, minColours = '16'] = process.argv.slice(2);
const png = readFileSync(file);
if (png.toString('latin1', 1, 4) !== 'PNG') throw new Error(`${file} is not a PNG`);
let offset = 8;
let width = 0;
let height = 0;
let channels = 0;
const idat = [];
while (offset < png.length) {
  const length = png.readUInt32BE(offset);
  const type = png.toString('latin1', offset + 4, offset + 8);
  const data = png.subarray(offset + 8, offset + 8 + length);
  if (type === 'IHDR') {
    width = data.readUInt32BE(0);
    height = data.readUInt32BE(4);
    const [depth, colourType] = [data[8], data[9]];
    if (depth !== 8 || (colourType !== 2 && colourType !== 6)) {
      throw new Error(`${file}: only 8-bit RGB or RGBA PNGs are read`);
    }
    channels = colourType === 6 ? 4 : 3;
  }
  if (type === 'IDAT') idat.push(data);
  offset += 12 + length;
}
const raw = inflateSync(Buffer.concat(idat));
const stride = width * channels;
const pixels = Buffer.alloc(stride * height);
for (let y = 0; y < height; y++) {
  const filter = raw[y * (stride + 1)];
  const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
  for (let x = 0; x < stride; x++) {
    const left = x >= channels ? pixels[y * stride + x - channels] : 0;
    const up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
    const upLeft = y > 0 && x >= channels ? pixels[(y - 1) * stride + x - channels] : 0;
    const p = left + up - upLeft;
    const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
    const paeth = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
    const predictor = [0, left, up, (left + up) >> 1, paeth][filter];
    pixels[y * stride + x] = (row[x] + predictor) & 0xff;
  }
}
const colours = new Set();
for (let i = 0; i < pixels.length; i += channels) {
  colours.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
}
console.log(`${file}: ${width}x${height}, ${colours.size} colours`);
if (colours.size < Number(minColours)) process.exit(1);
