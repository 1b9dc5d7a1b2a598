// What generated sheets and notices call a task's columns (SPEC §2): the table's own header words — a 整改清单 says
// 存在问题 and 整改措施, not 目标任务 and 主要内容 — and the column of people (责任人) it carries. Decided once here.
import { AnalyzedTask } from '../check/analyze';
import { GridReader } from '../read/grid';
import { ROLE_LABEL, Recognition, isRoleLabel } from '../read/recognize';

export interface TaskWords {
  /** The task column's word: the table's own (存在问题) when it is a task word, else 目标任务. */
  task: string;
  /** The content column's word: the table's own (整改措施) when it is a content word, else 主要内容. */
  content: string;
  /** The column of people (责任人, 分管领导, 联系人): kept, shown beside the tasks, never read as units. */
  people?: { col: number; label: string };
}

export const DEFAULT_WORDS: TaskWords = { task: ROLE_LABEL.task, content: ROLE_LABEL.content };

/** The words of a recognized table. A label of its own that is no known word for the role keeps the default. */
export function taskWords(rec: Recognition): TaskWords {
  const own = (role: 'task' | 'content') => {
    const label = rec.labels?.[role];
    return label && isRoleLabel(role, label) ? label : ROLE_LABEL[role];
  };
  const words: TaskWords = { task: own('task'), content: own('content') };
  // 责任人 beats 分管领导 beats 联系人: the one who answers for the task first.
  const person = rec.others.filter((o) => o.kind === 'person');
  const people = person.find((o) => /责任人/.test(o.label)) ?? person[0] ?? rec.others.find((o) => o.kind === 'contact');
  if (people) words.people = { col: people.col, label: people.label };
  return words;
}

/** A task's people as written (the cell merged over it included), or ''. */
export function peopleOf(g: GridReader, task: AnalyzedTask, words: TaskWords): string {
  if (!words.people) return '';
  return g.text(task.row, words.people.col).trim();
}
