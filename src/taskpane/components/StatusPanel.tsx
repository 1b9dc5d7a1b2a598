// 状态与汇总: the 基准日期 (as-of date), 添加状态列 and 生成汇总. Progress and outcomes show in the StatusBar.
import { useEffect, useState } from "react";
import { Body1, Button, Caption1, Field, Input, Radio, RadioGroup, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import type { IsoDate } from "../../core/types";
import { isIsoDate, todayIso } from "../../core/dates";

interface Props {
  /** undefined: not known yet; null: today (=TODAY()); else the fixed date. */
  asOf: IsoDate | null | undefined;
  busy: boolean;
  hasAnalysis: boolean;
  onApplyAsOf: (asOf: IsoDate | null) => Promise<boolean>;
  onAddStatus: () => Promise<boolean>;
  onSummarize: () => Promise<boolean>;
}

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: "10px" },
  hint: { color: tokens.colorNeutralForeground3 },
  row: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "flex-end" },
  section: { display: "flex", flexDirection: "column", gap: "6px", marginTop: "8px" },
});

export function StatusPanel({ asOf, busy, hasAnalysis, onApplyAsOf, onAddStatus, onSummarize }: Props) {
  const styles = useStyles();
  const [mode, setMode] = useState<"today" | "fixed">(asOf ? "fixed" : "today");
  const [date, setDate] = useState<string>(asOf ?? todayIso());
  // Follow the workbook when its stored value becomes known or changes.
  useEffect(() => {
    if (asOf === undefined) return;
    setMode(asOf ? "fixed" : "today");
    if (asOf) setDate(asOf);
  }, [asOf]);

  const dateOk = isIsoDate(date);
  const wanted: IsoDate | null = mode === "today" ? null : date;
  const unchanged = asOf !== undefined && wanted === asOf;
  const current = asOf === undefined ? "尚未读取" : asOf === null ? "今天（随打开日期变化）" : asOf;

  return (
    <section className={styles.root} aria-label="状态与汇总">
      <Subtitle2 as="h2">基准日期</Subtitle2>
      <Caption1 className={styles.hint}>
        逾期、7 天内到期和剩余天数都按基准日期计算。保存在工作簿的名称“基准日期”中，未安装加载项的同事打开时同样有效。
      </Caption1>
      <Body1>{`当前：${current}`}</Body1>
      <RadioGroup value={mode} onChange={(_, d) => setMode(d.value as "today" | "fixed")} aria-label="基准日期">
        <Radio value="today" label="今天" />
        <Radio value="fixed" label="固定日期" />
      </RadioGroup>
      {mode === "fixed" && (
        <Field
          label="日期"
          validationMessage={dateOk ? undefined : "请输入有效日期，例如 2024-06-30。"}
          validationState={dateOk ? "none" : "error"}
        >
          <Input type="date" placeholder="YYYY-MM-DD" value={date} onChange={(_, d) => setDate(d.value)} />
        </Field>
      )}
      <div className={styles.row}>
        <Button disabled={busy || unchanged || (mode === "fixed" && !dateOk)} onClick={() => void onApplyAsOf(wanted)}>
          应用基准日期
        </Button>
      </div>

      <div className={styles.section}>
        <Subtitle2 as="h2">状态列</Subtitle2>
        <Caption1 className={styles.hint}>
          在表格右侧添加完成状态、实际完成日期、进展情况、截止日期、剩余天数，并按基准日期标出逾期和即将到期的任务。再次运行不会重复添加，已填写的内容会保留。
        </Caption1>
        <div className={styles.row}>
          <Button appearance="primary" disabled={busy} onClick={() => void onAddStatus()}>
            添加状态列
          </Button>
        </div>
      </div>

      <div className={styles.section}>
        <Subtitle2 as="h2">汇总</Subtitle2>
        <Caption1 className={styles.hint}>
          生成“汇总”“任务明细”和各单位的任务清单工作表，统计随完成状态自动更新。再次运行会替换之前生成的这些工作表。
        </Caption1>
        <div className={styles.row}>
          <Button appearance="primary" disabled={busy} onClick={() => void onSummarize()}>
            生成汇总
          </Button>
        </div>
      </div>
      {!hasAnalysis && <Caption1 className={styles.hint}>提示：当前工作表还没有识别到分工表，请先切换到分工表所在的工作表。</Caption1>}
    </section>
  );
}
