// The 汇总 sheet as a real spreadsheet engine computed it (rows from recalculate() in ./libreoffice), in the shape
// of `fengong summary --json`, so the two can be compared with toEqual.

import type { UnitCounts } from '../../src/core/summary';

export type SummaryRow = UnitCounts;

/** 汇总 as LibreOffice computed it, in the JSON's shape. */
export function summarySheet(sheets: Map<string, string[][]>): { asOf: string; units: SummaryRow[] } {
  const rows = sheets.get('汇总');
  if (!rows) throw new Error(`no 汇总 sheet among ${[...sheets.keys()].join(', ')}`);
  expect(rows[2].slice(0, 9)).toEqual(['单位', '牵头', '配合', '合计', '已完成', '进行中', '逾期', '7天内到期', '完成率']);
  const units = rows.slice(3).filter((r) => r[0]).map((r) => {
    const [unit, lead, support, total, done, inProgress, overdue, dueSoon] = r;
    return { unit, lead: +lead, support: +support, total: +total, done: +done, inProgress: +inProgress, overdue: +overdue, dueSoon: +dueSoon };
  });
  return { asOf: rows[0][1], units };
}
