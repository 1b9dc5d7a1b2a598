// Recognising the engine's own conditional-format rules in what a host reads back. Excel returns a rule's formula
// relative to the top-left cell of the rule's range (office-js#5194), so a rule that a copy/paste or sort split in two
// reads back with other row numbers; it also writes function names and references in upper case and may drop spaces.
// Comparing a key that ignores those keeps a re-run from adding the same rules again.

/** The formula without '=', spaces and case outside string literals, and with relative row numbers replaced by '#'. */
export function ruleKey(formula: string): string {
  const f = formula.trim().replace(/^=/, '');
  let out = '';
  let i = 0;
  while (i < f.length) {
    if (f[i] === '"') {
      let j = i + 1;
      while (j < f.length && !(f[j] === '"' && f[j + 1] !== '"')) j += f[j] === '"' ? 2 : 1;
      out += f.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < f.length && f[j] !== '"') j++;
    out += f
      .slice(i, j)
      .replace(/\s+/g, '')
      .toUpperCase()
      .replace(/(?<![\p{L}\p{N}_.$])(\$?[A-Z]{1,3})(\d+)(?![\p{L}\p{N}_(])/gu, '$1#');
    i = j;
  }
  return out;
}

/** True for a rule the engine wrote: its formula mentions `mentions`, or reads as one of `formulas` (see ruleKey). */
export function isOwnRule(formula: string, own: { mentions: string; formulas: string[] }): boolean {
  if (own.mentions && formula.includes(own.mentions)) return true;
  const key = ruleKey(formula);
  return own.formulas.some((f) => ruleKey(f) === key);
}
