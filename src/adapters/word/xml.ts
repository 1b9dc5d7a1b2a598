// The one XML interface the Word reader needs: a DOM parser that keeps document order. In the browser it is the
// built-in DOMParser; in Node, @xmldom/xmldom (see node.ts). Both give W3C DOM nodes, so the reader is written once.

/** The part of a DOM node the reader uses (W3C DOM Level 2 Core, as both parsers implement it). */
export interface XmlNode {
  nodeType: number;
  localName?: string | null;
  nodeValue?: string | null;
  childNodes: ArrayLike<XmlNode>;
  attributes?: ArrayLike<{ localName?: string | null; name: string; value: string }> | null;
}

export interface XmlDoc {
  documentElement: XmlNode | null;
}

/** Parses XML text; throws on malformed input. */
export type ParseXml = (text: string) => XmlDoc;

export const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;

export function children(node: XmlNode): XmlNode[] {
  const out: XmlNode[] = [];
  const list = node.childNodes;
  for (let i = 0; i < list.length; i++) if (list[i].nodeType === ELEMENT) out.push(list[i]);
  return out;
}

/** The local name (without its prefix), so that any prefix bound to the WordprocessingML namespace works. */
export function nameOf(node: XmlNode): string {
  return node.localName ?? '';
}

export function child(node: XmlNode, name: string): XmlNode | undefined {
  return children(node).find((c) => nameOf(c) === name);
}

/** An attribute by local name (w:val → "val"). */
export function attr(node: XmlNode | undefined, name: string): string | null {
  const list = node?.attributes;
  if (!list) return null;
  for (let i = 0; i < list.length; i++) {
    const a = list[i];
    if ((a.localName ?? a.name.replace(/^.*:/, '')) === name) return a.value;
  }
  return null;
}

/** Text nodes directly under an element (w:t holds one). */
export function ownText(node: XmlNode): string {
  let s = '';
  const list = node.childNodes;
  for (let i = 0; i < list.length; i++) if (list[i].nodeType === TEXT || list[i].nodeType === CDATA) s += list[i].nodeValue ?? '';
  return s;
}

/**
 * Refuses what Word never writes and a hostile file might: a DOCTYPE (entity expansion, external entities). The size
 * is bounded before this by the unzip limit.
 */
export function assertPlainXml(text: string): void {
  if (/<!DOCTYPE/i.test(text.slice(0, 4096)) || /<!ENTITY/i.test(text)) throw new Error('DOCTYPE in a Word part');
}
