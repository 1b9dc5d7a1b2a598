/*
 * Checks manifest.xml (the add-in-only XML manifest) without the network: `npm run validate`
 * (office-addin-manifest validate) posts the file to Microsoft's validation service and fails offline, so:
 *   - Microsoft's XSDs (test/manifest/schemas, run by xmllint) check well-formedness, element order, required
 *     elements, types and lengths; the production build's copy is validated in test/e2e/taskpane.e2e.test.ts;
 *   - this file checks what the XSDs cannot see: every resid referenced is defined with the right resource kind
 *     and every defined resid is used; every URL is https on the dev server, and the pages and icons behind them
 *     exist, icons with the declared pixel size; the ExcelApi ≥ 1.13 requirement; the 分工表 tab with its four
 *     buttons and Chinese labels. Which Office.js members the code uses, against the declared requirement
 *     sets: test/manifest/api-requirements.test.ts.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { execFileSync } from "child_process";
import type { ManifestInfo } from "office-addin-manifest";
import { XmlElement, all, attr, child, readXml, walk, where, xsiType } from "./xml";
import { validateManifest } from "./xsd";
import { tempDir } from "../helpers/temp";

const ROOT = path.resolve(__dirname, "..", "..");
const MANIFEST_PATH = path.join(ROOT, "manifest.xml");
const DEV_ORIGIN = "https://localhost:3000/";

const hasChinese = (s: string): boolean => /[\u3400-\u9fff]/.test(s);

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

// Filled in beforeAll, so that a manifest the reader cannot take fails the tests with a message instead of crashing the suite.
let root: XmlElement;
let versionOverrides: XmlElement;
let resources: XmlElement;
let resourceDefs: ResourceDef[];
let resourceById: Map<string, ResourceDef>;

beforeAll(() => {
  root = readXml(fs.readFileSync(MANIFEST_PATH, "utf8"));
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

/** The manifest with the first `a` element and the first `b` element (each on a line of its own) swapped. */
function swapLines(xml: string, a: RegExp, b: RegExp): string {
  const lines = xml.split("\n");
  const i = lines.findIndex((l) => a.test(l));
  const j = lines.findIndex((l) => b.test(l));
  if (i < 0 || j < 0) throw new Error(`swapLines: ${a} or ${b} not found`);
  [lines[i], lines[j]] = [lines[j], lines[i]];
  return lines.join("\n");
}

describe("manifest.xml", () => {
  test("validates against Microsoft's XSDs (xmllint)", () => {
    expect(validateManifest(MANIFEST_PATH)).toEqual({ valid: true, output: `${MANIFEST_PATH} validates` });
  });

  test.each([
    ["<Id> and <Version>", /^\s*<Id>/, /^\s*<Version>/, "Version", "Id"],
    // TaskpaneId is optional, so after SourceLocation xmllint expects the next one in the sequence, Title.
    ["<TaskpaneId> and <SourceLocation> of the ShowTaskpane action", /^\s*<TaskpaneId>/, /^\s*<SourceLocation resid=/, "TaskpaneId", "Title"],
  ])("a copy with %s swapped fails it, with xmllint's message", (_, a, b, unexpected, expected) => {
    const dir = tempDir('manifest');
    try {
      const broken = path.join(dir, "manifest.xml");
      fs.writeFileSync(broken, swapLines(fs.readFileSync(MANIFEST_PATH, "utf8"), a, b));
      const result = validateManifest(broken);
      expect(result.valid).toBe(false);
      expect(result.output).toMatch(new RegExp(`Element '\\{[^}]+\\}${unexpected}': This element is not expected\\. Expected is .*\\{[^}]+\\}${expected} \\)`));
      expect(result.output).toContain(`${broken} fails to validate`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
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
    expect(info.defaultLocale).toBe("zh-CN");
    expect(info.displayName).toBe("分工表助手");
    expect(hasChinese(info.description ?? "")).toBe(true);
    expect(info.hosts).toEqual(["Workbook"]);
    expect(info.permissions).toBe("ReadWriteDocument");
    expect(info.defaultSettings?.sourceLocation).toBe(`${DEV_ORIGIN}taskpane.html`);
    expect(info.iconUrl).toBe(`${DEV_ORIGIN}assets/icon-32.png`);
    expect(info.highResolutionIconUrl).toBe(`${DEV_ORIGIN}assets/icon-64.png`);
  });

  test("every referenced resid is defined with the right kind, and every defined resid is used", () => {
    const ids = resourceDefs.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);

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

  test("strings are Chinese", () => {
    for (const d of resourceDefs.filter((r) => r.kind === "ShortStrings" || r.kind === "LongStrings")) {
      expect({ id: d.id, chinese: hasChinese(d.value) }).toEqual({ id: d.id, chinese: true });
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
      for (const [name, value] of e.attrs) {
        if (name === "xmlns" || name.startsWith("xmlns:")) continue;
        // Attributes that hold URLs by schema, plus anything else that looks like an absolute URL.
        if (URL_ATTRS[e.local] === name || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
          urls.push({ value, at: `${where(e)} @${name}` });
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

  test("src/commands/commands.ts, run against Office, associates every ExecuteFunction name with a working command", async () => {
    const names = all(root, (e) => e.local === "FunctionName").map((e) => e.text.trim());
    expect(names).toEqual(["validateTable", "enrichTable", "summarizeTable"]);
    afterStubOffice = () => ["window", "Excel", "Office"].forEach((k) => delete (globalThis as Record<string, unknown>)[k]);
    for (const name of names) {
      const { associated, dialogs, wb } = await loadCommands();
      expect([...associated.keys()].sort()).toEqual([...names].sort());
      // The ribbon button as Excel presses it: the associated function with an event it must complete.
      const completed = new Promise<void>((resolve) => associated.get(name)!({ completed: resolve }));
      await completed;
      expect(dialogs).toHaveLength(1);
      expect(new URL(dialogs[0]).searchParams.get("ok")).toBe("1");
      expect(wb.sheetNames()).toContain({ validateTable: "校验结果", enrichTable: "单位名录", summarizeTable: "汇总" }[name]);
    }
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

/** Removes the stub Office globals after the test that set them. */
let afterStubOffice = (): void => undefined;
afterEach(() => afterStubOffice());

/**
 * Loads src/commands/commands.ts (the FunctionFile's script, which imports ribbon.ts and the real officeHost) into
 * a stub `Office` whose Excel is the strict fake holding the sample: which names it associates, which dialogs the
 * handlers open. A fresh module each call, as each page load runs it once.
 */
async function loadCommands() {
  const { FakeWorkbook, createExcelHost } = await import("../fake-excel");
  const { SAMPLE } = await import("../helpers/sample");
  const wb = await FakeWorkbook.fromXlsx(fs.readFileSync(SAMPLE));
  const excel = createExcelHost(wb);
  const associated = new Map<string, (event: { completed: () => void }) => void>();
  const dialogs: string[] = [];
  const g = globalThis as Record<string, unknown>;
  g.window = { location: { href: `${DEV_ORIGIN}commands.html` } };
  g.Excel = { run: excel.run, createWorkbook: excel.createWorkbook };
  g.Office = {
    onReady: () => Promise.resolve({ host: "Excel" }),
    actions: { associate: (name: string, fn: (event: { completed: () => void }) => void) => void associated.set(name, fn) },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    EventType: { DialogMessageReceived: "dialogMessageReceived", DialogEventReceived: "dialogEventReceived" },
    context: {
      requirements: { isSetSupported: (n: string, v?: string) => excel.isSetSupported(n, v) },
      ui: {
        displayDialogAsync: (url: string, _options: unknown, callback: (r: { status: string; value: unknown }) => void) => {
          dialogs.push(url);
          // The user reads the outcome and presses 关闭, which sends the dialog's message (dialog.html).
          const addEventHandler = (type: string, handler: () => void) => {
            if (type === "dialogMessageReceived") setTimeout(handler, 0);
          };
          callback({ status: "succeeded", value: { addEventHandler, close: () => undefined } });
        },
      },
    },
  };
  // A path the type checker does not follow: commands.ts is browser code (tsconfig.web.json, DOM types).
  const commands = path.join(ROOT, "src", "commands", "commands.ts");
  jest.isolateModules(() => require(commands));
  return { associated, dialogs, wb };
}
