// 单位名录: the workbook's unit directory, and forms to add a unit or an alias (written to the 单位名录 sheet).
import { useState } from "react";
import {
  Body1,
  Body1Strong,
  Button,
  Caption1,
  Dropdown,
  Field,
  Input,
  Option,
  Select,
  Subtitle2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { DirectoryEdit } from "../../core/commands";
import type { Directory } from "../../core/types";
import type { Engine } from "../types";

interface Props {
  directory: Directory | null;
  engine: Engine;
  busy: boolean;
  onEdit: (edit: DirectoryEdit) => Promise<boolean>;
}

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: "10px" },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "6px" },
  item: { display: "flex", flexDirection: "column", overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3 },
  form: {
    display: "flex",
    flexDirection: "column",
    gap: "8px",
    padding: "12px",
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  buttons: { display: "flex", gap: "8px" },
});

const joinNames = (names: string[]) => names.join("、");

export function DirectoryPanel({ directory, engine, busy, onEdit }: Props) {
  const styles = useStyles();
  const [name, setName] = useState("");
  const [aliases, setAliases] = useState("");
  const [group, setGroup] = useState("");
  const [aliasUnit, setAliasUnit] = useState("");
  const [alias, setAlias] = useState("");

  if (!directory) return <Body1>单位名录随表格一起读取。请先在“表格”页校验表格。</Body1>;

  const addUnit = async () => {
    // Same splitting as unit cells (、，,；; and spaces, never inside brackets), so 各县（市、区）… stays whole.
    const edit: DirectoryEdit = { kind: "addUnit", name: name.trim(), aliases: engine.splitUnits(aliases), ...(group ? { group } : {}) };
    if (await onEdit(edit)) {
      setName("");
      setAliases("");
      setGroup("");
    }
  };

  const addAlias = async () => {
    if (await onEdit({ kind: "addAlias", unit: aliasUnit, alias: alias.trim() })) setAlias("");
  };

  const targets = [...directory.units.map((u) => u.name), ...directory.groups.map((g) => g.name)];

  return (
    <section className={styles.root} aria-label="单位名录">
      <Caption1 className={styles.muted}>名录保存在工作簿的“单位名录”工作表中，也可以直接在那里编辑。校验时，单位名称和别名都视为同一单位。</Caption1>

      <Subtitle2 as="h2">{`单位（${directory.units.length}）`}</Subtitle2>
      <ul className={styles.list}>
        {directory.units.map((u) => (
          <li key={u.name} className={styles.item}>
            <Body1Strong>{u.name}</Body1Strong>
            {u.aliases.length > 0 && <Caption1 className={styles.muted}>{`别名：${joinNames(u.aliases)}`}</Caption1>}
          </li>
        ))}
      </ul>

      <Subtitle2 as="h2">{`分组（${directory.groups.length}）`}</Subtitle2>
      {directory.groups.length === 0 && <Body1 className={styles.muted}>没有分组。</Body1>}
      <ul className={styles.list}>
        {directory.groups.map((g) => (
          <li key={g.name} className={styles.item}>
            <Body1Strong>{g.name}</Body1Strong>
            {g.aliases.length > 0 && <Caption1 className={styles.muted}>{`别名：${joinNames(g.aliases)}`}</Caption1>}
            <Caption1>{g.members ? `成员：${joinNames(g.members)}` : "成员未知（汇总时作为一个单位统计）"}</Caption1>
          </li>
        ))}
      </ul>

      <div className={styles.form}>
        <Subtitle2 as="h2">添加单位</Subtitle2>
        <Field label="单位名称" required>
          <Input value={name} onChange={(_, d) => setName(d.value)} />
        </Field>
        <Field label="别名" hint="可填多个，用“、”或逗号分隔">
          <Input value={aliases} onChange={(_, d) => setAliases(d.value)} />
        </Field>
        {directory.groups.length > 0 && (
          <Field label="所属分组">
            <Select value={group} onChange={(_, d) => setGroup(d.value)}>
              <option value="">不属于分组</option>
              {directory.groups.map((g) => (
                <option key={g.name} value={g.name}>
                  {g.name}
                </option>
              ))}
            </Select>
          </Field>
        )}
        <div className={styles.buttons}>
          <Button appearance="primary" disabled={busy || !name.trim()} onClick={() => void addUnit()}>
            添加单位
          </Button>
        </div>
      </div>

      <div className={styles.form}>
        <Subtitle2 as="h2">添加别名</Subtitle2>
        <Field label="单位" required>
          <Dropdown
            placeholder="选择单位"
            value={aliasUnit}
            selectedOptions={aliasUnit ? [aliasUnit] : []}
            onOptionSelect={(_, d) => setAliasUnit(d.optionValue ?? "")}
          >
            {targets.map((t) => (
              <Option key={t} value={t}>
                {t}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="别名" required>
          <Input value={alias} onChange={(_, d) => setAlias(d.value)} />
        </Field>
        <div className={styles.buttons}>
          <Button appearance="primary" disabled={busy || !aliasUnit || !alias.trim()} onClick={() => void addAlias()}>
            添加别名
          </Button>
        </div>
      </div>
    </section>
  );
}
