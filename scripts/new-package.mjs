#!/usr/bin/env node
// Scaffolds a package under packages/<name>: package.json, tsconfig, tsup and vitest configs,
// typedoc.json, README, LICENSE (the root's) and src/index.ts. Usage:
//   node scripts/new-package.mjs <name> "<description>" [--node-subpath] [--platform node|neutral]
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [name, description, ...flags] = process.argv.slice(2);
if (!name || !description) {
  console.error(
    'usage: node scripts/new-package.mjs <name> "<description>" [--node-subpath] [--platform node|neutral]',
  );
  process.exit(2);
}
const nodeSubpath = flags.includes('--node-subpath');
const platformIndex = flags.indexOf('--platform');
const platform = platformIndex >= 0 ? flags[platformIndex + 1] : 'neutral';
const dir = join('packages', name);
if (existsSync(dir)) {
  console.error(`${dir} exists already`);
  process.exit(1);
}
mkdirSync(join(dir, 'src'), { recursive: true });

const entry = (source, out) => ({
  '@tsc/source': source,
  types: `./dist/${out}.d.ts`,
  default: `./dist/${out}.js`,
});
const exportsMap = { '.': entry('./src/index.ts', 'index') };
if (nodeSubpath) exportsMap['./node'] = entry('./src/node/index.ts', 'node');
exportsMap['./package.json'] = './package.json';

const packageJson = {
  name: `@tsc/${name}`,
  version: '0.0.0',
  description,
  license: 'MIT',
  type: 'module',
  sideEffects: false,
  exports: exportsMap,
  files: ['dist', 'LICENSE'],
  engines: { node: '^20.19.0 || >=22.12.0' },
  repository: { type: 'git', url: 'git+https://github.com/tsc-imu/tsc.git', directory: `packages/${name}` },
  publishConfig: { access: 'public', provenance: true },
  scripts: {
    build: 'tsup',
    typecheck: 'tsc --noEmit',
    test: 'vitest run',
  },
  dependencies: {},
  devDependencies: {
    '@tsc/errors': 'workspace:*',
    '@tsc/fixtures': 'workspace:*',
    '@tsc/tsconfig': 'workspace:*',
    '@tsc/tsup-config': 'workspace:*',
  },
};
const write = (file, text) => writeFileSync(join(dir, file), text);
write('package.json', `${JSON.stringify(packageJson, null, 2)}\n`);
write(
  'tsconfig.json',
  `${JSON.stringify({ extends: '@tsc/tsconfig/base.json', include: ['src', 'bench'] }, null, 2)}\n`,
);
const entries = nodeSubpath ? `{ index: 'src/index.ts', node: 'src/node/index.ts' }` : `{ index: 'src/index.ts' }`;
write(
  'tsup.config.ts',
  `import { createTsupConfig } from '@tsc/tsup-config';\n\nexport default createTsupConfig({ entry: ${entries}, platform: '${platform}' });\n`,
);
write(
  'vitest.config.ts',
  `import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({\n  resolve: { conditions: ['@tsc/source'] },\n  ssr: { resolve: { conditions: ['@tsc/source'] } },\n  test: { include: ['src/**/*.test.ts'], testTimeout: 60_000 },\n});\n`,
);
const typedocEntries = nodeSubpath ? ['src/index.ts', 'src/node/index.ts'] : ['src/index.ts'];
write(
  'typedoc.json',
  `${JSON.stringify(
    {
      $schema: 'https://typedoc.org/schema.json',
      entryPoints: typedocEntries,
      readme: 'README.md',
      sourceLinkTemplate: `https://github.com/tsc-imu/tsc/blob/{gitRevision}/packages/${name}/src/{path}#L{line}`,
    },
    null,
    2,
  )}\n`,
);
write('src/index.ts', `export { TscError } from '@tsc/errors';\n`);
if (nodeSubpath) {
  mkdirSync(join(dir, 'src', 'node'), { recursive: true });
  write('src/node/index.ts', `export {};\n`);
}
write('README.md', `# @tsc/${name}\n\n${description}\n\n## Install\n\n\`\`\`sh\nnpm install @tsc/${name}\n\`\`\`\n`);
copyFileSync('LICENSE', join(dir, 'LICENSE'));
console.log(`created ${dir}`);
