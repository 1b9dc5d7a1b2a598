// The 汇总 sheet as a real spreadsheet engine computed it (rows from recalculate() in ./libreoffice), in the shape
// of `fengong summary --json`, so the two can be compared with toEqual.

import type { UnitCounts } from '../../src/core/plan/summary';

export type SummaryRow = UnitCounts;

/** 汇总 as LibreOffice computed it, in the JSON's shape; `total` is its 合计 row (each task once). */
export function summarySheet(sheets: Map<string, string[][]>): { asOf: string; units: SummaryRow[]; total: string[] } {
  const rows = sheets.get('汇总');
  if (!rows) throw new Error(`no 汇总 sheet among ${[...sheets.keys()].join(', ')}`);
  // Title, 基准日期, a blank row, then the header (SPEC §5).
  expect(rows[0][0]).toMatch(/——完成情况汇总$/);
  expect(rows[1][0]).toBe('基准日期');
  expect(rows[3].slice(0, 9)).toEqual(['单位', '牵头', '配合', '合计', '已完成', '进行中', '逾期', '7天内到期', '完成率']);
  const body = rows.slice(4).filter((r) => r[0]);
  const totalAt = body.findIndex((r) => r[0].startsWith('合计'));
  expect(totalAt).toBe(body.length - 1);
  const units = body.slice(0, totalAt).map((r) => {
    const [unit, lead, support, total, done, inProgress, overdue, dueSoon] = r;
    return { unit, lead: +lead, support: +support, total: +total, done: +done, inProgress: +inProgress, overdue: +overdue, dueSoon: +dueSoon };
  });
  return { asOf: isoDate(rows[1][1]), units, total: body[totalAt] };
}

/**
 * A date cell as LibreOffice's CSV export writes it, as ISO: not "as shown", so a cell in a Chinese date format comes
 * out in the export's own form, MM/DD/YYYY; an ISO-formatted cell stays ISO. Anything else is returned as it was.
 */
function isoDate(text: string): string {
  const us = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  return us ? `${us[3]}-${us[1]}-${us[2]}` : text;
}
