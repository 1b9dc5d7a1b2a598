/*
 * The task pane (SPEC §7). App owns all state and is the only place that calls the engine; the panels under
 * components/ are presentational and get data plus handlers.
 *
 * The engine is loaded with import() after the first render so the pane paints quickly (see engine.ts); so is the 督办
 * panel, whose tables and text areas only that tab needs (it loads with the engine, so one failure path covers both).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { Body1, Button, Caption1, CounterBadge, Spinner, Tab, TabList, Title3, makeStyles, tokens } from "@fluentui/react-components";
import type { Host, Outcome, Progress } from "../adapters/office/actions";
import type { Analysis } from "../core/check/analyze";
import type { DirectoryEdit } from "../core/commands";
import type { MergeReport, Reminder } from "../core/cycle/cycle";
import type { ColumnMapping } from "../core/read/recognize";
import type { Finding, IsoDate } from "../core/types";
import type { Busy, Engine, Notice, WordImport } from "./types";
import { StatusBar } from "./components/StatusBar";
import { TablePanel } from "./components/TablePanel";
import { FindingsPanel } from "./components/FindingsPanel";
import { StatusPanel } from "./components/StatusPanel";
import { DirectoryPanel } from "./components/DirectoryPanel";
import type { ListOptions } from "./components/CyclePanel";

export interface AppProps {
  host: Host;
}

type TabId = "table" | "findings" | "status" | "directory" | "cycle";

const LOAD_FAILED = "无法加载分工表助手的程序文件。请检查网络连接后点“重试”，或关闭并重新打开任务窗格。";
const XLSX_LOAD_FAILED = "无法加载读写 Excel 文件所需的程序文件。请检查网络连接后重试。工作簿未作任何改动。";

/** ExcelJS and the .xlsx adapter, in their own chunk: only 导出各单位清单 and 合并回报 need them. */
const loadXlsx = () => import(/* webpackChunkName: "xlsx" */ "./xlsx");

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: "12px", padding: "12px 16px 24px", boxSizing: "border-box" },
  header: { display: "flex", flexDirection: "column", gap: "2px" },
  tabs: { marginLeft: "-10px", flexWrap: "wrap" },
  sub: { color: tokens.colorNeutralForeground3 },
});

const toNotice = (o: Outcome): Notice => ({ intent: o.ok ? "success" : "error", text: o.message });

export function App({ host }: AppProps) {
  const styles = useStyles();
  const [engine, setEngine] = useState<Engine | null>(null);
  const [cycle, setCycle] = useState<typeof import("./components/CyclePanel") | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  // undefined: not read yet; null: TODAY(); a date: fixed 基准日期.
  const [asOf, setAsOfState] = useState<IsoDate | null | undefined>(undefined);
  const [notices, setNotices] = useState<Notice[]>([]);
  const [busy, setBusy] = useState<Busy | null>(null);
  const [tab, setTab] = useState<TabId>("table");
  const [reminders, setReminders] = useState<{ asOf: IsoDate; list: Reminder[] } | null>(null);
  const [report, setReport] = useState<MergeReport | null>(null);
  // A ref as well as state: two quick clicks must not start two Excel batches before React re-renders.
  const busyRef = useRef(false);
  const inspectedRef = useRef(false);

  const loadEngine = useCallback(() => {
    setLoadFailed(false);
    Promise.all([import(/* webpackChunkName: "engine" */ "./engine"), import(/* webpackChunkName: "cycle" */ "./components/CyclePanel")]).then(
      ([e, c]) => {
        setCycle(c);
        setEngine(e);
      },
      () => setLoadFailed(true),
    );
  }, []);
  useEffect(loadEngine, [loadEngine]);

  /**
   * Runs one engine action with the busy indicator, keeps the analysis it returns and shows its message.
   * `refresh` re-inspects afterwards: actions that write cells return the analysis from before the write.
   */
  const perform = useCallback(
    async (label: string, action: (e: Engine, progress: Progress) => Promise<Outcome>, refresh = false): Promise<Outcome | null> => {
      if (!engine || busyRef.current) return null;
      busyRef.current = true;
      setBusy({ label, step: "" });
      const progress: Progress = (step) => setBusy({ label, step });
      let outcome: Outcome;
      const shown: Notice[] = [];
      try {
        outcome = await action(engine, progress);
        shown.push(toNotice(outcome));
        if (outcome.ok) {
          if (outcome.analysis) setAnalysis(outcome.analysis);
          if (outcome.asOf !== undefined) setAsOfState(outcome.asOf);
          if (refresh) {
            setBusy({ label: "重新校验", step: "" });
            const again = await engine.inspect(host, progress);
            if (again.ok && again.analysis) setAnalysis(again.analysis);
            if (again.ok && again.asOf !== undefined) setAsOfState(again.asOf);
            if (!again.ok) shown.push(toNotice(again));
          }
        }
      } catch (e) {
        // Actions report failures in their Outcome; this only catches the unexpected.
        outcome = { ok: false, message: engine.userMessage(e) };
        shown.push(toNotice(outcome));
      } finally {
        busyRef.current = false;
        setBusy(null);
      }
      setNotices(shown);
      return outcome;
    },
    [engine, host],
  );

  const runInspect = useCallback(() => perform("校验", (e, p) => e.inspect(host, p)), [perform, host]);

  // Validate once as soon as the engine is there.
  useEffect(() => {
    if (engine && !inspectedRef.current) {
      inspectedRef.current = true;
      void runInspect();
    }
  }, [engine, runInspect]);

  const ok = (o: Outcome | null) => Boolean(o?.ok);

  const applyMapping = async (mapping: ColumnMapping | null) =>
    ok(await perform(mapping ? "应用更正" : "恢复自动识别", (e) => e.setMapping(host, mapping)));

  const selectFinding = async (finding: Finding) => {
    if (!engine || !analysis) return;
    try {
      await engine.selectCell(host, analysis.recognition.sheet, finding.cell);
    } catch (e) {
      setNotices([{ intent: "error", text: engine.userMessage(e) }]);
    }
  };

  const applySuggestion = async (finding: Finding, replacement: string) =>
    ok(await perform("应用建议", (e) => e.applySuggestion(host, finding, replacement), true));

  const applyAsOf = async (value: IsoDate | null) => {
    const outcome = await perform("设置基准日期", (e) => e.setAsOf(host, value));
    // The outcome's asOf was read before the write; the new value is the one just set.
    if (outcome?.ok) {
      setAsOfState(value);
      setReminders(null); // written for the old date
    }
    return ok(outcome);
  };

  /** The Word table to a new sheet; the re-inspection then validates that sheet (the action makes it active). */
  const importWord = async (w: WordImport) => ok(await perform("从 Word 文件导入", (e, p) => e.importWordTable(host, w.word, p), true));

  const addStatus = async () => ok(await perform("添加状态列", (e, p) => e.addStatusColumns(host, p)));
  const summarize = async () => ok(await perform("生成汇总", (e, p) => e.summarize(host, p)));
  const editDirectory = async (edit: DirectoryEdit) => ok(await perform("修改单位名录", (e) => e.editDirectory(host, edit), true));

  /** Runs an action that needs the xlsx chunk; a chunk that cannot be loaded is a plain failure, not an exception. */
  const withXlsx =
    (action: (e: Engine, x: Awaited<ReturnType<typeof loadXlsx>>, progress: Progress) => Promise<Outcome>) =>
    async (e: Engine, progress: Progress): Promise<Outcome> => {
      let x: Awaited<ReturnType<typeof loadXlsx>>;
      try {
        x = await loadXlsx();
      } catch {
        return { ok: false, message: XLSX_LOAD_FAILED };
      }
      return action(e, x, progress);
    };

  const openLists = async (units: string[] | null, options: ListOptions) =>
    ok(
      await perform(
        units?.length === 1 ? "打开清单" : "导出各单位清单",
        withXlsx((e, x, p) => e.openUnitLists(host, x.unitWorkbooks, { ...options, ...(units ? { units } : {}) }, p)),
      ),
    );

  const remind = async (since?: IsoDate) => {
    const outcome = await perform("生成催办通知", (e, p) => e.remind(host, since ? { since } : {}, p));
    if (outcome?.ok && outcome.reminders) setReminders(outcome.reminders);
    return ok(outcome);
  };

  const merge = async (files: File[]) => {
    const outcome = await perform(
      "合并回报",
      withXlsx(async (e, x, p) => {
        p("正在读取回报文件…");
        const picked = await Promise.all(files.map(async (f) => ({ name: f.name, data: await f.arrayBuffer() })));
        const { returns } = await x.readReturnedFiles(picked);
        return e.mergeReturns(host, returns, p);
      }),
    );
    if (outcome?.ok && outcome.report) {
      setReport(outcome.report);
      // The statuses changed: notices made before may now chase finished tasks.
      if (outcome.report.applied.length) setReminders(null);
    }
    return ok(outcome);
  };

  if (!engine) {
    return (
      <main className={styles.root}>
        <Title3 as="h1">分工表助手</Title3>
        {loadFailed ? (
          <StatusBar busy={null} notices={[{ intent: "error", text: LOAD_FAILED }]} action={<Button onClick={loadEngine}>重试</Button>} />
        ) : (
          <Spinner size="tiny" labelPosition="after" label={<Body1>正在加载…</Body1>} />
        )}
      </main>
    );
  }

  const findings = analysis?.findings ?? [];
  const errors = findings.filter((f) => f.severity === "error").length;

  return (
    <main className={styles.root}>
      <div className={styles.header}>
        <Title3 as="h1">分工表助手</Title3>
        <Caption1 className={styles.sub} data-testid="table-summary">
          {analysis ? `工作表“${analysis.recognition.sheet}” · ${analysis.tasks.length} 项任务` : "尚未识别到责任分工表"}
        </Caption1>
      </div>
      <TabList className={styles.tabs} size="small" selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as TabId)}>
        <Tab value="table">表格</Tab>
        <Tab value="findings">
          问题{" "}
          {findings.length > 0 && (
            <CounterBadge size="small" appearance="filled" color={errors > 0 ? "danger" : "informative"} count={findings.length} overflowCount={999} />
          )}
        </Tab>
        <Tab value="status">状态与汇总</Tab>
        <Tab value="directory">单位名录</Tab>
        <Tab value="cycle">督办</Tab>
      </TabList>
      <StatusBar busy={busy} notices={notices} onDismiss={(i) => setNotices((n) => n.filter((_, j) => j !== i))} />
      {tab === "table" && (
        <TablePanel analysis={analysis} engine={engine} busy={busy !== null} onApply={applyMapping} onInspect={runInspect} onImportWord={importWord} />
      )}
      {tab === "findings" && (
        <FindingsPanel
          findings={findings}
          hasAnalysis={analysis !== null}
          busy={busy !== null}
          onSelect={selectFinding}
          onApply={applySuggestion}
        />
      )}
      {tab === "status" && (
        <StatusPanel asOf={asOf} busy={busy !== null} hasAnalysis={analysis !== null} onApplyAsOf={applyAsOf} onAddStatus={addStatus} onSummarize={summarize} />
      )}
      {tab === "directory" && (
        <DirectoryPanel directory={analysis?.directory ?? null} engine={engine} busy={busy !== null} onEdit={editDirectory} />
      )}
      {tab === "cycle" && cycle && (
        <cycle.CyclePanel
          analysis={analysis}
          asOf={asOf}
          engine={engine}
          busy={busy !== null}
          reminders={reminders}
          report={report}
          onOpenLists={openLists}
          onRemind={remind}
          onMerge={merge}
        />
      )}
    </main>
  );
}
