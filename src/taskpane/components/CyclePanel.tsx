// 督办 (SPEC §9): send each unit its list (导出各单位清单), chase the late ones (催办), collect what comes back (合并回报).
// Presentational like the other panels: App runs the engine and holds the reminders and the merge report.
import { Fragment, useRef, useState } from "react";
import {
  Badge,
  Body1,
  Body1Strong,
  Button,
  Caption1,
  Field,
  Input,
  Select,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { Analysis } from "../../core/check/analyze";
import type { MergeReport, Reminder, UserValues } from "../../core/cycle/cycle";
import type { IsoDate } from "../../core/types";
import { isIsoDate } from "../../core/dates";
import { remindSummary, replyText } from "../../core/cycle/report-text";
import type { Engine } from "../types";

export interface ListOptions {
  replyBy?: IsoDate;
  returnTo?: string;
}

interface Props {
  analysis: Analysis | null;
  /** The workbook's 基准日期: undefined not read yet, null TODAY(). */
  asOf: IsoDate | null | undefined;
  engine: Engine;
  busy: boolean;
  reminders: { asOf: IsoDate; list: Reminder[] } | null;
  report: MergeReport | null;
  /** null: every unit. */
  onOpenLists: (units: string[] | null, options: ListOptions) => Promise<boolean>;
  /** since: 起始日期 for 催报 (units with no reply in 反馈记录 since then), or undefined. */
  onRemind: (since?: IsoDate) => Promise<boolean>;
  onMerge: (files: File[]) => Promise<boolean>;
}

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: "10px" },
  section: { display: "flex", flexDirection: "column", gap: "8px", marginTop: "8px" },
  hint: { color: tokens.colorNeutralForeground3 },
  row: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "flex-end" },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "4px" },
  unit: { display: "flex", alignItems: "center", gap: "8px", "& > :first-child": { flexGrow: 1, minWidth: 0, overflowWrap: "anywhere" } },
  card: {
    display: "flex",
    flexDirection: "column",
    gap: "6px",
    padding: "10px",
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  notice: { width: "100%", "& textarea": { minHeight: "180px", fontSize: tokens.fontSizeBase200 } },
  // The input stays in the page (tests and assistive tools reach it); the button opens it.
  file: { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" },
  select: { width: "100%", minWidth: 0 },
  // Narrow pane: the columns size to their content and wrap; 说明 gets a full-width line under its row.
  table: { tableLayout: "auto", width: "100%", "& td, & th": { verticalAlign: "top", overflowWrap: "anywhere", paddingLeft: "4px", paddingRight: "4px" } },
  nowrap: { whiteSpace: "nowrap" },
  note: { color: tokens.colorNeutralForeground2, paddingBottom: "6px" },
});

/** 导出各单位清单: the units with their task counts; one list or all opened in new Excel windows. */
function UnitLists({ analysis, asOf, engine, busy, onOpenLists }: Pick<Props, "analysis" | "asOf" | "engine" | "busy" | "onOpenLists">) {
  const styles = useStyles();
  // null: follow the default (it moves with 基准日期) until the user types a date.
  const [replyBy, setReplyBy] = useState<string | null>(null);
  const [returnTo, setReturnTo] = useState("");
  const defaults = engine.splitDefaults(asOf ?? undefined);
  const date = replyBy ?? defaults.replyBy;
  const dateOk = isIsoDate(date);
  const units = analysis ? engine.unitListCounts(analysis) : [];
  const open = (which: string[] | null) => void onOpenLists(which, { replyBy: date, ...(returnTo.trim() ? { returnTo: returnTo.trim() } : {}) });

  return (
    <div className={styles.section}>
      <Subtitle2 as="h2">导出各单位清单</Subtitle2>
      <Caption1 className={styles.hint}>
        为每个单位生成一份只含本单位任务的工作簿，在新窗口中打开，可用“文件 &gt; 共享”发给该单位。清单中完成状态（下拉选择）、实际完成日期、进展情况三列待填写，单位填好发回后用下方“合并回报”收回。
      </Caption1>
      <div className={styles.row}>
        <Field label="反馈截止日期" validationMessage={dateOk ? undefined : "请输入有效日期，例如 2024-06-30。"} validationState={dateOk ? "none" : "error"}>
          <Input type="date" value={date} onChange={(_, d) => setReplyBy(d.value)} />
        </Field>
        <Field label="发回给">
          <Input value={returnTo} placeholder={defaults.returnTo} onChange={(_, d) => setReturnTo(d.value)} />
        </Field>
      </div>
      {units.length === 0 ? (
        <Body1 className={styles.hint}>{analysis ? "表格中没有单位承担任务。" : "请先在“表格”页校验表格。"}</Body1>
      ) : (
        <>
          <ul className={styles.list} aria-label="各单位任务数">
            {units.map((u) => (
              <li key={u.unit} className={styles.unit} data-testid="unit-list" data-unit={u.unit}>
                <Body1>{u.unit}</Body1>
                <Caption1>{`${u.tasks} 项`}</Caption1>
                <Button size="small" disabled={busy || !dateOk} aria-label={`打开“${u.unit}”的清单`} onClick={() => open([u.unit])}>
                  打开
                </Button>
              </li>
            ))}
          </ul>
          <div className={styles.row}>
            <Button appearance="primary" disabled={busy || !dateOk} onClick={() => open(null)}>
              {`全部打开（${units.length} 个单位）`}
            </Button>
          </div>
        </>
      )}
    </div>
  );
}

/** Copies the text; where the Office webview refuses the Clipboard API, selects it in the text area and copies that. */
async function copyText(text: string, area: HTMLTextAreaElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No permission, no secure context or no Clipboard API at all: the old way below.
  }
  if (!area) return false;
  area.focus();
  area.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  }
}

function ReminderCard({ reminder }: { reminder: Reminder }) {
  const styles = useStyles();
  const area = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = async () => setCopied(await copyText(reminder.text, area.current));
  return (
    <div className={styles.card} data-testid="reminder" data-unit={reminder.unit}>
      <div className={styles.unit}>
        <Body1Strong>{reminder.unit}</Body1Strong>
        {reminder.overdue.length > 0 && <Badge color="danger">{`逾期 ${reminder.overdue.length}`}</Badge>}
        {reminder.dueSoon.length > 0 && <Badge color="warning">{`7 天内到期 ${reminder.dueSoon.length}`}</Badge>}
      </div>
      <Textarea ref={area} className={styles.notice} readOnly resize="vertical" value={reminder.text} aria-label={`${reminder.unit}的催办通知`} />
      <div className={styles.row}>
        <Button size="small" onClick={() => void copy()}>
          复制
        </Button>
        {copied === true && <Caption1 data-testid="copied">已复制到剪贴板。</Caption1>}
        {copied === false && <Caption1>无法自动复制：通知已选中，请按 Ctrl+C 复制。</Caption1>}
      </div>
    </div>
  );
}

/** 催办: a notice per unit behind, as of the workbook's 基准日期; with a 起始日期, also the units that have not reported. */
function Reminders({ busy, reminders, onRemind }: Pick<Props, "busy" | "reminders" | "onRemind">) {
  const styles = useStyles();
  const [unit, setUnit] = useState("");
  const [since, setSince] = useState("");
  const sinceBad = since !== "" && !isIsoDate(since);
  const list = reminders?.list ?? [];
  const shown = unit ? list.filter((r) => r.unit === unit) : list;
  return (
    <div className={styles.section}>
      <Subtitle2 as="h2">催办</Subtitle2>
      <Caption1 className={styles.hint}>按基准日期列出各单位已逾期和 7 天内到期的任务，生成催办通知，复制后可通过短信、即时通讯或公文系统发送。</Caption1>
      <Field label="起始日期（可选）" hint="填写后，自该日起在“反馈记录”中没有任何回报的单位也会列出，并附请其报送进展的通知（催报）。" validationMessage={sinceBad ? "请按 YYYY-MM-DD 填写有效日期" : undefined}>
        <Input type="date" value={since} onChange={(_, d) => setSince(d.value)} data-testid="remind-since" />
      </Field>
      <div className={styles.row}>
        <Button disabled={busy || sinceBad} onClick={() => void onRemind(since || undefined)}>
          {reminders ? "重新生成" : "生成催办通知"}
        </Button>
      </div>
      {reminders && list.length === 0 && <Body1 data-testid="remind-none">{remindSummary(reminders.asOf, list)}</Body1>}
      {list.length > 0 && (
        <>
          <Body1 data-testid="remind-found">{remindSummary(reminders!.asOf, list)}</Body1>
          <Field label="单位">
            <Select className={styles.select} value={unit} onChange={(_, d) => setUnit(d.value)}>
              <option value="">{`全部单位（${list.length}）`}</option>
              {list.map((r) => (
                <option key={r.unit} value={r.unit}>
                  {`${r.unit}（逾期 ${r.overdue.length}，临期 ${r.dueSoon.length}${r.notReported ? "，未反馈" : ""}）`}
                </option>
              ))}
            </Select>
          </Field>
          {shown.map((r) => (
            <ReminderCard key={r.unit} reminder={r} />
          ))}
        </>
      )}
    </div>
  );
}

const shownValue = (v: string) => (v ? `“${v}”` : "（空）");

/** One entry of the report table: 结果, 序号, 行, 单位, 字段, 原值 → 新值, and 说明 on a line of its own. */
interface ReportLine {
  kind: "采用" | "冲突" | "不一致" | "未采用";
  seq: string;
  row: string;
  unit: string;
  field: string;
  change: string;
  note: string;
}

function reportLines(r: MergeReport): ReportLine[] {
  return [
    ...r.applied.map((a): ReportLine => ({ kind: "采用", seq: a.seq, row: String(a.row), unit: a.unit, field: a.field, change: `${shownValue(a.from)} → ${shownValue(a.to)}`, note: a.from ? "替换原值（以牵头单位为准）" : "" })),
    ...r.conflicts.map(
      (c): ReportLine => ({
        kind: "冲突",
        seq: c.seq,
        row: String(c.row),
        unit: c.records.map((v) => v.unit).join("、"),
        field: "整条回报",
        change: `保留原值 ${replyText(c.kept)}`,
        note: `回报不一致：${c.records.map((v) => `${v.unit}（${v.role}，${v.file}）报 ${replyText(v.values)}`).join("；")}`,
      }),
    ),
    ...r.dissent.map(
      (d): ReportLine => ({
        kind: "不一致",
        seq: d.seq,
        row: String(d.row),
        unit: d.unit,
        field: "整条回报",
        change: replyText(d.values),
        note: `${d.unit}（${d.role}，${d.file}）的回报与${d.against === "原表" ? "原表" : `${d.against}的`}记录不同，未采用，已记入“反馈记录”`,
      }),
    ),
    ...r.ignored.map((i): ReportLine => ({ kind: "未采用", seq: i.seq ?? "", row: "", unit: i.unit ?? "", field: "", change: "", note: `${i.file}：${i.reason}` })),
  ];
}

const KIND_BADGE = { 采用: "success", 冲突: "danger", 不一致: "warning", 未采用: "informative" } as const;

/** The report in one sentence. */
function reportSentence(r: MergeReport): string {
  const written = r.applied.length ? `已将 ${r.applied.length} 处填报写入表格` : "没有写入任何内容";
  const dissent = r.dissent.length ? `；${r.dissent.length} 条回报与采用的不一致（未采用）` : "";
  return `${written}；冲突 ${r.conflicts.length} 处（保留原值）${dissent}；未采用 ${r.ignored.length} 处。每条回报都已记入“反馈记录”工作表。`;
}

/** 合并回报: pick the returned files, merge them, show the report. */
function Merge({ busy, report, onMerge }: Pick<Props, "busy" | "report" | "onMerge">) {
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const merge = async () => {
    if (await onMerge(files)) {
      setFiles([]);
      if (input.current) input.current.value = "";
    }
  };
  return (
    <div className={styles.section}>
      <Subtitle2 as="h2">合并回报</Subtitle2>
      <Caption1 className={styles.hint}>
        选择各单位发回的清单（或整份表格的副本），把其中的完成状态、实际完成日期、进展情况写入当前表格。每个单位对一项任务的回报作为一整条采用或不采用：牵头单位的回报优先；没有牵头单位回报时，配合单位的回报一致才采用，不一致列为冲突并保留原值；与采用的回报不同的也逐条列出。收到的每条回报都记入“反馈记录”工作表。
      </Caption1>
      <input
        ref={input}
        className={styles.file}
        type="file"
        multiple
        accept=".xlsx"
        aria-label="回报文件"
        data-testid="merge-files"
        onChange={(e) => setFiles(Array.from(e.currentTarget.files ?? []))}
      />
      <div className={styles.row}>
        <Button disabled={busy} onClick={() => input.current?.click()}>
          选择回报文件…
        </Button>
        <Button appearance="primary" disabled={busy || files.length === 0} onClick={() => void merge()}>
          合并到当前表格
        </Button>
      </div>
      {files.length > 0 && <Caption1>{`已选 ${files.length} 个文件：${files.map((f) => f.name).join("、")}`}</Caption1>}
      {report && (
        <>
          <Body1 data-testid="merge-summary">{reportSentence(report)}</Body1>
          <Table size="extra-small" className={styles.table} aria-label="合并结果" data-testid="merge-report">
            <TableHeader>
              <TableRow>
                {["结果", "序号", "行", "单位", "字段", "原值 → 新值"].map((h) => (
                  <TableHeaderCell key={h} className={styles.nowrap}>
                    {h}
                  </TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {reportLines(report).map((l, i) => (
                <Fragment key={i}>
                  <TableRow data-testid="merge-row" data-kind={l.kind} data-note={l.note}>
                    <TableCell className={styles.nowrap}>
                      <Badge appearance="tint" color={KIND_BADGE[l.kind]}>
                        {l.kind}
                      </Badge>
                    </TableCell>
                    <TableCell className={styles.nowrap}>{l.seq}</TableCell>
                    <TableCell className={styles.nowrap}>{l.row}</TableCell>
                    <TableCell>{l.unit}</TableCell>
                    <TableCell className={styles.nowrap}>{l.field}</TableCell>
                    <TableCell>
                      {/* A date never breaks at its hyphens in a 360 px pane. */}
                      {l.change.split(/(\d{4}-\d{2}-\d{2})/).map((part, k) => (k % 2 ? <span key={k} className={styles.nowrap}>{part}</span> : part))}
                    </TableCell>
                  </TableRow>
                  {l.note && (
                    <TableRow data-testid="merge-note">
                      <TableCell colSpan={6} className={styles.note}>{`说明：${l.note}`}</TableCell>
                    </TableRow>
                  )}
                </Fragment>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </div>
  );
}

export function CyclePanel(props: Props) {
  const styles = useStyles();
  return (
    <section className={styles.root} aria-label="督办">
      <UnitLists {...props} />
      <Reminders {...props} />
      <Merge {...props} />
      {!props.analysis && <Caption1 className={styles.hint}>提示：当前工作表还没有识别到分工表，请先切换到分工表所在的工作表。</Caption1>}
    </section>
  );
}
