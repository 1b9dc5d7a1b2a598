// A lax XML reader for manifest.xml, used by the manifest tests once xmllint has proved the file well-formed
// and valid against the XSDs (./xsd.ts): it only builds the tree (elements, attributes, decoded text, line
// numbers). Namespace prefixes are taken as written.

export interface XmlElement {
  name: string; // qualified name as written, e.g. "bt:Image"
  local: string; // local part, e.g. "Image"
  attrs: Map<string, string>;
  children: XmlElement[];
  text: string; // character data directly inside this element (entities decoded)
  line: number;
  parent: XmlElement | null;
}

const decode = (raw: string): string =>
  raw.replace(/&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g, (_, hex: string, dec: string, named: string) =>
    named ? { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[named]! : String.fromCodePoint(parseInt(hex ?? dec, hex ? 16 : 10)),
  );

export function readXml(src: string): XmlElement {
  const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  const ATTR = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let line = 1;
  for (const m of src.matchAll(TOKEN)) {
    const [whole, cdata, closing, name, attrText, selfClosing, text] = m;
    const top = stack[stack.length - 1];
    if (cdata !== undefined || text !== undefined) {
      if (top) top.text += cdata ?? decode(text);
    } else if (closing) stack.pop();
    else if (name) {
      const attrs = new Map([...(attrText ?? "").matchAll(ATTR)].map((a) => [a[1], decode(a[2] ?? a[3]).replace(/[\t\n\r]/g, " ")]));
      const el: XmlElement = { name, local: name.slice(name.indexOf(":") + 1), attrs, children: [], text: "", line, parent: top ?? null };
      if (top) top.children.push(el);
      else root = el;
      if (!selfClosing) stack.push(el);
    }
    line += whole.split("\n").length - 1;
  }
  if (!root) throw new Error("no root element");
  return root;
}

export const attr = (el: XmlElement, name: string): string | undefined => el.attrs.get(name);
export const xsiType = (el: XmlElement): string | undefined => attr(el, "xsi:type");

export function walk(el: XmlElement, visit: (e: XmlElement) => void): void {
  visit(el);
  for (const c of el.children) walk(c, visit);
}

export function all(el: XmlElement, pred: (e: XmlElement) => boolean): XmlElement[] {
  const out: XmlElement[] = [];
  walk(el, (e) => {
    if (pred(e)) out.push(e);
  });
  return out;
}

export function child(el: XmlElement, local: string): XmlElement {
  const found = el.children.filter((c) => c.local === local);
  if (found.length !== 1) throw new Error(`<${el.name}> (line ${el.line}) has ${found.length} <${local}> children, expected 1`);
  return found[0];
}

export function where(el: XmlElement): string {
  const chain: string[] = [];
  for (let e: XmlElement | null = el; e; e = e.parent) chain.unshift(e.local);
  return `${chain.join("/")} (line ${el.line})`;
}
