// require() of every published entry point (Node ≥ 20.19 / 22.12 load ES modules through require).
const assert = require('node:assert/strict');

const entries = JSON.parse(process.argv[2]);
for (const entry of entries) {
  const exported = require(entry);
  assert.ok(Object.keys(exported).length > 0, `${entry} exports nothing`);
  console.log(`require('${entry}'): ${Object.keys(exported).length} exports`);
}
