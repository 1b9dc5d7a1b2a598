/*
 * Checks manifest.xml (the add-in-only XML manifest) without the network: `npm run validate`
 * (office-addin-manifest validate) posts the file to Microsoft's validation service and fails offline, so this
 * test covers what we can check locally:
 *   - well-formed XML (a small strict parser below) and readable by office-addin-manifest itself;
 *   - element order as the XSD sequences require (OfficeAppManifestV1_1, TaskPaneAppVersionOverridesV1_0,
 *     OfficeAppBasicTypesV1_0);
 *   - every resid referenced is defined with the right resource kind, every defined resid is used;
 *   - every URL is https; the pages and icons behind them exist, icons with the declared pixel size;
 *   - the 分工表 tab with its four buttons, the ExcelApi ≥ 1.13 requirement, Chinese strings.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { execFileSync } from "child_process";
import type { ManifestInfo } from "office-addin-manifest";

const ROOT = path.resolve(__dirname, "..", "..");
const MANIFEST_PATH = path.join(ROOT, "manifest.xml");
const DEV_ORIGIN = "https://localhost:3000/";

const NS = {
  officeApp: "http://schemas.microsoft.com/office/appforoffice/1.1",
  overrides: "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
  basicTypes: "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
};

// =========================================================================================================
// A small strict XML 1.0 parser (no DTDs): enough to prove well-formedness and to keep element order.

interface XmlAttr {
  name: string;
  value: string;
  line: number;
}

interface XmlElement {
  name: string; // qualified name as written, e.g. "bt:Image"
  local: string; // local part, e.g. "Image"
  ns: string | null; // resolved namespace URI
  attrs: XmlAttr[];
  children: XmlElement[];
  text: string; // concatenated character data directly inside this element (entities decoded)
  line: number;
  parent: XmlElement | null;
  nsScope: Map<string, string>; // prefix ("" = default) → URI, in scope for this element
}

class XmlError extends Error {}

const NAME_START = "A-Za-z_:\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD";
const NAME_RE = new RegExp(`[${NAME_START}][${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*`, "y");

function parseXml(source: string): XmlElement {
  let src = source;
  if (src.charCodeAt(0) === 0xfeff) src = src.slice(1);
  // XML Char production: no C0 controls except tab, LF, CR; no lone surrogates; no U+FFFE/U+FFFF.
  const bad = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(src);
  if (bad) throw new XmlError(`illegal character U+${bad[0].charCodeAt(0).toString(16)} at offset ${bad.index}`);

  let pos = 0;
  const lineAt = (p: number): number => src.slice(0, p).split("\n").length;
  const fail = (msg: string, p = pos): never => {
    throw new XmlError(`${msg} (line ${lineAt(p)})`);
  };
  const startsWith = (s: string): boolean => src.startsWith(s, pos);
  const skipSpace = (): boolean => {
    const start = pos;
    while (pos < src.length && " \t\r\n".includes(src[pos])) pos++;
    return pos > start;
  };
  const readName = (): string => {
    NAME_RE.lastIndex = pos;
    const m = NAME_RE.exec(src);
    if (!m) return fail("expected a name");
    pos += m[0].length;
    return m[0];
  };
  const decode = (raw: string, at: number): string =>
    raw.replace(/&([^;]*);|&/g, (whole: string, ref: string | undefined) => {
      if (ref === undefined) return fail("bare '&' (use &amp;)", at);
      const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
      if (ref in named) return named[ref];
      const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref);
      if (!m) return fail(`unknown entity &${ref};`, at);
      const cp = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2], 10);
      const ok = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
      if (!ok) return fail(`character reference &${ref}; is not a legal XML character`, at);
      return String.fromCodePoint(cp);
    });
  const skipComment = (): void => {
    const end = src.indexOf("-->", pos + 4);
    if (end < 0) fail("unterminated comment");
    if (src.slice(pos + 4, end).includes("--") || src[end - 1] === "-") fail("'--' inside a comment");
    pos = end + 3;
  };
  const skipPI = (): void => {
    pos += 2;
    const target = readName();
    if (target.toLowerCase() === "xml") fail("XML declaration not at the start of the document");
    const end = src.indexOf("?>", pos);
    if (end < 0) fail("unterminated processing instruction");
    pos = end + 2;
  };
  const skipMisc = (): void => {
    for (;;) {
      skipSpace();
      if (startsWith("<!--")) skipComment();
      else if (startsWith("<?")) skipPI();
      else return;
    }
  };

  // XML declaration
  if (startsWith("<?xml") && " \t\r\n?".includes(src[5] ?? "")) {
    const end = src.indexOf("?>");
    if (end < 0) fail("unterminated XML declaration");
    const decl = src.slice(5, end);
    if (!/^\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*$/.test(decl)) {
      fail("malformed XML declaration");
    }
    pos = end + 2;
  }
  skipMisc();
  if (startsWith("<!DOCTYPE")) fail("DOCTYPE is not expected in a manifest");
  if (!startsWith("<")) fail("expected the root element");

  const parseElement = (parent: XmlElement | null): XmlElement => {
    const start = pos;
    pos++; // "<"
    const name = readName();
    const attrs: XmlAttr[] = [];
    for (;;) {
      const hadSpace = skipSpace();
      if (startsWith("/>") || startsWith(">")) break;
      if (!hadSpace) fail(`expected whitespace before attribute in <${name}>`);
      const attrPos = pos;
      const attrName = readName();
      skipSpace();
      if (src[pos] !== "=") fail(`expected '=' after attribute ${attrName}`);
      pos++;
      skipSpace();
      const quote = src[pos];
      if (quote !== '"' && quote !== "'") fail(`attribute ${attrName} must be quoted`);
      const end = src.indexOf(quote, pos + 1);
      if (end < 0) fail(`unterminated value of attribute ${attrName}`);
      const raw = src.slice(pos + 1, end);
      if (raw.includes("<")) fail(`'<' in value of attribute ${attrName}`);
      if (attrs.some((a) => a.name === attrName)) fail(`duplicate attribute ${attrName} in <${name}>`, attrPos);
      // Attribute-value normalisation for whitespace characters.
      attrs.push({ name: attrName, value: decode(raw, pos).replace(/[\t\n\r]/g, " "), line: lineAt(attrPos) });
      pos = end + 1;
    }

    const nsScope = new Map(parent ? parent.nsScope : [["xml", "http://www.w3.org/XML/1998/namespace"]]);
    for (const a of attrs) {
      if (a.name === "xmlns") nsScope.set("", a.value);
      else if (a.name.startsWith("xmlns:")) {
        if (a.value === "") fail(`empty namespace for prefix ${a.name.slice(6)}`);
        nsScope.set(a.name.slice(6), a.value);
      }
    }
    const split = (qname: string): { prefix: string; local: string } => {
      const parts = qname.split(":");
      if (parts.length > 2 || parts.some((p) => p === "")) fail(`malformed qualified name ${qname}`);
      if (parts.length === 1) return { prefix: "", local: parts[0] };
      if (parts[0] !== "xmlns" && !nsScope.has(parts[0])) fail(`undeclared namespace prefix in ${qname}`);
      return { prefix: parts[0], local: parts[1] };
    };
    const { prefix, local } = split(name);
    for (const a of attrs) split(a.name);
    const expanded = attrs
      .filter((a) => a.name.includes(":") && !a.name.startsWith("xmlns:"))
      .map((a) => `${nsScope.get(a.name.split(":")[0])}|${a.name.split(":")[1]}`);
    if (new Set(expanded).size !== expanded.length) fail(`two attributes with the same expanded name in <${name}>`);

    const el: XmlElement = {
      name,
      local,
      ns: nsScope.get(prefix) ?? null,
      attrs,
      children: [],
      text: "",
      line: lineAt(start),
      parent,
      nsScope,
    };
    if (startsWith("/>")) {
      pos += 2;
      return el;
    }
    pos++; // ">"

    for (;;) {
      if (pos >= src.length) fail(`<${name}> is not closed`, start);
      if (startsWith("</")) {
        pos += 2;
        const closing = readName();
        if (closing !== name) fail(`</${closing}> does not match <${name}> from line ${el.line}`);
        skipSpace();
        if (src[pos] !== ">") fail(`expected '>' to close </${closing}>`);
        pos++;
        return el;
      }
      if (startsWith("<!--")) skipComment();
      else if (startsWith("<![CDATA[")) {
        const end = src.indexOf("]]>", pos);
        if (end < 0) fail("unterminated CDATA section");
        el.text += src.slice(pos + 9, end);
        pos = end + 3;
      } else if (startsWith("<?")) skipPI();
      else if (startsWith("<!")) fail("unexpected markup declaration inside an element");
      else if (startsWith("<")) el.children.push(parseElement(el));
      else {
        const next = src.indexOf("<", pos);
        const end = next < 0 ? src.length : next;
        const raw = src.slice(pos, end);
        if (raw.includes("]]>")) fail("']]>' in character data");
        el.text += decode(raw, pos);
        pos = end;
      }
    }
  };

  const root = parseElement(null);
  skipMisc();
  if (pos !== src.length) fail("content after the root element");
  return root;
}

// =========================================================================================================
// Helpers over the parsed tree

function attr(el: XmlElement, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

/** xsi:type, whatever prefix the document binds to the XMLSchema-instance namespace. */
function xsiType(el: XmlElement): string | undefined {
  for (const a of el.attrs) {
    const [prefix, local] = a.name.split(":");
    if (local === "type" && el.nsScope.get(prefix) === NS.xsi) return a.value;
  }
  return undefined;
}

function walk(el: XmlElement, visit: (e: XmlElement) => void): void {
  visit(el);
  for (const c of el.children) walk(c, visit);
}

function all(el: XmlElement, pred: (e: XmlElement) => boolean): XmlElement[] {
  const out: XmlElement[] = [];
  walk(el, (e) => {
    if (pred(e)) out.push(e);
  });
  return out;
}

function child(el: XmlElement, local: string): XmlElement {
  const found = el.children.filter((c) => c.local === local);
  if (found.length !== 1) throw new Error(`<${el.name}> (line ${el.line}) has ${found.length} <${local}> children, expected 1`);
  return found[0];
}

function where(el: XmlElement): string {
  const chain: string[] = [];
  for (let e: XmlElement | null = el; e; e = e.parent) chain.unshift(e.local);
  return `${chain.join("/")} (line ${el.line})`;
}

const hasChinese = (s: string): boolean => /[\u3400-\u9fff]/.test(s);

// =========================================================================================================
// Schema facts (from the XSD <xs:sequence>s). Each entry: the allowed children of an element, as ranks in
// the order they must appear; names in the same rank may interleave. REPEATABLE children may occur more than once.

const TOP_LEVEL_ORDER = [
  "Id",
  "AlternateId",
  "Version",
  "ProviderName",
  "DefaultLocale",
  "DisplayName",
  "Description",
  "IconUrl",
  "HighResolutionIconUrl",
  "SupportUrl",
  "AppDomains",
  "Hosts",
  "Requirements",
  "DefaultSettings",
  "Permissions",
  "Dictionary",
  "VersionOverrides",
];

/** What the brief requires this manifest to contain at top level, in this order. */
/** What this manifest must contain at top level, in this order: all of the schema's order but the two optional ones. */
const TOP_LEVEL_REQUIRED = TOP_LEVEL_ORDER.filter((n) => n !== "AlternateId" && n !== "Dictionary");

const ORDER: Record<string, string[][]> = {
  OfficeApp: TOP_LEVEL_ORDER.map((n) => [n]),
  DisplayName: [["Override"]],
  Description: [["Override"]],
  IconUrl: [["Override"]],
  HighResolutionIconUrl: [["Override"]],
  SupportUrl: [["Override"]],
  AppDomains: [["AppDomain"]],
  Hosts: [["Host"]],
  Requirements: [["Sets"], ["Methods"]],
  Sets: [["Set"]],
  Methods: [["Method"]],
  DefaultSettings: [["SourceLocation"]],
  SourceLocation: [["Override"]],
  VersionOverrides: [["Description"], ["Requirements"], ["Hosts"], ["Resources"], ["WebApplicationInfo"], ["EquivalentAddins"]],
  Host: [["DesktopFormFactor"]],
  DesktopFormFactor: [["GetStarted"], ["FunctionFile"], ["ExtensionPoint"]],
  GetStarted: [["Title"], ["Description"], ["LearnMoreUrl"]],
  "ExtensionPoint:PrimaryCommandSurface": [["OfficeTab"], ["CustomTab"]],
  CustomTab: [["Group", "OfficeGroup"], ["Label"], ["InsertAfter", "InsertBefore"]],
  Group: [["Label"], ["Icon"], ["Control", "OfficeControl"], ["OverriddenByRibbonApi"]],
  "Control:Button": [["Label"], ["Supertip"], ["Icon"], ["Action"]],
  Supertip: [["Title"], ["Description"]],
  Icon: [["Image"]],
  "Action:ShowTaskpane": [["TaskpaneId"], ["SourceLocation"], ["Title"]],
  "Action:ExecuteFunction": [["FunctionName"]],
  Resources: [["Images"], ["Urls"], ["ShortStrings"], ["LongStrings"]],
  Images: [["Image"]],
  Urls: [["Url"]],
  ShortStrings: [["String"]],
  LongStrings: [["String"]],
  Image: [["Override"]],
  Url: [["Override"]],
  String: [["Override"]],
};

const REPEATABLE = new Set([
  "Override",
  "AppDomain",
  "Host",
  "Set",
  "Method",
  "ExtensionPoint",
  "OfficeTab",
  "CustomTab",
  "Group",
  "OfficeGroup",
  "Control",
  "OfficeControl",
  "Image",
  "Url",
  "String",
]);

function orderKey(el: XmlElement): string {
  const t = xsiType(el);
  return t && (el.local === "ExtensionPoint" || el.local === "Control" || el.local === "Action") ? `${el.local}:${t}` : el.local;
}

/** Problems with the order/placement of el's children, per ORDER. */
function orderProblems(el: XmlElement): string[] {
  if (el.children.length === 0) return [];
  const ranks = ORDER[orderKey(el)];
  if (!ranks) return [`no schema order known for <${el.name}> with children at ${where(el)}`];
  const problems: string[] = [];
  let lastRank = -1;
  const seen = new Set<string>();
  for (const c of el.children) {
    const rank = ranks.findIndex((names) => names.includes(c.local));
    if (rank < 0) problems.push(`<${c.name}> is not a valid child of <${el.name}> at ${where(c)}`);
    else if (rank < lastRank) problems.push(`<${c.name}> is out of order in <${el.name}> at ${where(c)}`);
    else if (seen.has(c.local) && !REPEATABLE.has(c.local)) problems.push(`<${c.name}> repeated in <${el.name}> at ${where(c)}`);
    lastRank = Math.max(lastRank, rank);
    seen.add(c.local);
  }
  return problems;
}

// =========================================================================================================
// PNG reading: signature, chunk CRCs, IHDR, and that IDAT inflates to the size IHDR implies.

// zlib.crc32 (Node ≥ 20.15) is the PNG chunk CRC.
const crc32 = (buf: Buffer): number => zlib.crc32(buf);

interface PngInfo {
  width: number;
  height: number;
}

function readPng(file: string): PngInfo {
  const buf = fs.readFileSync(file);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buf.length < 33 || !buf.subarray(0, 8).equals(signature)) throw new Error(`${file}: not a PNG file`);
  let pos = 8;
  let ihdr: { width: number; height: number; bitDepth: number; colorType: number; interlace: number } | undefined;
  const idat: Buffer[] = [];
  let sawEnd = false;
  while (pos < buf.length) {
    if (pos + 12 > buf.length) throw new Error(`${file}: truncated chunk at ${pos}`);
    const len = buf.readUInt32BE(pos);
    const type = buf.toString("latin1", pos + 4, pos + 8);
    if (pos + 12 + len > buf.length) throw new Error(`${file}: truncated ${type} chunk`);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (crc32(buf.subarray(pos + 4, pos + 8 + len)) !== buf.readUInt32BE(pos + 8 + len)) throw new Error(`${file}: bad CRC in ${type}`);
    if (pos === 8 && type !== "IHDR") throw new Error(`${file}: first chunk is ${type}, not IHDR`);
    if (type === "IHDR") {
      ihdr = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), bitDepth: data[8], colorType: data[9], interlace: data[12] };
    } else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") {
      sawEnd = true;
      pos += 12 + len;
      break;
    }
    pos += 12 + len;
  }
  if (!ihdr || !sawEnd || idat.length === 0) throw new Error(`${file}: missing IHDR, IDAT or IEND`);
  if (pos !== buf.length) throw new Error(`${file}: data after IEND`);
  const channels: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
  if (!(ihdr.colorType in channels)) throw new Error(`${file}: unknown colour type ${ihdr.colorType}`);
  if (ihdr.interlace === 0) {
    const rowBytes = Math.ceil((ihdr.width * channels[ihdr.colorType] * ihdr.bitDepth) / 8);
    const raw = zlib.inflateSync(Buffer.concat(idat));
    if (raw.length !== (rowBytes + 1) * ihdr.height) throw new Error(`${file}: image data does not match IHDR`);
  }
  return { width: ihdr.width, height: ihdr.height };
}

// =========================================================================================================

type ResourceKind = "Images" | "Urls" | "ShortStrings" | "LongStrings";
interface ResourceDef {
  id: string;
  kind: ResourceKind;
  value: string;
  el: XmlElement;
}

// Filled in beforeAll, so that a parse error fails the tests with its message and line instead of crashing the suite.
let root: XmlElement;
let versionOverrides: XmlElement;
let resources: XmlElement;
let resourceDefs: ResourceDef[];
let resourceById: Map<string, ResourceDef>;

beforeAll(() => {
  root = parseXml(fs.readFileSync(MANIFEST_PATH, "utf8"));
  versionOverrides = child(root, "VersionOverrides");
  resources = child(versionOverrides, "Resources");
  resourceDefs = resources.children.flatMap((group) =>
    group.children.map((r) => ({ id: attr(r, "id") ?? "", kind: group.local as ResourceKind, value: attr(r, "DefaultValue") ?? "", el: r })),
  );
  resourceById = new Map(resourceDefs.map((d) => [d.id, d]));
});

const resolve = (el: XmlElement): string => {
  const resid = attr(el, "resid");
  const def = resid === undefined ? undefined : resourceById.get(resid);
  if (!def) throw new Error(`unresolved resid on ${where(el)}`);
  return def.value;
};

/** The resource kind an element with a resid must point to. */
function expectedKind(el: XmlElement): ResourceKind | undefined {
  if (el.local === "Image" && el.parent?.local === "Icon") return "Images";
  if (el.local === "Label" || el.local === "Title") return "ShortStrings";
  if (el.local === "Description") return "LongStrings";
  if (["FunctionFile", "SourceLocation", "LearnMoreUrl"].includes(el.local)) return "Urls";
  return undefined;
}

describe("manifest.xml", () => {
  test("is well-formed XML with the add-in namespaces", () => {
    expect(root.local).toBe("OfficeApp");
    expect(root.ns).toBe(NS.officeApp);
    expect(xsiType(root)).toBe("TaskPaneApp");
    expect(versionOverrides.ns).toBe(NS.overrides);
    expect(xsiType(versionOverrides)).toBe("VersionOverridesV1_0");
    for (const el of all(root, (e) => e.name.startsWith("bt:"))) expect(el.ns).toBe(NS.basicTypes);
    // Inside VersionOverrides: resource lists, resources and icon images are basic types, the rest overrides.
    for (const group of resources.children) expect(group.ns).toBe(NS.basicTypes);
    for (const el of all(versionOverrides, (e) => !e.name.includes(":"))) expect({ at: where(el), ns: el.ns }).toEqual({ at: where(el), ns: NS.overrides });
  });

  test("the strict parser rejects malformed XML", () => {
    expect(() => parseXml("<a><b></a></b>")).toThrow(XmlError);
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow(XmlError);
    expect(() => parseXml("<a>&nbsp;</a>")).toThrow(XmlError);
    expect(() => parseXml("<a>x & y</a>")).toThrow(XmlError);
    expect(() => parseXml("<a b=1/>")).toThrow(XmlError);
    expect(() => parseXml("<p:a/>")).toThrow(XmlError);
    expect(() => parseXml("<a/><b/>")).toThrow(XmlError);
    expect(() => parseXml("<a><!-- x -- y --></a>")).toThrow(XmlError);
    expect(() => parseXml('<?xml version="1.0"?>\n<a>ok &amp; &#x4E2D;</a>').text).not.toThrow();
    expect(parseXml('<?xml version="1.0"?>\n<a>ok &amp; &#x4E2D;</a>').text).toBe("ok & 中");
  });

  test("office-addin-manifest reads it", () => {
    // office-addin-manifest pulls in ES-module-only dependencies (uuid, strip-bom via @microsoft/app-manifest)
    // that jest's CommonJS runtime cannot load, while Node ≥ 20.19 can; so ask a plain Node process.
    const script =
      "require('office-addin-manifest').OfficeAddinManifest.readManifestFile(process.argv[1])" +
      ".then((m) => process.stdout.write(JSON.stringify(m)), (e) => { console.error(String(e)); process.exit(1); });";
    const info = JSON.parse(
      execFileSync(process.execPath, ["-e", script, MANIFEST_PATH], { cwd: ROOT, encoding: "utf8", timeout: 60000 }),
    ) as ManifestInfo;
    expect(info.officeAppType).toBe("TaskPaneApp");
    expect(info.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    expect(info.version).toMatch(/^\d{1,5}(\.\d{1,5}){0,3}$/);
    expect(info.defaultLocale).toBe("zh-CN");
    expect(info.displayName).toBe("分工表助手");
    expect(hasChinese(info.description ?? "")).toBe(true);
    expect((info.description ?? "").length).toBeLessThanOrEqual(250);
    expect(info.providerName).toBeTruthy();
    expect(info.hosts).toEqual(["Workbook"]);
    expect(info.permissions).toBe("ReadWriteDocument");
    expect(info.defaultSettings?.sourceLocation).toBe(`${DEV_ORIGIN}taskpane.html`);
    expect(info.iconUrl).toBe(`${DEV_ORIGIN}assets/icon-32.png`);
    expect(info.highResolutionIconUrl).toBe(`${DEV_ORIGIN}assets/icon-64.png`);
  });

  test("top-level OfficeApp children are complete and in schema order", () => {
    const names = root.children.map((c) => c.local);
    for (const c of root.children) expect(c.ns).toBe(c.local === "VersionOverrides" ? NS.overrides : NS.officeApp);
    expect(names.filter((n) => TOP_LEVEL_REQUIRED.includes(n))).toEqual(TOP_LEVEL_REQUIRED);
    expect(orderProblems(root)).toEqual([]);
  });

  test("every element's children follow the schema order", () => {
    const problems: string[] = [];
    walk(root, (e) => problems.push(...orderProblems(e)));
    expect(problems).toEqual([]);
  });

  test("every referenced resid is defined with the right kind, and every defined resid is used", () => {
    const ids = resourceDefs.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^.{1,32}$/);

    const refs = all(root, (e) => attr(e, "resid") !== undefined);
    expect(refs.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const ref of refs) {
      const resid = attr(ref, "resid") as string;
      const def = resourceById.get(resid);
      const kind = expectedKind(ref);
      if (!def) problems.push(`${resid} used at ${where(ref)} is not defined`);
      else if (!kind) problems.push(`unexpected resid on ${where(ref)}`);
      else if (def.kind !== kind) problems.push(`${resid} at ${where(ref)} must be a ${kind} resource, is ${def.kind}`);
    }
    const used = new Set(refs.map((r) => attr(r, "resid")));
    for (const id of ids) if (!used.has(id)) problems.push(`${id} is defined but never used`);
    expect(problems).toEqual([]);
  });

  test("strings are Chinese and within the schema's length limits", () => {
    for (const d of resourceDefs.filter((r) => r.kind === "ShortStrings" || r.kind === "LongStrings")) {
      expect({ id: d.id, chinese: hasChinese(d.value) }).toEqual({ id: d.id, chinese: true });
      expect(d.value.length).toBeGreaterThan(0);
      expect(d.value.length).toBeLessThanOrEqual(d.kind === "ShortStrings" ? 125 : 250);
    }
    expect(hasChinese(attr(child(root, "DisplayName"), "DefaultValue") ?? "")).toBe(true);
    expect(hasChinese(attr(child(root, "Description"), "DefaultValue") ?? "")).toBe(true);
  });

  test("every URL is https (and served by the dev server)", () => {
    const URL_ATTRS: Record<string, string> = {
      IconUrl: "DefaultValue",
      HighResolutionIconUrl: "DefaultValue",
      SupportUrl: "DefaultValue",
      SourceLocation: "DefaultValue",
      Image: "DefaultValue",
      Url: "DefaultValue",
      Override: "Value",
    };
    const urls: { value: string; at: string }[] = [];
    walk(root, (e) => {
      for (const a of e.attrs) {
        if (a.name === "xmlns" || a.name.startsWith("xmlns:")) continue;
        // Attributes that hold URLs by schema, plus anything else that looks like an absolute URL.
        if (URL_ATTRS[e.local] === a.name || /^[a-z][a-z0-9+.-]*:\/\//i.test(a.value)) {
          urls.push({ value: a.value, at: `${where(e)} @${a.name}` });
        }
      }
      const text = e.text.trim();
      if (e.local === "AppDomain" || /^[a-z][a-z0-9+.-]*:\/\//i.test(text)) urls.push({ value: text, at: where(e) });
    });
    // 15 icon images + 3 resource URLs + IconUrl, HighResolutionIconUrl, SupportUrl, SourceLocation, AppDomain.
    expect(urls.length).toBeGreaterThanOrEqual(23);
    for (const u of urls) {
      expect({ at: u.at, protocol: new URL(u.value).protocol }).toEqual({ at: u.at, protocol: "https:" });
      expect({ at: u.at, origin: new URL(u.value).origin }).toEqual({ at: u.at, origin: new URL(DEV_ORIGIN).origin });
    }
  });

  test("the pages the manifest points to are built by webpack", () => {
    const webpackConfig = fs.readFileSync(path.join(ROOT, "webpack.config.js"), "utf8");
    const pages = new Set<string>();
    for (const d of resourceDefs.filter((r) => r.kind === "Urls")) pages.add(new URL(d.value).pathname.slice(1));
    pages.add(new URL(attr(child(root, "SupportUrl"), "DefaultValue") as string).pathname.slice(1));
    pages.add(new URL(attr(child(child(root, "DefaultSettings"), "SourceLocation"), "DefaultValue") as string).pathname.slice(1));
    expect([...pages].sort()).toEqual(["commands.html", "help.html", "taskpane.html"]);
    for (const page of pages) expect(webpackConfig).toContain(`filename: "${page}"`);
    expect(fs.existsSync(path.join(ROOT, "src/taskpane/taskpane.html"))).toBe(true);
    expect(fs.existsSync(path.join(ROOT, "src/commands/commands.html"))).toBe(true);
  });

  test("declares Excel (Workbook) and the ExcelApi ≥ 1.13 requirement set", () => {
    const hosts = child(root, "Hosts").children;
    expect(hosts.map((h) => attr(h, "Name"))).toEqual(["Workbook"]);
    const sets = child(child(root, "Requirements"), "Sets");
    expect(attr(sets, "DefaultMinVersion")).toBe("1.1");
    const excelApi = sets.children.filter((s) => attr(s, "Name") === "ExcelApi");
    expect(excelApi).toHaveLength(1);
    const [major, minor] = (attr(excelApi[0], "MinVersion") ?? "0.0").split(".").map(Number);
    expect(major > 1 || (major === 1 && minor >= 13)).toBe(true);

    const voHosts = child(versionOverrides, "Hosts").children;
    expect(voHosts.map((h) => xsiType(h))).toEqual(["Workbook"]);
  });

  test("the 分工表 ribbon tab holds the four buttons with their Chinese labels and actions", () => {
    const formFactor = child(child(child(versionOverrides, "Hosts"), "Host"), "DesktopFormFactor");
    expect(resolve(child(formFactor, "FunctionFile"))).toBe(`${DEV_ORIGIN}commands.html`);

    const extensionPoints = formFactor.children.filter((c) => c.local === "ExtensionPoint");
    const primary = extensionPoints.filter((e) => xsiType(e) === "PrimaryCommandSurface");
    expect(primary).toHaveLength(1);
    const tabs = primary[0].children.filter((c) => c.local === "CustomTab");
    expect(tabs).toHaveLength(1);
    const tab = tabs[0];
    expect(attr(tab, "id")).toBe("TabFengong");
    expect(resolve(child(tab, "Label"))).toBe("分工表");

    const groups = tab.children.filter((c) => c.local === "Group");
    expect(groups).toHaveLength(1);
    expect(hasChinese(resolve(child(groups[0], "Label")))).toBe(true);

    const controls = groups[0].children.filter((c) => c.local === "Control");
    const summary = controls.map((c) => {
      const action = child(c, "Action");
      const type = xsiType(action);
      return {
        type: xsiType(c),
        label: resolve(child(c, "Label")),
        action: type,
        target:
          type === "ExecuteFunction"
            ? child(action, "FunctionName").text.trim()
            : `${child(action, "TaskpaneId").text.trim()} ${resolve(child(action, "SourceLocation"))}`,
      };
    });
    expect(summary).toEqual([
      { type: "Button", label: "校验", action: "ExecuteFunction", target: "validateTable" },
      { type: "Button", label: "添加状态列", action: "ExecuteFunction", target: "enrichTable" },
      { type: "Button", label: "汇总", action: "ExecuteFunction", target: "summarizeTable" },
      { type: "Button", label: "打开面板", action: "ShowTaskpane", target: `ButtonId1 ${DEV_ORIGIN}taskpane.html` },
    ]);

    const ids = all(root, (e) => e.local === "Control" || e.local === "Group" || e.local === "CustomTab").map((e) => attr(e, "id"));
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of controls) {
      const tip = child(c, "Supertip");
      expect(resolve(child(tip, "Title"))).toBe(resolve(child(c, "Label")));
      expect(hasChinese(resolve(child(tip, "Description")))).toBe(true);
      expect(child(c, "Icon").children.map((i) => attr(i, "size"))).toEqual(["16", "32", "80"]);
    }
  });

  test("src/commands/commands.ts registers every ExecuteFunction name", () => {
    const source = fs.readFileSync(path.join(ROOT, "src/commands/commands.ts"), "utf8");
    expect(source).toContain("Office.actions.associate");
    const names = all(root, (e) => e.local === "FunctionName").map((e) => e.text.trim());
    expect(names).toEqual(["validateTable", "enrichTable", "summarizeTable"]);
    for (const name of names) expect(source).toMatch(new RegExp(`["'\`]${name}["'\`]`));
  });

  test("every icon URL points to a PNG in assets/ with the declared pixel size", () => {
    const expected = new Map<string, number>(); // URL → size
    const note = (url: string, size: number, at: string): void => {
      const prev = expected.get(url);
      if (prev !== undefined && prev !== size) throw new Error(`${url} is used at sizes ${prev} and ${size} (${at})`);
      expected.set(url, size);
    };
    note(attr(child(root, "IconUrl"), "DefaultValue") as string, 32, "IconUrl");
    note(attr(child(root, "HighResolutionIconUrl"), "DefaultValue") as string, 64, "HighResolutionIconUrl");
    for (const img of all(root, (e) => e.local === "Image" && e.parent?.local === "Icon")) {
      const size = Number(attr(img, "size"));
      expect([16, 20, 24, 32, 40, 48, 64, 80]).toContain(size);
      note(resolve(img), size, where(img));
    }
    // Every image resource is an icon that is referenced (checked above), so all are covered here.
    for (const d of resourceDefs.filter((r) => r.kind === "Images")) expect(expected.has(d.value)).toBe(true);

    for (const [url, size] of expected) {
      const rel = new URL(url).pathname.slice(1);
      expect(rel).toMatch(/^assets\/[a-z0-9-]+\.png$/);
      const file = path.join(ROOT, rel);
      expect({ url, exists: fs.existsSync(file) }).toEqual({ url, exists: true });
      expect({ url, ...readPng(file) }).toEqual({ url, width: size, height: size });
      expect(rel).toMatch(new RegExp(`-${size}\\.png$`));
    }
  });

  test("assets/ holds every icon at 16, 32, 64, 80 and 128 px", () => {
    const names = new Set(
      fs
        .readdirSync(path.join(ROOT, "assets"))
        .filter((f) => f.endsWith(".png"))
        .map((f) => f.replace(/-\d+\.png$/, "")),
    );
    expect([...names].sort()).toEqual(["enrich", "icon", "summarize", "taskpane", "validate"]);
    for (const name of names) {
      for (const size of [16, 32, 64, 80, 128]) {
        expect({ name, ...readPng(path.join(ROOT, "assets", `${name}-${size}.png`)) }).toEqual({ name, width: size, height: size });
      }
    }
  });
});
