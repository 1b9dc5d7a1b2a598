// A generated Word 附件 for `npm run bench`: n task rows, 目标任务 vertically merged over groups of four, two-paragraph
// contents, as Word writes them.
import { strToU8, zipSync } from 'fflate';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const para = (t: string) => `<w:p><w:r><w:t xml:space="preserve">${esc(t)}</w:t></w:r></w:p>`;
const cell = (t: string, vMerge?: 'restart' | 'continue') =>
  `<w:tc><w:tcPr>${vMerge ? `<w:vMerge${vMerge === 'restart' ? ' w:val="restart"' : ''}/>` : ''}</w:tcPr>${t.split('\n').map(para).join('') || '<w:p/>'}</w:tc>`;

export function generateDocx(n: number): Uint8Array {
  const rows = [`<w:tr>${['序号', '目标任务', '主要内容', '牵头单位', '配合单位', '完成时限'].map((h) => cell(h)).join('')}</w:tr>`];
  for (let i = 0; i < n; i++) {
    const first = i % 4 === 0;
    rows.push(
      `<w:tr>${cell(String(i + 1))}${cell(first ? `重点任务${i / 4 + 1}` : '', first ? 'restart' : 'continue')}${cell(`第${i + 1}项工作的具体内容，按要求组织实施。\n按月报送进展情况。`)}${cell('法规科')}${cell('办公室、执法支队')}${cell(`2023年${(i % 12) + 1}月底前`)}</w:tr>`,
    );
  }
  const body = `${para('附件')}${para('2023年重点工作责任分工表')}<w:tbl><w:tblGrid>${'<w:gridCol w:w="1500"/>'.repeat(6)}</w:tblGrid>${rows.join('')}</w:tbl>`;
  const xml = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
  return zipSync({ 'word/document.xml': strToU8(xml) });
}
