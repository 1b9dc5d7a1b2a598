// Builds the Word test documents under test/fixtures/docx/ (run: node scripts/make-docx-fixtures.js; needs soffice).
// The sample is rebuilt from samples/执法规范提升年-责任分工表.xlsx as WordprocessingML (目标任务 vertically merged
// over its rows, as in the original 附件), then saved by LibreOffice as a real .docx and as a Word 97 .doc. The
// small documents are written as XML by hand, since each must hold one exact construct Word writes (w:gridBefore,
// w:sdt, tracked changes …).
const fs = require('fs');
const path = require('path');
const os = require('os');
const { execFileSync } = require('child_process');
const { zipSync, strToU8 } = require('fflate');
const ExcelJS = require('exceljs');

const OUT = path.join(__dirname, '..', 'test', 'fixtures', 'docx');
const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const run = (t) => `<w:r><w:t xml:space="preserve">${esc(t)}</w:t></w:r>`;
const p = (t) => `<w:p>${t ? run(t) : ''}</w:p>`;
/** A cell: text (lines become paragraphs) or raw XML in `xml`; span, vMerge ('restart' | 'continue'), hMerge. */
function tc(text, o = {}) {
  const pr = [
    o.span ? `<w:gridSpan w:val="${o.span}"/>` : '',
    o.hMerge ? `<w:hMerge${o.hMerge === 'restart' ? ' w:val="restart"' : ''}/>` : '',
    o.vMerge ? `<w:vMerge${o.vMerge === 'restart' ? ' w:val="restart"' : ''}/>` : '',
  ].join('');
  const body = o.xml ?? String(text ?? '').split('\n').map(p).join('');
  return `<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/>${pr}</w:tcPr>${body || '<w:p/>'}</w:tc>`;
}
const tr = (cells, o = {}) => {
  const pr = [o.before ? `<w:gridBefore w:val="${o.before}"/>` : '', o.after ? `<w:gridAfter w:val="${o.after}"/>` : '', o.del ? '<w:del w:id="90" w:author="张三" w:date="2023-02-01T00:00:00Z"/>' : ''].join('');
  return `<w:tr>${pr ? `<w:trPr>${pr}</w:trPr>` : ''}${cells.join('')}</w:tr>`;
};
const tbl = (cols, rows) =>
  `<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr><w:tblGrid>${cols
    .map((w) => `<w:gridCol w:w="${w}"/>`)
    .join('')}</w:tblGrid>${rows.join('')}</w:tbl>`;

function docx(bodyXml) {
  const documentXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${bodyXml}<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/></w:sectPr></w:body></w:document>`;
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
    '_rels/.rels': strToU8('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
    'word/document.xml': strToU8(documentXml),
  });
}

const HEADER = ['序号', '目标任务', '主要内容', '牵头单位', '配合单位', '完成时限'];
const COLS = [700, 2200, 5200, 1500, 3000, 1600];

/** The sample's table as Word holds it: the xlsx's B-column merges become w:vMerge restart/continue. */
async function sampleBody() {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(__dirname, '..', 'samples', '执法规范提升年-责任分工表.xlsx'));
  const ws = wb.worksheets[0];
  const merges = ws.model.merges.map((m) => m.match(/^([A-Z])(\d+):([A-Z])(\d+)$/)).filter((m) => m[1] === m[3]);
  const vmerge = (col, r) => {
    for (const m of merges) if (m[1] === col && r >= +m[2] && r <= +m[4]) return r === +m[2] ? 'restart' : 'continue';
    return undefined;
  };
  const text = (v) => (v === null || v === undefined ? '' : v instanceof Date ? `${v.getFullYear()}年${v.getMonth() + 1}月${v.getDate()}日` : typeof v === 'object' ? v.richText.map((x) => x.text).join('') : String(v));
  const rows = [tr(HEADER.map((h) => tc(h)))];
  for (let r = 4; r <= 36; r++) {
    const cells = [];
    for (let c = 1; c <= 6; c++) {
      const col = String.fromCharCode(64 + c);
      const vm = vmerge(col, r);
      cells.push(tc(vm === 'continue' ? '' : text(ws.getRow(r).getCell(c).value), { vMerge: vm }));
    }
    rows.push(tr(cells));
  }
  return p(text(ws.getCell('A1').value)) + p(text(ws.getCell('A2').value)) + tbl(COLS, rows) + p(text(ws.getCell('A37').value));
}

const HEAD = tr(HEADER.map((h) => tc(h)));
const TITLE = p('附件') + p('2023年安全生产重点工作责任分工表');
const row = (seq, task, content, lead, support, due, o = {}) => tr([tc(seq), tc(task, o.task), tc(content), tc(lead, o.lead), tc(support), tc(due)], o.row);

const SMALL = {
  // Rows 2 and 3 have no 序号 cell: Word writes w:gridBefore="1"; ignoring it shifts every cell one column left.
  'gridbefore.docx': TITLE + tbl(COLS, [
    HEAD,
    row('1', '执法计划', '编制年度监督检查计划', '法规科', '执法支队', '2023年3月底前'),
    tr([tc('执法培训'), tc('组织全员执法培训'), tc('办公室'), tc('法规科'), tc('2023年6月底前')], { before: 1 }),
    tr([tc('案卷评查'), tc('开展案卷评查'), tc('法规科'), tc(''), tc('2023年9月底前')], { before: 1 }),
    row('4', '执法检查', '开展“双随机”检查', '执法支队', '法规科', '2023年12月底前'),
  ]),
  // 责任单位 over 牵头单位 | 配合单位 (w:gridSpan), the other header cells merged down (w:vMerge).
  'header2.docx': TITLE + tbl(COLS, [
    tr([tc('序号', { vMerge: 'restart' }), tc('目标任务', { vMerge: 'restart' }), tc('主要内容', { vMerge: 'restart' }), tc('责任单位', { span: 2 }), tc('完成时限', { vMerge: 'restart' })]),
    tr([tc('', { vMerge: 'continue' }), tc('', { vMerge: 'continue' }), tc('', { vMerge: 'continue' }), tc('牵头单位'), tc('配合单位'), tc('', { vMerge: 'continue' })]),
    row('1', '执法计划', '编制年度监督检查计划', '法规科', '执法支队', '2023年3月底前'),
    row('2', '执法培训', '组织全员执法培训', '办公室', '法规科', '2023年6月底前'),
  ]),
  // 牵头单位 法规科 merged over three tasks; the cell also holds two paragraphs elsewhere.
  'lead3.docx': TITLE + tbl(COLS, [
    HEAD,
    row('1', '执法计划', '编制年度监督检查计划\n报市政府备案', '法规科', '执法支队', '2023年3月底前', { lead: { vMerge: 'restart' } }),
    row('2', '执法培训', '组织全员执法培训', '', '办公室', '2023年6月底前', { lead: { vMerge: 'continue' } }),
    row('3', '案卷评查', '开展案卷评查', '', '执法支队', '2023年9月底前', { lead: { vMerge: 'continue' } }),
    row('4', '执法检查', '开展“双随机”检查', '执法支队', '', '2023年12月底前'),
  ]),
  // A content control around one cell, custom XML around a row, a legacy w:hMerge pair and a nested table.
  'sdt.docx': TITLE + tbl(COLS, [
    HEAD,
    tr([tc('1'), tc('执法计划'), tc('编制年度监督检查计划'), `<w:sdt><w:sdtPr><w:alias w:val="牵头"/></w:sdtPr><w:sdtContent>${tc('法规科')}</w:sdtContent></w:sdt>`, tc('执法支队'), tc('2023年3月底前')]),
    `<w:customXml w:element="任务">${row('2', '执法培训', '组织全员执法培训', '办公室', '法规科', '2023年6月底前')}</w:customXml>`,
    tr([tc('3'), tc('案卷评查', { hMerge: 'restart' }), tc('', { hMerge: 'continue' }), tc('法规科'), tc('', { xml: tbl([1500, 1500], [tr([tc('执法支队'), tc('办公室')])]) + '<w:p/>' }), tc('2023年9月底前')]),
  ]),
  // Tracked changes: a deleted deadline and its replacement, a deleted unit, a deleted row.
  'tracked.docx': TITLE + tbl(COLS, [
    HEAD,
    tr([tc('1'), tc('执法计划'), tc('编制年度监督检查计划'), tc('法规科'), tc('', { xml: `<w:p>${run('执法支队')}<w:del w:id="1" w:author="张三" w:date="2023-02-01T00:00:00Z"><w:r><w:delText>、办公室</w:delText></w:r></w:del></w:p>` }),
      tc('', { xml: `<w:p><w:del w:id="2" w:author="张三" w:date="2023-02-01T00:00:00Z"><w:r><w:delText>2023年3月底前</w:delText></w:r></w:del><w:ins w:id="3" w:author="张三" w:date="2023-02-01T00:00:00Z">${run('2023年4月底前')}</w:ins></w:p>` })]),
    tr([tc('2'), tc('已删除的任务'), tc('这一行已被修订删除'), tc('办公室'), tc(''), tc('2023年5月底前')], { del: true }),
    row('2', '执法培训', '组织全员执法培训', '办公室', '法规科', '2023年6月底前'),
  ]),
  // A contact table (联系人) before the 分工表: the 分工表 is chosen.
  'contact-first.docx': p('联系人及联系方式') + tbl([2000, 2000, 2000], [tr([tc('单位'), tc('联系人'), tc('电话')]), tr([tc('法规科'), tc('张三'), tc('12345678')])]) + TITLE + tbl(COLS, [
    HEAD,
    row('1', '执法计划', '编制年度监督检查计划', '法规科', '执法支队', '2023年3月底前'),
    row('2', '执法培训', '组织全员执法培训', '办公室', '法规科', '2023年6月底前'),
  ]),
  'no-table.docx': p('关于开展“执法规范提升年”活动的通知') + p('各科室：') + p('现将有关事项通知如下。'),
};

function soffice(file, to, outDir) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-'));
  execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', to, '--outdir', outDir, file], { stdio: 'ignore' });
  fs.rmSync(profile, { recursive: true, force: true });
}

(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  for (const [name, body] of Object.entries(SMALL)) fs.writeFileSync(path.join(OUT, name), docx(body));
  // The sample: written as XML, then saved by LibreOffice as .docx and as Word 97 .doc (and the .doc as .wps, the
  // same binary format WPS writes).
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sample-'));
  const raw = path.join(tmp, 'sample.docx');
  fs.writeFileSync(raw, docx(await sampleBody()));
  const lo = path.join(tmp, 'lo');
  fs.mkdirSync(lo);
  soffice(raw, 'docx:MS Word 2007 XML', lo);
  soffice(raw, 'doc:MS Word 97', lo);
  fs.copyFileSync(path.join(lo, 'sample.docx'), path.join(OUT, 'sample.docx'));
  fs.copyFileSync(path.join(lo, 'sample.doc'), path.join(OUT, 'sample.doc'));
  fs.copyFileSync(path.join(lo, 'sample.doc'), path.join(OUT, 'sample.wps'));
  fs.rmSync(tmp, { recursive: true, force: true });
})();
