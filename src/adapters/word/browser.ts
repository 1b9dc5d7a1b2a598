// The Word reader in the task pane: the browser's own DOMParser (nothing to download; it keeps document order and
// expands no external entities). A DOCTYPE is refused before parsing (xml.ts).
import { WordGrid } from '../../core/read/document';
import { ParseXml, XmlDoc } from './xml';
import { readWordFile } from './read';

/** The browser's DOMParser, typed here so that this file also compiles without the DOM library (Node tests). */
interface BrowserDomParser {
  parseFromString(text: string, type: string): XmlDoc & { getElementsByTagName(name: string): ArrayLike<unknown> };
}

export const parseXmlBrowser: ParseXml = (text) => {
  const Parser = (globalThis as { DOMParser?: new () => BrowserDomParser }).DOMParser;
  if (!Parser) throw new Error('no DOMParser');
  const doc = new Parser().parseFromString(text, 'application/xml');
  // Browsers report malformed XML as a document holding a <parsererror> element instead of throwing.
  if (doc.getElementsByTagName('parsererror').length > 0) throw new Error('malformed XML');
  return doc;
};

export function readWordBrowser(bytes: Uint8Array, fileName: string): Promise<WordGrid> {
  return readWordFile(bytes, fileName, { parseXml: parseXmlBrowser });
}
