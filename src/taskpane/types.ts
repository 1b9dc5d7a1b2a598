// Types shared by the task pane's components. Type-only imports: the engine itself is loaded lazily (see engine.ts).
import type { Severity } from "../core/types";
import type { WordGrid } from "../core/read/document";
import type { ImportPreview } from "../core/plan/import";
// A plain constant from a module without imports: it keeps the engine out of the initial bundle.
export { SEVERITY_LABEL } from "../core/types";

/** The lazily loaded engine module. */
export type Engine = typeof import("./engine");

/** The action running now and the engine's last progress step. */
export interface Busy {
  label: string;
  step: string;
}

export interface Notice {
  intent: "success" | "error" | "warning" | "info";
  text: string;
}

/** A Word file read in the pane, waiting for the user to write it to a new sheet. */
export interface WordImport {
  fileName: string;
  word: WordGrid;
  preview: ImportPreview;
}

export const SEVERITY_ORDER: Severity[] = ["error", "warning", "info"];

export const SEVERITY_BADGE: Record<Severity, "danger" | "warning" | "informative"> = {
  error: "danger",
  warning: "warning",
  info: "informative",
};

/** Short Chinese names for finding codes; unknown codes fall back to the code itself. */
export const CODE_LABEL: Record<string, string> = {
  "deadline.missing": "完成时限为空",
  "deadline.unparsed": "完成时限无法识别",
  "deadline.impossible": "完成时限日期不存在",
  "deadline.year-inferred": "完成时限未写年份",
  "deadline.year-outlier": "完成时限年份异常",
  "deadline.counted-from": "时限天数从交办日起算",
  "deadline.no-start": "时限天数缺起算日期",
  "deadline.working-days": "时限按工作日计",
  "deadline.immediate": "立即整改按交办日计",
  "deadline.event": "时限以节令为期",
  "unit.unknown": "单位不在名录中",
  "unit.alias": "单位使用别名",
  "unit.short-name": "单位使用简称",
  "unit.short-name-ambiguous": "简称对应多个单位",
  "unit.lead-and-support": "既牵头又配合",
  "unit.variant": "单位写法不一致",
  "unit.run-together": "单位名称连写",
  "unit.directory-from-table": "名录取自本表",
  "structure.no-unit-column": "没有单位列",
  "structure.no-deadline-column": "没有完成时限列",
  "structure.task-missing": "目标任务为空",
  "structure.lead-missing": "牵头单位为空",
  "structure.seq-missing": "序号缺失",
  "structure.seq-duplicate": "序号重复",
  "structure.seq-gap": "序号不连续",
  "structure.task-title-repeated": "目标任务标题重复",
  "structure.cell-error": "单元格错误值",
  "structure.formula": "单元格是公式",
  "structure.inferredMerge": "合并单元格按推断处理",
  "unit.directory-loop": "单位名录分组循环",
  "unit.directory-duplicate": "单位名录名称重复",
  "unit.directory-unknown-member": "分组成员不在名录中",
};

export const codeLabel = (code: string): string => CODE_LABEL[code] ?? code;
