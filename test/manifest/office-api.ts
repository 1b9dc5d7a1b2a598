/*
 * Which Office.js members (Excel.* and Office.*, as declared in @types/office-js) the add-in's code uses, found
 * with the TypeScript type checker: every property access, call, object-literal property (contextually typed by an
 * Office.js interface, e.g. `dv.rule = { list: … }`), destructured property, and every path in a string passed to
 * an Office.js `load()` ('items/protection/protected'), resolved to the interface or namespace that declares it.
 * OfficeExtension.* (context.sync, isNullObject) is the request machinery every Excel API set ships with.
 *
 * Used by test/manifest/api-requirements.test.ts and by scripts/office-api-sets.js (which looks the members up).
 */
import * as path from 'path';
import * as ts from 'typescript';

/** The add-in's code that runs in Office: the Office adapter, the task pane and the ribbon commands. */
export const API_SOURCE_DIRS = ['src/adapters/office', 'src/taskpane', 'src/commands'];

export interface OfficeApiUsage {
  /** "Excel.Range.values" → where it is used ("src/adapters/office/excel.ts:52"), in source order. */
  members: Map<string, string[]>;
  /** Type errors in the scanned files, and load() paths that name no member: either makes the list unreliable. */
  problems: string[];
}

const isOfficeJs = (node: ts.Node): boolean => /[\\/]@types[\\/]office-js[\\/]/.test(node.getSourceFile().fileName);

export function officeApiUsage(root: string): OfficeApiUsage {
  const configPath = path.join(root, 'tsconfig.web.json');
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const config = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, configPath);
  const dirs = API_SOURCE_DIRS.map((d) => path.join(root, d) + path.sep);
  const rootNames = [...config.fileNames, ...ts.sys.readDirectory(path.join(root, 'src/adapters/office'), ['.ts', '.tsx'])];
  const program = ts.createProgram({ rootNames, options: { ...config.options, noEmit: true } });
  const checker = program.getTypeChecker();

  const members = new Map<string, string[]>();
  const problems: string[] = [];
  const files = program.getSourceFiles().filter((f) => !f.isDeclarationFile && dirs.some((d) => path.resolve(f.fileName).startsWith(d)));
  const at = (file: ts.SourceFile, pos: number): string => `${path.relative(root, file.fileName)}:${file.getLineAndCharacterOfPosition(pos).line + 1}`;
  const where = (node: ts.Node): string => at(node.getSourceFile(), node.getStart());

  /** Records a symbol if Office.js declares it as a member (not a namespace, class, interface or enum itself). */
  const record = (symbol: ts.Symbol | undefined, node: ts.Node): void => {
    if (!symbol) return;
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    if (symbol.flags & (ts.SymbolFlags.Module | ts.SymbolFlags.Class | ts.SymbolFlags.Interface | ts.SymbolFlags.Enum | ts.SymbolFlags.TypeAlias)) return;
    for (const decl of symbol.declarations ?? []) {
      if (!isOfficeJs(decl)) continue;
      // The declared symbol, not an instantiation of it (AsyncResult<Dialog>.value → Office.AsyncResult.value).
      const declared = ts.getNameOfDeclaration(decl);
      const name = checker.getFullyQualifiedName((declared && checker.getSymbolAtLocation(declared)) ?? symbol);
      if (!/^(Excel|Office)\./.test(name)) continue;
      const uses = members.get(name) ?? [];
      if (!uses.includes(where(node))) uses.push(where(node));
      members.set(name, uses);
      return;
    }
  };

  /** Each constituent of a (nullable, union) type. */
  const parts = (type: ts.Type): ts.Type[] => {
    const t = checker.getNonNullableType(type);
    return t.isUnion() ? t.types : [t];
  };
  const recordProperty = (type: ts.Type | undefined, name: string, node: ts.Node): void => {
    for (const t of type ? parts(type) : []) record(checker.getPropertyOfType(t, name), node);
  };

  /** `x.load('a,b/c')`: each path walked from x's type; collections' `items` continue with the item type. */
  const recordLoadPaths = (call: ts.CallExpression, receiver: ts.Expression): void => {
    const strings: ts.StringLiteralLike[] = [];
    const collect = (n: ts.Node): void => {
      if (ts.isStringLiteralLike(n)) strings.push(n);
      else ts.forEachChild(n, collect);
    };
    call.arguments.forEach(collect);
    for (const literal of strings) {
      for (const p of literal.text.split(',').map((s) => s.trim()).filter(Boolean)) {
        let type: ts.Type | undefined = checker.getTypeAtLocation(receiver);
        for (const segment of p.split('/')) {
          const property = type && parts(type).map((t) => checker.getPropertyOfType(t, segment)).find(Boolean);
          if (!property) {
            problems.push(`${where(literal)}: load('${literal.text}'): no member "${segment}" in ${type ? checker.typeToString(type) : '?'}`);
            break;
          }
          record(property, literal);
          const next = checker.getTypeOfSymbolAtLocation(property, literal);
          type = checker.getNonNullableType(next).getNumberIndexType() ?? next; // items: T[] → T
        }
      }
    }
  };

  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node)) {
      record(checker.getSymbolAtLocation(node.name), node.name);
      if (node.name.text === 'load' && ts.isCallExpression(node.parent) && node.parent.expression === node) {
        const symbol = checker.getSymbolAtLocation(node.name);
        if (symbol?.declarations?.some(isOfficeJs)) recordLoadPaths(node.parent, node.expression);
      }
    } else if (ts.isElementAccessExpression(node)) {
      record(checker.getSymbolAtLocation(node.argumentExpression), node.argumentExpression);
    } else if (ts.isObjectLiteralExpression(node)) {
      const contextual = checker.getContextualType(node);
      for (const p of node.properties) {
        if (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) recordProperty(contextual, p.name.text, p.name);
      }
    } else if (ts.isObjectBindingPattern(node)) {
      const type = checker.getTypeAtLocation(node);
      for (const e of node.elements) {
        const name = e.propertyName ?? e.name;
        if (ts.isIdentifier(name)) recordProperty(type, name.text, name);
      }
    }
    ts.forEachChild(node, visit);
  };

  for (const file of files) {
    for (const d of program.getSemanticDiagnostics(file)) {
      problems.push(`${at(file, d.start ?? 0)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    }
    visit(file);
  }
  return { members, problems };
}
