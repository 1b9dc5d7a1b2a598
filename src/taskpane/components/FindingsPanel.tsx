// 问题: findings grouped by severity and code, filterable; a click selects the cell, a suggestion fixes it.
// Finding texts come from the user's cells: they are rendered as React text only, never as HTML.
import { useMemo, useState } from "react";
import {
  Badge,
  Body1,
  Button,
  Caption1,
  Field,
  SearchBox,
  Select,
  Subtitle2,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import type { Finding, Severity } from "../../core/types";
import { SEVERITY_BADGE, SEVERITY_LABEL, SEVERITY_ORDER, codeLabel } from "../types";

interface Props {
  findings: Finding[];
  hasAnalysis: boolean;
  busy: boolean;
  onSelect: (finding: Finding) => void;
  onApply: (finding: Finding, replacement: string) => Promise<boolean>;
}

/** Rendering thousands of rows makes a task pane sluggish; filters narrow the list instead. */
const MAX_SHOWN = 300;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: "10px" },
  counts: { display: "flex", flexWrap: "wrap", gap: "6px" },
  // minWidth 0 lets a cell shrink below its longest option text instead of widening the narrow pane.
  filters: { display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(120px, 1fr))", gap: "8px 12px", "& > *": { minWidth: 0 } },
  select: { width: "100%", minWidth: 0 },
  group: { display: "flex", flexDirection: "column", gap: "4px" },
  groupHead: { display: "flex", alignItems: "center", gap: "8px", marginTop: "6px" },
  codeHead: { color: tokens.colorNeutralForeground3, marginTop: "4px" },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "2px" },
  item: {
    borderRadius: tokens.borderRadiusMedium,
    borderLeft: `3px solid transparent`,
    padding: "2px 0 4px",
  },
  selected: { backgroundColor: tokens.colorNeutralBackground1Selected, borderLeft: `3px solid ${tokens.colorBrandStroke1}` },
  main: {
    display: "flex",
    gap: "8px",
    alignItems: "baseline",
    width: "100%",
    padding: "4px 6px",
    border: "none",
    background: "none",
    textAlign: "left",
    font: "inherit",
    color: "inherit",
    cursor: "pointer",
    borderRadius: tokens.borderRadiusMedium,
    ":hover": { backgroundColor: tokens.colorSubtleBackgroundHover },
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  cell: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold, flexShrink: 0, minWidth: "3.5em" },
  message: { overflowWrap: "anywhere" },
  suggestions: { display: "flex", flexWrap: "wrap", gap: "4px", paddingLeft: "calc(3.5em + 14px)" },
  muted: { color: tokens.colorNeutralForeground3 },
});

const keyOf = (f: Finding, i: number) => `${f.cell}|${f.code}|${i}`;

export function FindingsPanel({ findings, hasAnalysis, busy, onSelect, onApply }: Props) {
  const styles = useStyles();
  const [severity, setSeverity] = useState<"all" | Severity>("all");
  const [code, setCode] = useState("all");
  const [query, setQuery] = useState("");
  const [selected, setSelected] = useState<string | null>(null);

  const indexed = useMemo(() => findings.map((f, i) => ({ f, key: keyOf(f, i) })), [findings]);
  const counts = useMemo(() => {
    const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    const byCode = new Map<string, number>();
    for (const f of findings) {
      bySeverity[f.severity]++;
      byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
    }
    return { bySeverity, byCode };
  }, [findings]);

  const q = query.trim().toLowerCase();
  const shown = indexed.filter(
    ({ f }) =>
      (severity === "all" || f.severity === severity) &&
      (code === "all" || f.code === code) &&
      (!q || [f.cell, f.message, f.code, codeLabel(f.code), ...f.suggestions].some((t) => t.toLowerCase().includes(q))),
  );
  const visible = shown.slice(0, MAX_SHOWN);

  if (!hasAnalysis) return <Body1>还没有校验结果。请在“表格”页点“重新校验”。</Body1>;
  if (findings.length === 0) return <Body1>没有发现问题：所有完成时限和单位名称都已识别。</Body1>;

  return (
    <section className={styles.root} aria-label="问题">
      <div className={styles.counts}>
        {SEVERITY_ORDER.map((s) => (
          <Badge key={s} appearance={counts.bySeverity[s] ? "filled" : "outline"} color={SEVERITY_BADGE[s]}>
            {`${SEVERITY_LABEL[s]} ${counts.bySeverity[s]}`}
          </Badge>
        ))}
      </div>
      <div className={styles.filters}>
        <Field label="级别">
          <Select className={styles.select} value={severity} onChange={(_, d) => setSeverity(d.value as "all" | Severity)}>
            <option value="all">全部级别</option>
            {SEVERITY_ORDER.map((s) => (
              <option key={s} value={s}>{`${SEVERITY_LABEL[s]}（${counts.bySeverity[s]}）`}</option>
            ))}
          </Select>
        </Field>
        <Field label="类型">
          <Select className={styles.select} value={code} onChange={(_, d) => setCode(d.value)}>
            <option value="all">全部类型</option>
            {[...counts.byCode].map(([c, n]) => (
              <option key={c} value={c}>{`${codeLabel(c)}（${n}）`}</option>
            ))}
          </Select>
        </Field>
      </div>
      <SearchBox placeholder="搜索单元格、内容或单位" value={query} onChange={(_, d) => setQuery(d.value)} aria-label="搜索问题" />
      <Caption1 className={styles.muted}>点一条问题可在表格中选中对应单元格。</Caption1>

      {shown.length === 0 && <Body1>没有符合筛选条件的问题。</Body1>}
      {SEVERITY_ORDER.map((s) => {
        const ofSeverity = visible.filter(({ f }) => f.severity === s);
        if (ofSeverity.length === 0) return null;
        const codes = [...new Set(ofSeverity.map(({ f }) => f.code))];
        return (
          <div key={s} className={styles.group}>
            <div className={styles.groupHead}>
              <Subtitle2 as="h2">{SEVERITY_LABEL[s]}</Subtitle2>
              <Badge appearance="tint" color={SEVERITY_BADGE[s]}>
                {shown.filter(({ f }) => f.severity === s).length}
              </Badge>
            </div>
            {codes.map((c) => {
              const items = ofSeverity.filter(({ f }) => f.code === c);
              return (
                <div key={c}>
                  <Caption1 as="h3" className={styles.codeHead} title={c}>{`${codeLabel(c)}（${items.length}）`}</Caption1>
                  <ul className={styles.list}>
                    {items.map(({ f, key }) => (
                      <li
                        key={key}
                        className={mergeClasses(styles.item, selected === key && styles.selected)}
                        data-testid="finding"
                        data-cell={f.cell}
                        data-code={f.code}
                        data-severity={f.severity}
                      >
                        <button
                          type="button"
                          className={styles.main}
                          title="在表格中选中此单元格"
                          onClick={() => {
                            setSelected(key);
                            onSelect(f);
                          }}
                        >
                          <span className={styles.cell}>{f.cell}</span>
                          <span className={styles.message}>{f.message}</span>
                        </button>
                        {f.suggestions.length > 0 && (
                          <div className={styles.suggestions}>
                            {f.suggestions.map((s) => (
                              <Button key={s} size="small" disabled={busy} onClick={() => void onApply(f, s)}>
                                {`改为“${s}”`}
                              </Button>
                            ))}
                          </div>
                        )}
                      </li>
                    ))}
                  </ul>
                </div>
              );
            })}
          </div>
        );
      })}
      {shown.length > MAX_SHOWN && (
        <Caption1 className={styles.muted}>{`仅显示前 ${MAX_SHOWN} 条（共 ${shown.length} 条）。请用上面的筛选或搜索缩小范围。`}</Caption1>
      )}
    </section>
  );
}
