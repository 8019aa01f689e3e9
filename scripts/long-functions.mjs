#!/usr/bin/env node
// Lists the functions of the TypeScript sources (packages/*/src, examples/*/src, tooling/*/src; tests left out) that
// are longer than a limit (default 80 lines) and have no reason written above them: a comment line starting with
// `Long:` in the function's leading comment. `--all` lists the long ones with a reason too. Exit code 1 when any
// long function lacks a reason (so it can gate), 0 otherwise.
//
//   node scripts/long-functions.mjs [--limit 80] [--all]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const args = process.argv.slice(2);
const limit = Number(args.includes('--limit') ? args[args.indexOf('--limit') + 1] : 80);
const listAll = args.includes('--all');
const root = join(import.meta.dirname, '..');

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(name) && !/\.(test|test-d|test-helper)\.ts$/.test(name) && !name.endsWith('.d.ts'))
      yield path;
  }
}

function nameOf(node, source) {
  if (node.name !== undefined) return node.name.getText(source);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText(source);
  return '(anonymous)';
}

/** The comment text right above a function (or above the statement that declares it). */
function leadingComment(node, source) {
  let holder = node;
  while (
    holder.parent !== undefined &&
    !ts.isSourceFile(holder.parent) &&
    !ts.isBlock(holder.parent) &&
    !ts.isClassDeclaration(holder.parent) &&
    !ts.isModuleBlock(holder.parent)
  ) {
    if (
      ts.isVariableDeclaration(holder.parent) ||
      ts.isVariableDeclarationList(holder.parent) ||
      ts.isVariableStatement(holder.parent) ||
      ts.isExportAssignment(holder.parent)
    )
      holder = holder.parent;
    else break;
  }
  const ranges = ts.getLeadingCommentRanges(source.text, holder.getFullStart()) ?? [];
  return ranges.map((range) => source.text.slice(range.pos, range.end)).join('\n');
}

const found = [];
for (const area of ['packages', 'examples', 'tooling']) {
  for (const pkg of readdirSync(join(root, area))) {
    for (const folder of ['src', 'scripts', 'bench']) {
      const dir = join(root, area, pkg, folder);
      try {
        statSync(dir);
      } catch {
        continue;
      }
      for (const file of sourceFiles(dir)) {
        const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
        const visit = (node) => {
          if (ts.isFunctionLike(node) && node.body !== undefined) {
            const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
            const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
            const lines = end - start + 1;
            if (lines > limit) {
              const reason = /(^|\n)\s*(\/\/|\*)\s*Long:/.test(leadingComment(node, source));
              found.push({ file: relative(root, file), line: start + 1, name: nameOf(node, source), lines, reason });
            }
          }
          ts.forEachChild(node, visit);
        };
        visit(source);
      }
    }
  }
}
found.sort((a, b) => b.lines - a.lines);
const unexplained = found.filter((entry) => !entry.reason);
for (const entry of listAll ? found : unexplained) {
  console.log(
    `${String(entry.lines).padStart(4)}  ${entry.file}:${entry.line}  ${entry.name}${entry.reason ? '  (reason given)' : ''}`,
  );
}
console.log(`${found.length} function(s) over ${limit} lines, ${unexplained.length} without a reason written above`);
process.exit(unexplained.length > 0 ? 1 : 0);
