// 从 Word 文件导入: pick a .docx (.doc/.wps in the CLI), preview the table found, write it to a new sheet and validate it.
// The reader is its own chunk (../word), loaded only when a file is picked.
import { useRef, useState } from "react";
import { Body1, Button, Caption1, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import type { WordImport } from "../types";

interface Props {
  busy: boolean;
  onImport: (w: WordImport) => Promise<boolean>;
}

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: "8px" },
  file: { display: "none" },
  buttons: { display: "flex", flexWrap: "wrap", gap: "8px" },
  facts: { display: "grid", gridTemplateColumns: "auto 1fr", columnGap: "12px", rowGap: "4px", margin: 0 },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: "anywhere" },
  hint: { color: tokens.colorNeutralForeground3 },
  error: { color: tokens.colorPaletteRedForeground1 },
});

export function WordImportSection({ busy, onImport }: Props) {
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const [picked, setPicked] = useState<WordImport | null>(null);
  const [error, setError] = useState("");
  const [reading, setReading] = useState(false);

  const read = async (file: File | undefined) => {
    if (!file) return;
    setPicked(null);
    setError("");
    setReading(true);
    try {
      const { readWord } = await import(/* webpackChunkName: "word" */ "../word");
      const result = await readWord(file.name, await file.arrayBuffer());
      if ("error" in result) setError(result.error);
      else setPicked(result);
    } catch {
      setError("无法加载 Word 读取功能，请检查网络后重试。");
    } finally {
      setReading(false);
      if (input.current) input.current.value = "";
    }
  };

  const write = async () => {
    if (picked && (await onImport(picked))) setPicked(null);
  };

  const p = picked?.preview;
  return (
    <section className={styles.root} aria-label="从 Word 文件导入">
      <Subtitle2 as="h2">从 Word 文件导入</Subtitle2>
      <Caption1 className={styles.hint}>分工表是通知的 Word 附件时，直接读取其中的表格（保留合并单元格和单元格内的分段），写入本工作簿的新工作表并校验，不必复制粘贴。</Caption1>
      <input ref={input} className={styles.file} type="file" accept=".docx,.doc,.wps,.pdf" aria-label="Word 文件" data-testid="word-file" onChange={(e) => void read(e.currentTarget.files?.[0])} />
      <div className={styles.buttons}>
        <Button disabled={busy || reading} onClick={() => input.current?.click()}>
          {reading ? "正在读取…" : "从 Word 文件导入…"}
        </Button>
      </div>
      {error && (
        <Body1 className={styles.error} role="alert">
          {error}
        </Body1>
      )}
      {picked && p && (
        <>
          <dl className={styles.facts} aria-label="Word 表格预览" data-testid="word-preview">
            <dt className={styles.term}>文件</dt>
            <dd className={styles.value}>{picked.fileName}</dd>
            <dt className={styles.term}>表格</dt>
            <dd className={styles.value}>{`${p.tableRows} 行 × ${p.columns} 列，合并单元格 ${p.merges} 处`}</dd>
            {picked.word.tables > 1 && (
              <>
                <dt className={styles.term}>选用</dt>
                <dd className={styles.value}>{`文档中有 ${picked.word.tables} 个表格，取第 ${picked.word.chosen + 1} 个（最像责任分工表的一个）`}</dd>
              </>
            )}
            <dt className={styles.term}>表格上方</dt>
            <dd className={styles.value}>{picked.word.tableTop ? `${picked.word.tableTop} 行文字（附件、标题等）` : "无"}</dd>
          </dl>
          {picked.word.notes.map((n) => (
            <Caption1 key={n.code}>{n.message}</Caption1>
          ))}
          <div className={styles.buttons}>
            <Button appearance="primary" disabled={busy} onClick={() => void write()}>
              写入新工作表并校验
            </Button>
            <Button appearance="subtle" disabled={busy} onClick={() => setPicked(null)}>
              取消
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
