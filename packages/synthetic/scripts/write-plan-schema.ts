// Writes schema/plan.schema.json from the TypeBox definition (src/plan/plan-schema.ts). Run: pnpm schema
import { writeFileSync } from 'node:fs';
import { planJsonSchema } from '../src/plan/plan-schema.js';

const target = new URL('../schema/plan.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(planJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
