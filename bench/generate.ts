// Generated 责任分工表 of any size, shaped like the reference table: merged titles, groups, aliases, typos.
import ExcelJS from 'exceljs';

const UNITS = ['办公室', '法规科', '规财科', '调统科', '防汛减灾科', '火灾防治科', '综合减灾科', '地震地灾防治科', '矿山安全监督管理科', '危险化学品安全监督管理科', '工贸行业安全监督管理科', '预案科', '市应急管理综合行政执法支队', '科普科'];
const SUPPORT = [...UNITS, '各安全生产监管业务科室', '各县（市、区）应急管理局', '市局防汛减灾科'];
const TYPOS = ['法规课', '规才科', '防汛简灾科', '危险化学品安全监督管里科'];
const DEADLINES = ['2023年3月底前', '2023年6月30日前', '2023年底前', '2023年第三季度', '2023.9.30', '每月25日前', '每季度末', '长期坚持', '2023年上半年', '即日起至2023年10月底', '六月底前', '尽快'];

/** Deterministic pseudo-random numbers, so every run measures the same table. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/**
 * `wordSplit`: the share of tasks pasted from Word as several rows (主要内容 one paragraph a row, the task's other
 * cells merged over them, SPEC §2) — the "many merges" table of the bench.
 */
export async function generateTable(tasks: number, seed = 1, wordSplit = 0): Promise<Buffer> {
  const rand = rng(seed);
  const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('分工表');
  ws.getCell('A1').value = '附件';
  ws.getCell('A2').value = '2023年重点工作责任分工表';
  ws.mergeCells('A2:F2');
  ws.getRow(3).values = ['序号', '目标任务', '主要内容', '牵头单位', '配合单位', '完成时限'];
  let row = 4;
  let blockStart = 4;
  let title = '';
  for (let i = 1; i <= tasks; i++, row++) {
    const newBlock = row === blockStart || rand() < 0.3;
    if (newBlock && row > blockStart) {
      if (row - 1 > blockStart) ws.mergeCells(blockStart, 2, row - 1, 2);
      blockStart = row;
    }
    if (row === blockStart) title = `目标任务${i}：${'强化监管执法'.repeat(1 + Math.floor(rand() * 3))}`;
    const support = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => (rand() < 0.02 ? pick(TYPOS) : pick(SUPPORT)));
    ws.getRow(row).values = [
      i,
      row === blockStart ? title : null,
      `主要内容${i}：${'严格按照统筹兼顾、属地为主、分级分类的原则开展工作。'.repeat(1 + Math.floor(rand() * 4))}`,
      rand() < 0.02 ? pick(TYPOS) : pick(UNITS),
      [...new Set(support)].join('、'),
      pick(DEADLINES),
    ];
    if (wordSplit > 0 && rand() < wordSplit) row = splitParagraphs(ws, row, i, 1 + Math.floor(rand() * 3));
  }
  if (row - 1 > blockStart) ws.mergeCells(blockStart, 2, row - 1, 2);
  ws.getCell(row, 1).value = '各安全生产监管业务科室范围：矿山安全监督管理科（煤矿安全监督管理科）、危险化学品安全监督管理科（烟花爆竹安全监督管理科）、工贸行业安全监督管理科、救援协调和预案管理科（科信科）、办公室（新闻宣传和教育培训科）。';
  ws.mergeCells(row, 1, row, 6);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A table spread over many units (a county's 督查 table: `units` bureaus, each leading and supporting tasks). */
export async function generateUnitsTable(tasks: number, units: number, seed = 2): Promise<Buffer> {
  const rand = rng(seed);
  const names = Array.from({ length: units }, (_, i) => `第${i + 1}工作局`);
  const pick = () => names[Math.floor(rand() * names.length)];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('分工表');
  ws.getCell('A1').value = '2023年重点工作责任分工表';
  ws.getRow(2).values = ['序号', '重点任务', '主要内容', '牵头单位', '配合单位', '完成时限'];
  for (let i = 1; i <= tasks; i++) {
    const support = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, pick))].join('、');
    ws.getRow(i + 2).values = [i, `重点任务${i}：${'推进'.repeat(1 + Math.floor(rand() * 5))}`, `主要内容${i}：${'落实责任、细化措施。'.repeat(1 + Math.floor(rand() * 3))}`, pick(), support, DEADLINES[Math.floor(rand() * DEADLINES.length)]];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Adds `more` paragraph rows under task `i` at `row` and merges its other cells over them; the task's last row. */
function splitParagraphs(ws: ExcelJS.Worksheet, row: number, i: number, more: number): number {
  for (let k = 1; k <= more; k++) ws.getCell(row + k, 3).value = `（${k}）第${i}项的措施${k}：按月调度，逐项销号。`;
  for (const col of [1, 4, 5, 6]) ws.mergeCells(row, col, row + more, col);
  return row + more;
}
