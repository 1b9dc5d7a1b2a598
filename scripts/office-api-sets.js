#!/usr/bin/env node
/*
 * Writes test/manifest/office-api-sets.json: the requirement set of every Office.js member the add-in uses, or is
 * about to use, taken from Microsoft's API reference (the repository OfficeDev/office-js-docs-reference, YAML
 * under docs/docs-ref-autogen/). test/manifest/api-requirements.test.ts checks the code against that table and
 * the manifest; it needs neither the network nor the reference.
 *
 *   git clone https://github.com/OfficeDev/office-js-docs-reference   (or any copy of its git directory)
 *   node scripts/office-api-sets.js <path to that clone or its .git directory>
 *
 * Which members: every member of every interface/namespace the code uses (found as the test finds them,
 * test/manifest/office-api.ts), plus the whole interfaces in UPCOMING below, so that the table holds members
 * a change is likely to add without regenerating it.
 *
 * A member's set, first match wins:
 *   1. the set named in its own summary/remarks: "[API set: ExcelApi 1.9]", "**Requirement set**: [DialogApi 1.2]",
 *      "**Requirement sets**:" followed by "- [DialogApi]" lines (a set without version is its first, x.1;
 *      "- If … is used, [DialogOrigin 1.1]" lines are conditions, not requirements). Outlook's Mailbox sets are
 *      left out when another set is named; a member with only Mailbox sets is "Outlook only (Mailbox x)";
 *   2. (Excel) the first versioned reference it appears in: docs/docs-ref-autogen/excel_1_N → ExcelApi 1.N
 *      (load, toJSON, track, Excel.run: the reference names no set for them);
 *   3. the set named by its interface (Office.Dialog.close → DialogApi 1.1);
 *   4. none: a Common API member every Office application has (Office.onReady), or add-in commands, which
 *      have no requirement set in their initial release (see the add-in commands requirement sets page).
 * A set qualified in the text ("ExcelApi 1.2 for options; 1.7 for password") counts at its highest version, the
 * text kept as "note". Overloads with different sets: the highest.
 */
"use strict";

const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const ts = require("typescript");

const ROOT = path.resolve(__dirname, "..");
const OUT = path.join(ROOT, "test", "manifest", "office-api-sets.json");
const AUTOGEN = "docs/docs-ref-autogen";
const EXCEL_VERSIONS = 21; // excel_1_1 … excel_1_21 in the reference

/** Interfaces (or namespaces) to include whole although the code does not use them yet. */
const UPCOMING = [
  // Page layout (ExcelApi 1.9): worksheet.pageLayout.*, headersFooters, setPrintTitleRows, margins, zoom.
  "Excel.PageLayout",
  "Excel.HeaderFooterGroup",
  "Excel.HeaderFooter",
  "Excel.PageLayoutMarginOptions",
  "Excel.PageLayoutZoomOptions",
  // Data bars (ExcelApi 1.6).
  "Excel.DataBarConditionalFormat",
  "Excel.ConditionalDataBarPositiveFormat",
  "Excel.ConditionalDataBarNegativeFormat",
  "Excel.ConditionalDataBarRule",
  // Styles: format.autofitRows, wrapText, alignment (1.2), fill, borders, font.
  "Excel.RangeFormat",
  "Excel.RangeFill",
  "Excel.RangeFont",
  "Excel.RangeBorder",
  "Excel.RangeBorderCollection",
  // Range.columnHidden, formulasR1C1 (1.2), getMergedAreasOrNullObject (1.13); Worksheet.name (rename);
  // Workbook.protection (1.7); Excel.createWorkbook (1.8).
  "Excel.Range",
  "Excel.Worksheet",
  "Excel.Workbook",
  "Excel.WorkbookProtection",
  "Excel",
];

/** Members the reference does not list (namespace variables), with what they are. */
const UNLISTED = {
  "Office.context": "the namespace variable holding Office.Context (Common API; no requirement set)",
  "Office.actions": "the namespace variable holding Office.Actions (Common API; no requirement set)",
};

function usage() {
  console.error("usage: node scripts/office-api-sets.js <clone of OfficeDev/office-js-docs-reference, or its git directory>");
  process.exit(2);
}

// --- the reference, read with git (works on a bare mirror as on a clone) -------------------------------------

const gitDir = process.argv[2] || usage();
const git = (...args) => execFileSync("git", ["-C", gitDir, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
const commit = git("rev-parse", "HEAD").trim();
const committed = git("log", "-1", "--format=%cI", commit).trim();
const files = new Set(git("ls-tree", "-r", "--name-only", commit, AUTOGEN).split("\n"));
const show = (file) => (files.has(file) ? git("show", `${commit}:${file}`) : undefined);

/** "Excel.Range" → its YAML page in a reference folder ("excel", "excel_1_9", "office"); "Excel" → the namespace page. */
function page(folder, owner) {
  const pkg = folder.replace(/_.*/, "");
  return owner.includes(".") ? `${AUTOGEN}/${folder}/${pkg}/${owner.toLowerCase()}.yml` : `${AUTOGEN}/${folder}/${pkg}.yml`;
}

/** uid → the member's name as TypeScript's checker prints it: "excel!Excel.Range#load:member(2)" → "Excel.Range.load". */
function memberName(uid) {
  const m = /^[a-z-]+!([^:]+):(member|function)/.exec(uid);
  return m && m[1].replace("#", ".");
}

/**
 * A YAML page as { head, items }: head is the page's own summary and remarks, items each member's uid and its
 * summary + remarks (the raw text from "summary:" to "isPreview:", enough to find the set links in).
 */
function parsePage(text) {
  const lines = text.split("\n");
  const textBetween = (from, indent) => {
    const out = [];
    let on = false;
    for (let i = from; i < lines.length; i++) {
      const l = lines[i];
      if (l.startsWith(`${indent}summary:`)) on = true;
      if (l.startsWith(`${indent}isPreview:`) || (i > from && l.startsWith(`${indent.slice(2)}- name:`))) break;
      if (on) out.push(l);
    }
    return out.join("\n");
  };
  const items = [];
  lines.forEach((l, i) => {
    const uid = /^    uid: (.+)$/.exec(l);
    if (uid && lines[i - 1].startsWith("  - name:")) items.push({ uid: uid[1].trim(), text: textBetween(i, "    ") });
  });
  return { head: textBetween(0, ""), items };
}

const versioned = (set) => (/ \d+\.\d+$/.test(set) ? set : `${set} 1.1`);

/**
 * "ExcelApi 1.2 for options; 1.7 for password" → { set: "ExcelApi 1.7", note: <the text> }: a qualified set is
 * taken at its highest version (the test cannot tell which use the code makes). Without a version ("ExcelApi
 * BETA (PREVIEW ONLY)") the text is kept as the set, which no manifest declares.
 */
function normalize(text) {
  const clean = text.replace(/<!-- -->/g, "").trim();
  const name = /^\S+/.exec(clean)[0];
  const versions = [...clean.matchAll(/\b\d+\.\d+\b/g)].map((m) => `${name} ${m[0]}`);
  if (versions.length === 0 || name === "Outlook") return { set: clean };
  const set = highest(versions);
  return set === clean ? { set } : { set, note: clean };
}

/** The sets a summary/remarks text names (see the header), or undefined when it names none. */
function setsIn(text) {
  const found = [];
  for (const m of text.matchAll(/\[API set: ([^\]]+)\]/g)) found.push(m[1].trim());
  for (const line of text.split("\n")) {
    const m = /^\s*(?:\*\*Requirement sets?\*\*:\s*)?(?:-\s*)?\[([A-Za-z]+(?: \d+\.\d+)?)\]\([^)]*requirement-sets/.exec(line);
    if (m) found.push(versioned(m[1]));
  }
  if (found.length === 0) return undefined;
  const other = found.filter((s) => !s.startsWith("Mailbox"));
  return other.length ? other : [`Outlook only (${found.join(", ")})`];
}

const ADDIN_COMMANDS = /add-in-commands-requirement-sets/;

function compareSets(a, b) {
  const va = /^(\S+) (\d+)\.(\d+)$/.exec(a);
  const vb = /^(\S+) (\d+)\.(\d+)$/.exec(b);
  if (!va || !vb || va[1] !== vb[1]) return a < b ? -1 : a > b ? 1 : 0;
  return Number(va[2]) - Number(vb[2]) || Number(va[3]) - Number(vb[3]);
}
const highest = (sets) => [...sets].sort(compareSets).pop();

/** Every member of one interface/namespace page, with its set. */
function membersOf(owner) {
  const pkg = owner.split(".")[0].toLowerCase();
  const text = show(page(pkg, owner));
  if (!text) throw new Error(`${owner}: no page ${page(pkg, owner)} in the reference`);
  const { head, items } = parsePage(text);
  const ownerSets = setsIn(head);
  const firstVersion = new Map(); // member → N of the first excel_1_N page listing it
  if (pkg === "excel") {
    for (let n = EXCEL_VERSIONS; n >= 1; n--) {
      for (const { uid } of parsePage(show(page(`excel_1_${n}`, owner)) ?? "").items) {
        const name = memberName(uid);
        if (name) firstVersion.set(name, n);
      }
    }
  }
  const out = new Map();
  for (const { uid, text: itemText } of items) {
    const name = memberName(uid);
    if (!name) continue; // constructors
    let entry;
    const own = setsIn(itemText);
    const strongest = (sets) => sets.map(normalize).reduce((a, b) => (compareSets(a.set, b.set) >= 0 ? a : b));
    if (own) entry = { ...strongest(own), from: "member" };
    else if (firstVersion.has(name)) entry = { set: `ExcelApi 1.${firstVersion.get(name)}`, from: `excel_1_${firstVersion.get(name)}` };
    else if (ownerSets) entry = { ...strongest(ownerSets), from: owner };
    else if (ADDIN_COMMANDS.test(itemText) || ADDIN_COMMANDS.test(head)) entry = { set: null, from: "add-in commands" };
    else entry = { set: null, from: "none" };
    const previous = out.get(name);
    if (previous && previous.set !== entry.set) {
      console.warn(`${name}: overloads in ${previous.set} and ${entry.set}; keeping the higher`);
      if (compareSets(previous.set ?? "", entry.set ?? "") > 0) continue;
    }
    out.set(name, entry);
  }
  return out;
}

// --- what the code uses (test/manifest/office-api.ts, compiled on the fly) ------------------------------------

function requireTs(file) {
  const previous = require.extensions[".ts"];
  require.extensions[".ts"] = (module, filename) => {
    const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true };
    module._compile(ts.transpileModule(fs.readFileSync(filename, "utf8"), { fileName: filename, compilerOptions }).outputText, filename);
  };
  try {
    return require(file);
  } finally {
    require.extensions[".ts"] = previous;
  }
}

const { officeApiUsage } = requireTs(path.join(ROOT, "test", "manifest", "office-api.ts"));
const used = officeApiUsage(ROOT);
if (used.problems.length) {
  console.error(`the code's Office.js use cannot be read reliably:\n${used.problems.join("\n")}`);
  process.exit(1);
}
const ownerOf = (member) => member.slice(0, member.lastIndexOf("."));
const owners = new Set([...UPCOMING, ...[...used.members.keys()].map(ownerOf)]);

const members = {};
for (const owner of [...owners].sort()) for (const [name, entry] of membersOf(owner)) members[name] = entry;
for (const [name, note] of Object.entries(UNLISTED)) members[name] = { set: null, from: note };

const missing = [...used.members.keys()].filter((m) => !(m in members));
if (missing.length) {
  console.error(`not found in the reference (add them to UNLISTED with what they are, if that is right):\n${missing.join("\n")}`);
  process.exit(1);
}

// One member a line, so that a regenerated table diffs readably.
const sorted = Object.keys(members).sort();
const json = [
  "{",
  `  "source": ${JSON.stringify({ repository: "OfficeDev/office-js-docs-reference", commit, committed, pages: `${AUTOGEN}/{excel,excel_1_N,office}` })},`,
  `  "generatedBy": "node scripts/office-api-sets.js <clone of OfficeDev/office-js-docs-reference>",`,
  `  "members": {`,
  sorted.map((name, i) => `    ${JSON.stringify(name)}: ${JSON.stringify(members[name])}${i < sorted.length - 1 ? "," : ""}`).join("\n"),
  "  }",
  "}",
  "",
].join("\n");
fs.writeFileSync(OUT, json);
console.log(`${path.relative(ROOT, OUT)}: ${sorted.length} members of ${owners.size} interfaces/namespaces (${used.members.size} used), from ${commit}`);
