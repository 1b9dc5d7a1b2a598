// Node only: the .xlsx package compressed with Node's own zlib, three to four times faster than fflate's
// JavaScript deflate on the tens of megabytes of XML a 10,000-task workbook holds. fflate still assembles the
// ZIP container (a custom input file carrying data already deflated).
import { Zip, ZipInputFile } from 'fflate';
import * as zlib from 'zlib';

export function nativeZip(parts: Record<string, Uint8Array>): Uint8Array {
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else chunks.push(chunk);
  });
  for (const [filename, data] of Object.entries(parts)) {
    const deflated = zlib.deflateRawSync(data, { level: 6 });
    const file: ZipInputFile & { start?: () => void } = { filename, size: data.length, crc: zlib.crc32(data), compression: 8 };
    zip.add(file);
    file.ondata!(null, deflated, true);
  }
  zip.end();
  if (failure) throw failure;
  return Buffer.concat(chunks);
}
