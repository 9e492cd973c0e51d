// Runs Ruff's WebAssembly build over every *.py file of a tree with the
// rules that overlap tmpguard's (S108 hardcoded temp path, S306 mktemp,
// SIM115 open without a context manager) and prints a JSON summary.
// Usage: node bench-checker.js TREE [--list] [--output FILE]
"use strict";
const fs = require("fs");
const path = require("path");
const { Workspace, PositionEncoding } = require("@astral-sh/ruff-wasm-nodejs");

const skip = new Set([".git", "__pycache__", "site-packages", "node_modules"]);

function walk(dir, out) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!skip.has(e.name)) walk(p, out);
    } else if (e.isFile() && e.name.endsWith(".py")) {
      out.push(p);
    }
  }
  return out;
}

const args = process.argv.slice(2);
const root = args[0];
const list = args.includes("--list");
const output = args.includes("--output") ? args[args.indexOf("--output") + 1] : "";
const ws = new Workspace({ lint: { select: ["S108", "S306", "SIM115"] } }, PositionEncoding.Utf32);
const counts = {};
const findings = [];
let files = 0, syntaxErrors = 0;
for (const file of walk(root, [])) {
  files++;
  const src = fs.readFileSync(file, "utf8");
  let diags;
  try {
    diags = ws.check(src);
  } catch (err) {
    syntaxErrors++;
    continue;
  }
  for (const d of diags) {
    if (!d.code || d.code === "invalid-syntax") { syntaxErrors++; continue; }
    counts[d.code] = (counts[d.code] || 0) + 1;
    if (list) findings.push(`${path.relative(root, file)}:${d.start_location.row}:${d.start_location.column}: ${d.code} ${d.message}`);
  }
}
const summary = { tool: "ruff-wasm " + Workspace.version(), files, counts, syntax_errors: syntaxErrors };
if (list) summary.findings = findings;
const text = JSON.stringify(summary, null, 1) + "\n";
if (output) fs.writeFileSync(output, text);
else process.stdout.write(text);
