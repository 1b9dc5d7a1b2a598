// The Word reader in Node (CLI, tests): @xmldom/xmldom for XML, word-extractor's OLE reader for .doc/.wps.
import { DOMParser } from '@xmldom/xmldom';
import { WordGrid } from '../../core/read/document';
import { ParseXml, XmlDoc } from './xml';
import { readWordFile } from './read';
import { readDoc } from './doc';

/** xmldom reports errors through onError; turn every error into a throw (a broken document is refused, not guessed). */
export const parseXmlNode: ParseXml = (text) => {
  const parser = new DOMParser({
    onError: (level, msg) => {
      if (level !== 'warning') throw new Error(msg);
    },
  });
  return parser.parseFromString(text, 'text/xml') as unknown as XmlDoc;
};

export function readWordNode(bytes: Uint8Array, fileName: string): Promise<WordGrid> {
  return readWordFile(bytes, fileName, { parseXml: parseXmlNode, readDoc });
}
