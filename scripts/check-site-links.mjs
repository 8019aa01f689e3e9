#!/usr/bin/env node
// Checks every link of the built docs site (`pnpm run docs` → site/): each relative link names a file of the site
// and, with a #fragment, an element id (or name) in it; each source link into this repository on GitHub
// (https://github.com/tsc-imu/tsc/blob/<rev>/<path>#L<line>) names a file of the repository and a line it has.
// Other web links are counted, not fetched. Usage: node scripts/check-site-links.mjs [site]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const site = resolve(process.argv[2] ?? join(root, 'site'));
const repositoryBlob = /^https:\/\/github\.com\/tsc-imu\/tsc\/blob\/[^/]+\/([^#]+)(?:#L(\d+))?$/;

function* htmlFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlFiles(path);
    else if (entry.name.endsWith('.html')) yield path;
  }
}

const decodeEntities = (text) =>
  text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e) => ({ amp: '&', lt: '<', gt: '>', quot: '"' })[e] ?? "'");

const idCache = new Map();
/** The element ids and names of an HTML file. */
function anchorsOf(file) {
  let ids = idCache.get(file);
  if (ids === undefined) {
    const html = readFileSync(file, 'utf8');
    ids = new Set([...html.matchAll(/\s(?:id|name)="([^"]*)"/g)].map((m) => decodeEntities(m[1])));
    idCache.set(file, ids);
  }
  return ids;
}

const lineCounts = new Map();
function lineCount(file) {
  if (!lineCounts.has(file)) lineCounts.set(file, readFileSync(file, 'utf8').split('\n').length);
  return lineCounts.get(file);
}

/** What is wrong with `href` on page `page`, or undefined. */
function problem(page, href) {
  // URL parsing resolves the ../ segments of links into the repository, as a browser does
  const blob = repositoryBlob.exec(/^https:\/\//.test(href) ? new URL(href).href : href);
  if (blob) {
    const file = join(root, decodeURIComponent(blob[1]));
    if (!file.startsWith(`${root}/`) || !existsSync(file) || !statSync(file).isFile())
      return 'no such file in the repository';
    if (blob[2] !== undefined && Number(blob[2]) > lineCount(file)) return `the file has ${lineCount(file)} lines`;
    return undefined;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return undefined; // other web links: not fetched
  const [pathPart, fragment] = href.split('#', 2);
  const target = pathPart === '' ? page : resolve(dirname(page), decodeURIComponent(pathPart.split('?')[0]));
  if (!target.startsWith(site) || !existsSync(target)) return 'no such file in the site';
  if (fragment === undefined || fragment === '' || !target.endsWith('.html')) return undefined;
  return anchorsOf(target).has(decodeURIComponent(fragment)) ? undefined : 'no such anchor';
}

let links = 0;
let external = 0;
const broken = [];
for (const page of htmlFiles(site)) {
  const html = readFileSync(page, 'utf8');
  for (const match of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
    const href = decodeEntities(match[1]);
    links++;
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) && !repositoryBlob.test(href)) external++;
    const reason = problem(page, href);
    if (reason !== undefined) broken.push(`${relative(site, page)}: ${href} (${reason})`);
  }
}
const unique = [...new Set(broken)];
console.log(`${links} links checked (${external} other web links not fetched), ${unique.length} broken`);
for (const line of unique.slice(0, 40)) console.log(`  ${line}`);
if (unique.length > 40) console.log(`  … and ${unique.length - 40} more`);
process.exit(unique.length === 0 ? 0 : 1);
