// Reports the JavaScript the citizen site's first page loads, gzipped, and fails the build
// above the budget (80 KB): the site must stay usable on a small phone over a slow connection.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 80 * 1024;
const dist = 'dist/citizen';
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const scripts = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\.?\/([^"]+\.js)"/g)].map((m) => m[1]);
let total = 0;
for (const file of scripts) {
  const size = gzipSync(readFileSync(join(dist, file))).length;
  total += size;
  console.log(`  ${file}: ${(size / 1024).toFixed(1)} KB gzip`);
}
console.log(`Situs warga, halaman pertama: ${(total / 1024).toFixed(1)} KB JavaScript (gzip), anggaran 80 KB`);
if (scripts.length === 0 || total > BUDGET) {
  console.error(scripts.length === 0 ? 'Tidak ada skrip yang ditemukan' : 'Melebihi anggaran JavaScript');
  process.exit(1);
}
