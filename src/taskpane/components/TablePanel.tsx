// 表格: what was recognized, and a form to correct the header row and the column of each role.
import { Suspense, lazy, useMemo, useState } from "react";
import { Body1, Button, Caption1, Field, Input, Select, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import type { Analysis } from "../../core/check/analyze";
import type { ColumnMap, ColumnMapping, Role } from "../../core/read/recognize";
import type { Engine, WordImport } from "../types";
// Its own chunk (with the reader behind it): the Word import adds nothing to the pane's initial bundle.
const WordImportSection = lazy(() => import(/* webpackChunkName: "word-ui" */ "./WordImport").then((m) => ({ default: m.WordImportSection })));

interface Props {
  analysis: Analysis | null;
  engine: Engine;
  busy: boolean;
  onApply: (mapping: ColumnMapping | null) => Promise<boolean>;
  onInspect: () => void;
  onImportWord: (w: WordImport) => Promise<boolean>;
}

const ROLE_FIELDS: { role: Role; label: string }[] = [
  { role: "seq", label: "序号" },
  { role: "task", label: "目标任务" },
  { role: "content", label: "主要内容" },
  { role: "lead", label: "牵头单位" },
  { role: "support", label: "配合单位" },
  { role: "deadline", label: "完成时限" },
];
const ROLE_LABEL = Object.fromEntries(ROLE_FIELDS.map((f) => [f.role, f.label])) as Record<Role, string>;

/** Form values as the inputs hold them: the 1-based row as typed, a column index as text or "" for 无. */
interface Form {
  headerRow: string;
  columns: Record<Role, string>;
}

function formOf(analysis: Analysis | null): Form {
  const cols = analysis?.recognition.columns ?? {};
  const columns = Object.fromEntries(ROLE_FIELDS.map(({ role }) => [role, cols[role] === undefined ? "" : String(cols[role])])) as Record<Role, string>;
  return { headerRow: analysis ? String(analysis.recognition.headerRow + 1) : "", columns };
}

interface Checked {
  mapping: ColumnMapping | null;
  rowError?: string;
  columnErrors: Partial<Record<Role, string>>;
  formError?: string;
}

/** Checks the form before anything is sent to Excel; the engine still refuses a mapping that yields no tasks. */
function check(form: Form, letter: (c: number) => string): Checked {
  const columnErrors: Checked["columnErrors"] = {};
  const row = Number(form.headerRow.trim());
  const rowError = Number.isInteger(row) && row >= 1 && row <= 1048576 ? undefined : "请输入表头所在的行号（从 1 开始的整数）。";
  const columns: ColumnMap = {};
  const owner = new Map<number, Role>();
  for (const { role } of ROLE_FIELDS) {
    if (form.columns[role] === "") continue;
    const c = Number(form.columns[role]);
    const first = owner.get(c);
    if (first) columnErrors[role] = `${letter(c)} 列已对应“${ROLE_LABEL[first]}”，一列只能对应一项。`;
    else owner.set(c, role);
    columns[role] = c;
  }
  const formError = owner.size === 0 ? "请至少为一项指定所在的列。" : undefined;
  const valid = !rowError && !formError && Object.keys(columnErrors).length === 0;
  return { mapping: valid ? { headerRow: row - 1, columns } : null, rowError, columnErrors, formError };
}

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: "12px" },
  facts: { display: "grid", gridTemplateColumns: "auto 1fr", columnGap: "12px", rowGap: "4px", margin: 0 },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: "anywhere" },
  // minWidth 0 lets a cell shrink below its longest option text instead of widening the narrow pane.
  grid: { display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(120px, 1fr))", gap: "8px 12px", "& > *": { minWidth: 0 } },
  select: { width: "100%", minWidth: 0 },
  buttons: { display: "flex", flexWrap: "wrap", gap: "8px" },
  hint: { color: tokens.colorNeutralForeground3 },
  error: { color: tokens.colorPaletteRedForeground1 },
});

export function TablePanel({ analysis, engine, busy, onApply, onInspect, onImportWord }: Props) {
  const styles = useStyles();
  const [form, setForm] = useState<Form>(() => formOf(analysis));
  const [formSource, setFormSource] = useState(analysis);
  // A new analysis (re-validation, applied correction) resets the form to what is now recognized. Done during
  // render, not in an effect, so the stale form never flashes validation errors for one frame.
  if (formSource !== analysis) {
    setFormSource(analysis);
    setForm(formOf(analysis));
  }

  const r = analysis?.recognition;
  const choices = useMemo(() => {
    const hint = new Map<number, string>();
    if (r) {
      for (const { role } of ROLE_FIELDS) if (r.columns[role] !== undefined) hint.set(r.columns[role]!, ROLE_LABEL[role]);
      for (const o of r.others) hint.set(o.col, o.label);
    }
    // The table's columns plus a few to the right, in case detection left one out; A–Z when nothing was found.
    const last = r ? Math.max(r.right, ...hint.keys()) + 2 : 25;
    return Array.from({ length: Math.max(last, 7) + 1 }, (_, c) => {
      const h = hint.get(c);
      return { value: String(c), text: h ? `${engine.columnLetter(c)}（${h}）` : `${engine.columnLetter(c)} 列` };
    });
  }, [r, engine]);

  const checked = check(form, engine.columnLetter);
  const current = formOf(analysis);
  const changed = JSON.stringify(current) !== JSON.stringify(form);

  const setColumn = (role: Role, value: string) => setForm((f) => ({ ...f, columns: { ...f.columns, [role]: value } }));

  return (
    <section className={styles.root} aria-label="表格">
      <Subtitle2 as="h2">识别结果</Subtitle2>
      {r && analysis ? (
        <dl className={styles.facts}>
          <dt className={styles.term}>工作表</dt>
          <dd className={styles.value}>{r.sheet}</dd>
          {r.title && (
            <>
              <dt className={styles.term}>标题</dt>
              <dd className={styles.value}>{r.title}</dd>
            </>
          )}
          <dt className={styles.term}>表头</dt>
          <dd className={styles.value}>{r.headerTop < r.headerRow ? `第 ${r.headerTop + 1}–${r.headerRow + 1} 行` : `第 ${r.headerRow + 1} 行`}</dd>
          <dt className={styles.term}>表格范围</dt>
          <dd className={styles.value}>{`${engine.columnLetter(r.left)}–${engine.columnLetter(r.right)} 列`}</dd>
          <dt className={styles.term}>任务数</dt>
          <dd className={styles.value}>{`${analysis.tasks.length} 项`}</dd>
          {analysis.year !== undefined && (
            <>
              <dt className={styles.term}>年份</dt>
              <dd className={styles.value}>{`${analysis.year} 年`}</dd>
            </>
          )}
          {r.others.length > 0 && (
            <>
              <dt className={styles.term}>其他列</dt>
              <dd className={styles.value}>{r.others.map((o) => `${o.label}（${engine.columnLetter(o.col)}）`).join("、")}</dd>
            </>
          )}
        </dl>
      ) : (
        <Body1>当前工作表中还没有识别到责任分工表。可以切换到分工表所在的工作表后点“重新校验”，或在下面指定表头行和各列后点“应用更正”。</Body1>
      )}
      <div className={styles.buttons}>
        <Button appearance={r ? "secondary" : "primary"} disabled={busy} onClick={onInspect}>
          重新校验
        </Button>
      </div>

      <Suspense fallback={null}>
        <WordImportSection busy={busy} onImport={onImportWord} />
      </Suspense>

      <Subtitle2 as="h2">更正列对应</Subtitle2>
      <Caption1 className={styles.hint}>自动识别不对时，在这里指定表头所在的行和每项所在的列。更正保存在工作簿中，下次打开仍然有效。</Caption1>
      <Field label="表头行号" validationMessage={changed ? checked.rowError : undefined} validationState={changed && checked.rowError ? "error" : "none"}>
        <Input
          type="number"
          min={1}
          value={form.headerRow}
          onChange={(_, d) => setForm((f) => ({ ...f, headerRow: d.value }))}
          contentAfter={<Caption1>行</Caption1>}
        />
      </Field>
      <div className={styles.grid}>
        {ROLE_FIELDS.map(({ role, label }) => (
          <Field
            key={role}
            label={label}
            validationMessage={checked.columnErrors[role]}
            validationState={checked.columnErrors[role] ? "error" : "none"}
          >
            <Select className={styles.select} value={form.columns[role]} onChange={(_, d) => setColumn(role, d.value)}>
              <option value="">无</option>
              {choices.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.text}
                </option>
              ))}
            </Select>
          </Field>
        ))}
      </div>
      {changed && checked.formError && <Caption1 className={styles.error}>{checked.formError}</Caption1>}
      <div className={styles.buttons}>
        <Button appearance="primary" disabled={busy || !checked.mapping || !changed} onClick={() => checked.mapping && void onApply(checked.mapping)}>
          应用更正
        </Button>
        <Button disabled={busy} onClick={() => void onApply(null)}>
          恢复自动识别
        </Button>
        {changed && (
          <Button appearance="subtle" disabled={busy} onClick={() => setForm(current)}>
            撤销修改
          </Button>
        )}
      </div>
    </section>
  );
}
