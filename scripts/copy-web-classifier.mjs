#!/usr/bin/env node
// After typedoc: copies the built web classifier (examples/web-classifier/dist, from `pnpm build`) into
// site/web-classifier/, where the "Classify in the browser" guide links to it.
import { cpSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'examples', 'web-classifier', 'dist');
if (!existsSync(join(dist, 'index.html'))) {
  console.error(`${dist}/index.html: expected the built web classifier; run pnpm build first`);
  process.exit(1);
}
cpSync(dist, join(root, 'site', 'web-classifier'), { recursive: true });
console.log('copied the web classifier into site/web-classifier/');
