import { createTsupConfig } from '@tsc/tsup-config';

// The two platform codec modules are entries of their own: `#platform-codecs` stays an import in
// dist/ and the package's `imports` map picks one per runtime (Node or a bundler's browser build).
export default createTsupConfig({
  entry: {
    index: 'src/index.ts',
    node: 'src/node/index.ts',
    'platform-codecs-node': 'src/platform/platform-codecs-node.ts',
    'platform-codecs-browser': 'src/platform/platform-codecs-browser.ts',
  },
  platform: 'neutral',
  external: ['#platform-codecs'],
});
