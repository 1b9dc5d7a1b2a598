/// <reference types="office-js" />
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { loadWorkbook } from '../../src/adapters/exceljs/workbook';
import { FakeOfficeError, FakeWorkbook, createExcelHost } from './index';

type Ctx = Excel.RequestContext;

function book(): FakeWorkbook {
  return FakeWorkbook.fromGrids(
    [
      {
        name: '分工表',
        values: [
          ['序号', '目标任务', '牵头单位'],
          [1, '任务一', '办公室'],
          [2, '任务二', null],
        ],
        merges: [{ top: 0, left: 3, bottom: 1, right: 4 }],
      },
      { name: 'My Sheet', values: [['x']] },
    ],
    [{ name: '基准日期', formula: '=TODAY()' }],
  );
}

/** The rejection of a promise, for asserting on code and state afterwards. */
async function rejection(p: Promise<unknown>): Promise<FakeOfficeError> {
  try {
    await p;
  } catch (e) {
    return e as FakeOfficeError;
  }
  throw new Error('expected a rejection');
}

describe('load / sync strictness', () => {
  test('reading a property that was never loaded throws PropertyNotLoaded', async () => {
    const host = createExcelHost(book());
    await host.run(async (ctx: Ctx) => {
      const r = ctx.workbook.worksheets.getItem('分工表').getRange('A1:B2');
      expect(() => r.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      expect(() => r.values).toThrow("The property 'values' is not available. Before reading the property's value, call the load method");
      r.values = [['a', 'b'], ['c', 'd']];
      await ctx.sync();
      expect(() => r.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' })); // set, never loaded
    });
  });

  test('reading after load but before the sync completes throws; after it, values are a snapshot', async () => {
    const host = createExcelHost(book());
    await host.run(async (ctx: Ctx) => {
      const r = ctx.workbook.worksheets.getItem('分工表').getRange('A2:C2');
      r.load('values, address, rowCount');
      expect(() => r.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      const pending = ctx.sync();
      expect(() => r.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' })); // sync not awaited yet
      await pending;
      expect(r.values).toEqual([[1, '任务一', '办公室']]);
      expect(r.address).toBe('分工表!A2:C2');
      expect(r.rowCount).toBe(1);
      expect(() => r.formulas).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      r.values = [[9, 'x', 'y']];
      await ctx.sync();
      expect(r.values).toEqual([[1, '任务一', '办公室']]); // snapshot of the earlier sync
    });
  });

  test('collections: items only after load + sync; empty cells read as ""', async () => {
    const host = createExcelHost(book());
    await host.run(async (ctx: Ctx) => {
      const sheets = ctx.workbook.worksheets;
      expect(() => sheets.items).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      sheets.load('items/name');
      const count = sheets.getCount();
      const r = sheets.getItem('分工表').getRange('C3');
      r.load({ select: 'values, formulas, numberFormat' });
      expect(() => count.value).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      await ctx.sync();
      expect(count.value).toBe(2);
      expect(sheets.items.map((s) => s.name)).toEqual(['分工表', 'My Sheet']);
      expect(() => sheets.items[0].position).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      expect([r.values, r.formulas, r.numberFormat]).toEqual([[['']], [['']], [['General']]]);
    });
  });

  test('addresses quote sheet names the way Excel does', async () => {
    const host = createExcelHost(book());
    await host.run(async (ctx: Ctx) => {
      const a = ctx.workbook.worksheets.getItem('My Sheet').getRange('$B$2:c3').load('address');
      const b = ctx.workbook.worksheets.getItem('分工表').getRange('B:B').load('address');
      await ctx.sync();
      expect([a.address, b.address]).toEqual(["'My Sheet'!B2:C3", '分工表!B:B']);
    });
  });

  test('unknown members fail loudly instead of doing nothing', async () => {
    const host = createExcelHost(book());
    await host.run(async (ctx: Ctx) => {
      const r = ctx.workbook.worksheets.getItem('分工表').getRange('A1');
      expect(() => (r.format as unknown as { protection: unknown }).protection).toThrow(/RangeFormat\.protection is not implemented/);
      expect(() => (r as unknown as { hyperlink: string }).hyperlink).toThrow(/not implemented/);
      expect(() => ctx.application).toThrow(/RequestContext\.application is not implemented/);
    });
  });
});

describe('writes', () => {
  test('values must be a 2-D array of exactly the range shape, or one value for every cell', async () => {
    const wb = book();
    const host = createExcelHost(wb);
    const bad: unknown[] = [[['a']], [['a', 'b', 'c']], { a: 1 }, NaN, [['a', 'b'], ['c']], [[new Date(), 'x']], [[NaN, 1]]];
    for (const v of bad) {
      const e = await rejection(
        host.run(async (ctx: Ctx) => {
          ctx.workbook.worksheets.getItem('My Sheet').getRange('A1:B1').values = v as string[][];
          await ctx.sync();
        }),
      );
      expect(e.code).toBe('InvalidArgument');
    }
    expect(wb.values('My Sheet', 'A1:B1')).toEqual([['x', null]]);
  });

  test("Excel's input rules: '=…' is a formula, an apostrophe keeps text, numbers are coerced unless '@'", async () => {
    const wb = book();
    const host = createExcelHost(wb);
    await host.run(async (ctx: Ctx) => {
      const ws = ctx.workbook.worksheets.getItem('My Sheet');
      ws.getRange('C1').numberFormat = [['@']];
      ws.getRange('A1:F1').values = [['=1+1', "'=x", '123', '007', "'123", 'TRUE']];
      ws.getRange('A2:D2').formulas = [['=SUM(A1:B1)', 'plain', '2023-06-30', "'2023-06-30"]];
      await ctx.sync();
    });
    expect(wb.cell('My Sheet', 'A1')).toEqual({ value: null, formula: '=1+1', numberFormat: 'General' });
    expect(wb.values('My Sheet', 'B1:F1')).toEqual([['=x', '123', 7, '123', true]]);
    expect(wb.cell('My Sheet', 'B1').formula).toBeNull();
    expect(wb.cell('My Sheet', 'A2').formula).toBe('=SUM(A1:B1)');
    expect(wb.cell('My Sheet', 'C2')).toEqual({ value: 45107, formula: null, numberFormat: 'yyyy/m/d' });
    expect(wb.cell('My Sheet', 'D2').value).toBe('2023-06-30');
  });

  test("null leaves a cell unchanged, '' clears it or resets the number format", async () => {
    const wb = book();
    const host = createExcelHost(wb);
    await host.run(async (ctx: Ctx) => {
      const r = ctx.workbook.worksheets.getItem('分工表').getRange('A2:C2');
      r.values = [[null, '', 'new']];
      r.numberFormat = [['0.00', null, '']];
    });
    expect(wb.values('分工表', 'A2:C2')).toEqual([[1, null, 'new']]);
    expect(wb.cell('分工表', 'A2').numberFormat).toBe('0.00');
  });

  test('sheet names: illegal, reserved, too long or duplicate (any case) are rejected; earlier ops stay applied', async () => {
    const wb = book();
    const host = createExcelHost(wb);
    for (const [i, name] of ['a:b', 'a/b', 'a?b', 'a*b', '[x]', "'quoted'", 'x'.repeat(32), 'History', 'my sheet', '分工表', ''].entries()) {
      const e = await rejection(
        host.run(async (ctx: Ctx) => {
          ctx.workbook.worksheets.getItem('My Sheet').getRange('B1').values = [[`before ${i}`]];
          const ws = ctx.workbook.worksheets.add(name === '' ? 'x'.repeat(32) : name);
          ws.getRange('A1').values = [['after']];
          await ctx.sync();
        }),
      );
      expect([name, e.code]).toEqual([name, 'InvalidArgument']);
      expect(wb.cell('My Sheet', 'B1').value).toBe(`before ${i}`); // queued before the failure: applied
    }
    expect(wb.sheetNames()).toEqual(['分工表', 'My Sheet']);
    await host.run(async (ctx: Ctx) => {
      ctx.workbook.worksheets.add('汇总 2023（一）');
      ctx.workbook.worksheets.getItem('My Sheet').name = 'Renamed';
      await ctx.sync();
    });
    expect(wb.sheetNames()).toEqual(['分工表', 'Renamed', '汇总 2023（一）']);
  });

  test('a protected sheet rejects writes with AccessDenied; ops before it stay applied, ops after it do not', async () => {
    const wb = book().protect('分工表');
    const host = createExcelHost(wb);
    const e = await rejection(
      host.run(async (ctx: Ctx) => {
        ctx.workbook.worksheets.getItem('My Sheet').getRange('A1').values = [['before']];
        ctx.workbook.worksheets.getItem('分工表').getRange('A1').values = [['blocked']];
        ctx.workbook.worksheets.getItem('My Sheet').getRange('A2').values = [['after']];
        await ctx.sync();
      }),
    );
    expect(e.code).toBe('AccessDenied');
    expect(e.debugInfo.errorLocation).toBe('Range.values');
    expect(wb.cell('My Sheet', 'A1').value).toBe('before');
    expect(wb.cell('分工表', 'A1').value).toBe('序号');
    expect(wb.cell('My Sheet', 'A2').value).toBeNull();
    for (const act of [
      (ws: Excel.Worksheet) => ws.delete(),
      (ws: Excel.Worksheet) => (ws.getRange('A1').format.font.bold = true),
      (ws: Excel.Worksheet) => ws.getRange('A1:A2').conditionalFormats.add('Custom'),
      (ws: Excel.Worksheet) => (ws.getRange('A1').dataValidation.rule = { list: { inCellDropDown: true, source: 'a,b' } }),
    ]) {
      const err = await rejection(host.run(async (ctx: Ctx) => void act(ctx.workbook.worksheets.getItem('分工表'))));
      expect(err.code).toBe('AccessDenied');
    }
    await host.run(async (ctx: Ctx) => {
      const p = ctx.workbook.worksheets.getItem('分工表').protection.load('protected');
      await ctx.sync();
      expect(p.protected).toBe(true);
    });
  });

  test('formats, merge, freeze, select', async () => {
    const wb = book();
    const host = createExcelHost(wb);
    await host.run(async (ctx: Ctx) => {
      const ws = ctx.workbook.worksheets.getItem('My Sheet');
      ws.getRange('A1:B1').format.font.bold = true;
      ws.getRange('B1').format.columnWidth = 120;
      ws.getRange('A1:B1').format.autofitColumns();
      ws.getRange('A3:C3').merge();
      ws.freezePanes.freezeRows(1);
      ctx.workbook.worksheets.getItem('分工表').freezePanes.freezeAt(ctx.workbook.worksheets.getItem('分工表').getRange('A1:B2'));
      ws.getRange('B2').select();
      const font = ws.getRange('A1:C1').format.font.load('bold');
      const width = ws.getRange('B1').format.load('columnWidth');
      await ctx.sync();
      expect([font.bold, width.columnWidth]).toEqual([null, 120]);
    });
    expect([wb.bold('My Sheet', 'A1'), wb.bold('My Sheet', 'C1')]).toEqual([true, false]);
    expect(wb.columnWidth('My Sheet', 'B')).toBe(120);
    expect(wb.merges('My Sheet')).toEqual(['A3:C3']);
    expect([wb.frozenRows('My Sheet'), wb.frozenColumns('My Sheet'), wb.frozenRows('分工表'), wb.frozenColumns('分工表')]).toEqual([1, 0, 2, 2]);
    expect([wb.selection, wb.activeSheet]).toEqual(["'My Sheet'!B2", 'My Sheet']);
  });
});

describe('worksheets', () => {
  test('getItem of a missing sheet fails at sync with ItemNotFound; getItemOrNullObject does not', async () => {
    const host = createExcelHost(book());
    const e = await rejection(
      host.run(async (ctx: Ctx) => {
        ctx.workbook.worksheets.getItem('nope').load('name');
        await ctx.sync();
      }),
    );
    expect(e.code).toBe('ItemNotFound');
    await host.run(async (ctx: Ctx) => {
      const missing = ctx.workbook.worksheets.getItemOrNullObject('nope');
      const present = ctx.workbook.worksheets.getItemOrNullObject('MY SHEET');
      const used = missing.getUsedRangeOrNullObject(true); // a child *OrNullObject of a null object is null
      used.load('values');
      expect(() => missing.isNullObject).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      await ctx.sync();
      expect([missing.isNullObject, present.isNullObject, used.isNullObject]).toEqual([true, false, true]);
      expect(used.values).toBeNull();
      missing.getRange('A1').values = [['x']];
      await expect(ctx.sync()).rejects.toMatchObject({ code: 'ItemNotFound' });
    });
  });

  test('add, position, activate, delete; the last sheet cannot be deleted', async () => {
    const wb = book();
    const host = createExcelHost(wb);
    await host.run(async (ctx: Ctx) => {
      const ws = ctx.workbook.worksheets.add('新表');
      ws.position = 0;
      ws.activate();
      ctx.workbook.worksheets.getItem('My Sheet').delete();
      const active = ctx.workbook.worksheets.getActiveWorksheet().load('name, position');
      await ctx.sync();
      expect([active.name, active.position]).toEqual(['新表', 0]);
    });
    expect(wb.sheetNames()).toEqual(['新表', '分工表']);
    const e = await rejection(
      host.run(async (ctx: Ctx) => {
        ctx.workbook.worksheets.getItem('新表').delete();
        ctx.workbook.worksheets.getItem('分工表').delete();
        await ctx.sync();
      }),
    );
    expect(e.code).toBe('GeneralException');
    expect(wb.sheetNames()).toEqual(['分工表']);
  });

  test('used range; getUsedRangeOrNullObject on an empty sheet is a null object', async () => {
    const wb = book();
    const host = createExcelHost(wb);
    await host.run(async (ctx: Ctx) => {
      ctx.workbook.worksheets.add('Empty');
      const used = ctx.workbook.worksheets.getItem('分工表').getUsedRange(true).load('address, rowIndex, columnIndex, values');
      const empty = ctx.workbook.worksheets.getItem('Empty').getUsedRangeOrNullObject();
      const emptyUsed = ctx.workbook.worksheets.getItem('Empty').getUsedRange().load('address');
      await ctx.sync();
      expect([used.address, used.rowIndex, used.columnIndex]).toEqual(['分工表!A1:C3', 0, 0]);
      expect(empty.isNullObject).toBe(true);
      expect(emptyUsed.address).toBe('Empty!A1');
    });
  });
});

describe('round trips, payload, Excel.run', () => {
  test('sync counter and payload sizes; the implicit final sync of Excel.run flushes pending writes', async () => {
    const wb = book();
    const host = createExcelHost(wb);
    await host.run(async (ctx: Ctx) => {
      ctx.workbook.worksheets.getItem('My Sheet').getRange('A1').values = [['一']];
      await ctx.sync();
      await ctx.sync(); // empty, still a call
      ctx.workbook.worksheets.getItem('My Sheet').getRange('A2').values = [['二']]; // no explicit sync
    });
    expect(host.stats.syncs).toBe(3);
    expect(host.stats.payloadBytes).toHaveLength(3);
    expect(host.stats.payloadBytes[1]).toBe(2); // "[]"
    expect(host.stats.payloadBytes[0]).toBeGreaterThan(host.stats.payloadBytes[1]);
    expect(host.stats.maxPayloadBytes).toBe(Math.max(...host.stats.payloadBytes));
    expect(wb.values('My Sheet', 'A1:A2')).toEqual([['一'], ['二']]);
    await host.run(async () => undefined); // nothing pending: no round trip
    expect(host.stats.syncs).toBe(3);
    host.reset();
    expect(host.stats).toEqual({ syncs: 0, payloadBytes: [], responseBytes: [], maxPayloadBytes: 0, commands: [] });
  });

  test('a batch that throws drops its pending commands; a batch must return a promise; proxies die with their run', async () => {
    const wb = book();
    const host = createExcelHost(wb);
    let leaked: Excel.Range | undefined;
    await expect(
      host.run(async (ctx: Ctx) => {
        leaked = ctx.workbook.worksheets.getItem('My Sheet').getRange('A1');
        leaked.values = [['lost']];
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(wb.cell('My Sheet', 'A1').value).toBe('x');
    expect(() => (leaked!.values = [['late']])).toThrow(expect.objectContaining({ code: 'InvalidObjectPath' }));
    await expect(host.run((() => 42) as unknown as () => Promise<number>)).rejects.toMatchObject({ code: 'RunMustReturnPromise' });
  });

  test('a request over the payload limit is rejected whole; a response over it too', async () => {
    const wb = book();
    const host = createExcelHost(wb, { payloadLimitBytes: 10_000 });
    const big = Array.from({ length: 1000 }, (_, i) => [`第${i}行`]);
    const e = await rejection(
      host.run(async (ctx: Ctx) => {
        ctx.workbook.worksheets.getItem('My Sheet').getRange('B1').values = [['small']];
        ctx.workbook.worksheets.getItem('My Sheet').getRange('A1:A1000').values = big;
        await ctx.sync();
      }),
    );
    expect(e.code).toBe('RequestPayloadSizeLimitExceeded');
    expect(host.stats.payloadBytes[0]).toBeGreaterThan(10_000);
    expect(wb.cell('My Sheet', 'B1').value).toBeNull(); // nothing of that batch was applied
    await host.run(async (ctx: Ctx) => {
      const ws = ctx.workbook.worksheets.getItem('My Sheet');
      ws.getRange('A1:A500').values = big.slice(0, 500);
      await ctx.sync();
      ws.getRange('A501:A1000').values = big.slice(500);
      await ctx.sync();
    });
    expect(wb.cell('My Sheet', 'A1000').value).toBe('第999行');
    const r = await rejection(
      host.run(async (ctx: Ctx) => {
        ctx.workbook.worksheets.getItem('My Sheet').getRange('A1:A1000').load('values');
        await ctx.sync();
      }),
    );
    expect(r.code).toBe('ResponsePayloadSizeLimitExceeded');
    expect(host.stats.responseBytes.at(-1)).toBeGreaterThan(10_000);
  });

  test('API version gating: ApiNotFound is thrown immediately; isSetSupported follows apiVersion', async () => {
    const wb = book();
    const old = createExcelHost(wb, { apiVersion: '1.5' });
    expect(old.isSetSupported('ExcelApi', '1.5')).toBe(true);
    expect(old.isSetSupported('ExcelApi', '1.13')).toBe(false);
    await old.run(async (ctx: Ctx) => {
      const r = ctx.workbook.worksheets.getItem('分工表').getRange('A1');
      expect(() => r.conditionalFormats).toThrow(expect.objectContaining({ code: 'ApiNotFound' }));
      expect(() => r.dataValidation).toThrow(/part of the ExcelApi 1\.8 requirement set/);
      expect(() => r.getMergedAreasOrNullObject()).toThrow(expect.objectContaining({ code: 'ApiNotFound' }));
      expect(() => r.load('conditionalFormats/items/type')).toThrow(expect.objectContaining({ code: 'ApiNotFound' }));
    });
    const v112 = createExcelHost(wb, { apiVersion: '1.12' });
    await v112.run(async (ctx: Ctx) => {
      const r = ctx.workbook.worksheets.getItem('分工表').getRange('A1');
      expect(() => r.getMergedAreasOrNullObject()).toThrow(/ExcelApi 1\.13/);
      expect(() => r.dataValidation).not.toThrow();
    });
    expect(createExcelHost(wb).isSetSupported('ExcelApi', '1.13')).toBe(true);
  });
});

describe('names, merged areas, conditional formats, data validation', () => {
  test('names: add / get / delete, Excel naming rules', async () => {
    const wb = book();
    const host = createExcelHost(wb);
    await host.run(async (ctx: Ctx) => {
      const names = ctx.workbook.names;
      names.add('_单位', ctx.workbook.worksheets.getItem('My Sheet').getRange('A1:A3'));
      names.add('年份', '=2023', 'a comment');
      const got = names.getItemOrNullObject('基准日期').load('name, formula');
      const none = names.getItemOrNullObject('nope');
      names.load('items/name, items/formula');
      await ctx.sync();
      expect([got.isNullObject, got.name, got.formula, none.isNullObject]).toEqual([false, '基准日期', '=TODAY()', true]);
      expect(names.items.map((n) => [n.name, n.formula])).toEqual([
        ['基准日期', '=TODAY()'],
        ['_单位', "='My Sheet'!$A$1:$A$3"],
        ['年份', '=2023'],
      ]);
      names.items[2].delete();
      names.getItem('基准日期').delete();
      names.add('基准日期', '=DATE(2023,6,30)');
      await ctx.sync();
    });
    expect(wb.names()).toEqual([
      { name: '_单位', formula: "='My Sheet'!$A$1:$A$3" },
      { name: '基准日期', formula: '=DATE(2023,6,30)' },
    ]);
    for (const [name, ref] of [['A1', '=1'], ['r1c1', '=1'], ['R', '=1'], ['1abc', '=1'], ['has space', '=1'], ['基准日期', '=1'], ['_单位', '=1'], ['ok', 'TODAY()']]) {
      const e = await rejection(
        host.run(async (ctx: Ctx) => {
          ctx.workbook.names.add(name, ref);
          await ctx.sync();
        }),
      );
      // A taken name: ItemAlreadyExists (office-js #2875); a malformed one or a formula without '=': InvalidArgument.
      expect([name, e.code]).toEqual([name, name === '基准日期' || name === '_单位' ? 'ItemAlreadyExists' : 'InvalidArgument']);
    }
  });

  test('merged areas are read with getMergedAreasOrNullObject (null object when there are none)', async () => {
    const host = createExcelHost(book());
    await host.run(async (ctx: Ctx) => {
      const ws = ctx.workbook.worksheets.getItem('分工表');
      ws.getRange('A5:B6').merge();
      const merged = ws.getRange('A1:Z10').getMergedAreasOrNullObject();
      merged.load('address, areaCount');
      merged.areas.load('items/address');
      const none = ws.getRange('A1:C3').getMergedAreasOrNullObject();
      await ctx.sync();
      expect(merged.address).toBe('分工表!D1:E2,分工表!A5:B6');
      expect(merged.areaCount).toBe(2);
      expect(merged.areas.items.map((a) => a.address)).toEqual(['分工表!D1:E2', '分工表!A5:B6']);
      expect(none.isNullObject).toBe(true);
    });
  });

  test('conditional formats: add, list, getRange, delete, clearAll', async () => {
    const wb = book();
    const host = createExcelHost(wb);
    await host.run(async (ctx: Ctx) => {
      const ws = ctx.workbook.worksheets.getItem('分工表');
      const cf = ws.getRange('A2:C3').conditionalFormats.add('Custom');
      cf.custom.rule.formula = '=$C2="办公室"';
      cf.custom.format.fill.color = '#ffc7ce';
      cf.custom.format.font.color = 'red';
      const other = ws.getRange('E2:E3').conditionalFormats.add('Custom');
      other.custom.rule.formula = '=E2>0';
      await ctx.sync();
      const list = ws.getRange().conditionalFormats;
      list.load('items/type, items/priority, items/custom/rule/formula, items/customOrNullObject/format/fill/color');
      const range = cf.getRange().load('address');
      await ctx.sync();
      expect(list.items.map((f) => [f.type, f.priority, f.custom.rule.formula])).toEqual([
        ['Custom', 0, '=E2>0'],
        ['Custom', 1, '=$C2="办公室"'],
      ]);
      expect(list.items[1].customOrNullObject.isNullObject).toBe(false);
      expect(list.items[1].customOrNullObject.format.fill.color).toBe('#FFC7CE');
      expect(range.address).toBe('分工表!A2:C3');
      list.items[0].delete();
      await ctx.sync();
    });
    expect(wb.conditionalFormats('分工表')).toEqual([{ range: 'A2:C3', formula: '=$C2="办公室"', fillColor: '#FFC7CE', fontColor: '#FF0000' }]);
    const e = await rejection(
      host.run(async (ctx: Ctx) => {
        ctx.workbook.worksheets.getItem('分工表').getRange('A1').conditionalFormats.add('Custom').custom.rule.formula = 'A1>0';
        await ctx.sync();
      }),
    );
    expect(e.code).toBe('InvalidArgument');
    await host.run(async (ctx: Ctx) => {
      expect(() => ctx.workbook.worksheets.getItem('分工表').getRange('A1').conditionalFormats.add('ColorScale')).toThrow(/not implemented/);
      ctx.workbook.worksheets.getItem('分工表').getRange('A1:C3').conditionalFormats.clearAll();
    });
    expect(wb.conditionalFormats('分工表')).toEqual([]);
  });

  test('data validation: list and date rules, one rule type only, clear, error alert', async () => {
    const wb = book();
    const host = createExcelHost(wb);
    await host.run(async (ctx: Ctx) => {
      const ws = ctx.workbook.worksheets.getItem('分工表');
      const dv = ws.getRange('D2:D10').dataValidation;
      dv.clear();
      dv.rule = { list: { inCellDropDown: true, source: '未开始,进行中,已完成' } };
      dv.errorAlert = { showAlert: true, style: 'Stop' as Excel.DataValidationAlertStyle, title: '完成状态', message: '请从下拉列表选择' };
      ws.getRange('E2:E10').dataValidation.rule = { date: { formula1: '1900-01-01', operator: 'GreaterThan' as Excel.DataValidationOperator } };
      const check = ws.getRange('D3').dataValidation.load('type, rule');
      await ctx.sync();
      expect(check.type).toBe('List');
      expect(check.rule).toEqual({ list: { inCellDropDown: true, source: '未开始,进行中,已完成' } });
      ws.getRange('D5:D10').dataValidation.clear();
    });
    expect(wb.dataValidations('分工表')).toEqual([
      {
        range: 'D2:D4',
        rule: { list: { inCellDropDown: true, source: '未开始,进行中,已完成' } },
        errorAlert: { showAlert: true, style: 'Stop', title: '完成状态', message: '请从下拉列表选择' },
      },
      { range: 'E2:E10', rule: { date: { operator: 'GreaterThan', formula1: '1900-01-01' } } },
    ]);
    const rules: unknown[] = [
      { list: { source: 'a' }, date: { formula1: '2023-01-01', operator: 'GreaterThan' } },
      {},
      { date: { formula1: 45000, operator: 'GreaterThan' } },
      { date: { formula1: '2023-01-01', operator: 'Between' } },
      { list: { source: '' } },
    ];
    for (const rule of rules) {
      const e = await rejection(
        host.run(async (ctx: Ctx) => {
          ctx.workbook.worksheets.getItem('分工表').getRange('F1').dataValidation.rule = rule as Excel.DataValidationRule;
          await ctx.sync();
        }),
      );
      expect([rule, e.code]).toEqual([rule, 'InvalidArgument']);
    }
  });
});

describe('xlsx', () => {
  test('toXlsx → ExcelJS shows the same values, formulas, formats, merges, names, rules', async () => {
    const wb = book();
    const host = createExcelHost(wb);
    await host.run(async (ctx: Ctx) => {
      const ws = ctx.workbook.worksheets.getItem('分工表');
      ws.getRange('H2:I2').formulas = [['=A2*2', "'=文本"]];
      ws.getRange('F2').values = [[45107]];
      ws.getRange('F2').numberFormat = [['yyyy-mm-dd']];
      ws.getRange('A1:C1').format.font.bold = true;
      ws.freezePanes.freezeRows(1);
      const cf = ws.getRange('A2:C3').conditionalFormats.add('Custom');
      cf.custom.rule.formula = '=$F2<基准日期';
      cf.custom.format.fill.color = '#FFC7CE';
      cf.custom.format.font.color = '#9C0006';
      ws.getRange('G2:G3').dataValidation.rule = { list: { inCellDropDown: true, source: '是,否' } };
      ctx.workbook.names.add('年份', '=2023');
    });
    wb.protect('My Sheet');
    const buffer = await wb.toXlsx();

    const x = new ExcelJS.Workbook();
    await x.xlsx.load(buffer as unknown as ExcelJS.Buffer);
    const ws = x.getWorksheet('分工表')!;
    expect(x.worksheets.map((w) => w.name)).toEqual(['分工表', 'My Sheet']);
    expect(ws.getCell('B2').value).toBe('任务一');
    expect(ws.getCell('H2').value).toEqual({ formula: 'A2*2' });
    expect(ws.getCell('I2').value).toBe('=文本');
    expect(ws.getCell('F2').numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect((ws.model as unknown as { merges: string[] }).merges).toEqual(['D1:E2']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const cfs = (ws as unknown as { conditionalFormattings: { ref: string; rules: { type: string; formulae: string[] }[] }[] }).conditionalFormattings;
    expect(cfs.map((c) => [c.ref, c.rules[0].type, c.rules[0].formulae[0]])).toEqual([['A2:C3', 'expression', '$F2<基准日期']]);
    expect((ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model['G2']).toMatchObject({
      type: 'list',
      formulae: ['"是,否"'],
    });

    const xml = await (await JSZip.loadAsync(buffer)).file('xl/workbook.xml')!.async('string');
    expect(xml).toContain('<definedName name="基准日期">TODAY()</definedName>');
    const loaded = await loadWorkbook(buffer);
    expect(loaded.input.names).toEqual([
      { name: '基准日期', formula: 'TODAY()' },
      { name: '年份', formula: '2023' },
    ]);

    const again = await FakeWorkbook.fromXlsx(buffer);
    expect(again.sheetNames()).toEqual(wb.sheetNames());
    expect(again.names()).toEqual(wb.names());
    expect(again.values('分工表', 'A1:C3')).toEqual(wb.values('分工表', 'A1:C3'));
    expect(again.cell('分工表', 'H2')).toEqual({ value: null, formula: '=A2*2', numberFormat: 'General' });
    expect(again.cell('分工表', 'I2').value).toBe('=文本');
    expect(again.merges('分工表')).toEqual(['D1:E2']);
    expect(again.frozenRows('分工表')).toBe(1);
    expect([again.isProtected('My Sheet'), again.isProtected('分工表')]).toEqual([true, false]);
  });
});

describe('Excel behaviours the adapter must meet (issue 8), each with its source in index.ts / FIDELITY.md', () => {
  test('getMergedAreasOrNullObject: only areas whose top-left cell is in the range, whole; more than 512 fails the sync', async () => {
    const merges = Array.from({ length: 600 }, (_, i) => ({ top: 2 * i, left: 0, bottom: 2 * i + 1, right: 1 }));
    const wb = FakeWorkbook.fromGrids([{ name: '分工表,2023', values: [['x']], merges }]);
    const host = createExcelHost(wb);
    await host.run(async (ctx: Ctx) => {
      const ws = ctx.workbook.worksheets.getItem('分工表,2023');
      const inner = ws.getRange('B2:C5').getMergedAreasOrNullObject().load('address, areaCount, areas/items/address');
      const outer = ws.getRange('A1:B4').getMergedAreasOrNullObject().load('address');
      await ctx.sync();
      expect(inner.isNullObject).toBe(true); // A1:B2 and A3:B4 reach into B2:C5, but their top-left cells do not
      expect(outer.address).toBe("'分工表,2023'!A1:B2,'分工表,2023'!A3:B4"); // quoted, comma-separated: split with care
    });
    const e = await rejection(
      host.run(async (ctx: Ctx) => {
        ctx.workbook.worksheets.getItem('分工表,2023').getRange('A1:B1200').getMergedAreasOrNullObject().load('areaCount');
        await ctx.sync();
      }),
    );
    expect(e.code).toBe('GeneralException');
  });

  test("'+' and '-' strings become formulas like '=' (Range.values reference); numbers and an apostrophe do not", async () => {
    const wb = book();
    await createExcelHost(wb).run(async (ctx: Ctx) => {
      ctx.workbook.worksheets.getItem('My Sheet').getRange('A1:F1').values = [['+1+1', "-cmd|' /C calc'!A0", '-5', "'+x", '-', '+']];
    });
    expect(wb.cell('My Sheet', 'A1').formula).toBe('=+1+1');
    expect(wb.cell('My Sheet', 'B1').formula).toBe("=-cmd|' /C calc'!A0");
    expect(wb.values('My Sheet', 'C1:F1')).toEqual([[-5, '+x', '-', '+']]);
  });

  test('one value for a whole range: values, number format, an A1 formula filled down, an R1C1 formula', async () => {
    const wb = book();
    await createExcelHost(wb).run(async (ctx: Ctx) => {
      const ws = ctx.workbook.worksheets.getItem('My Sheet');
      (ws.getRange('A2:A4') as unknown as { values: string }).values = '是';
      (ws.getRange('B2:B4') as unknown as { numberFormat: string }).numberFormat = '0.0%';
      (ws.getRange('C2:C4') as unknown as { formulas: string }).formulas = '=A2&B$1';
      (ws.getRange('D2:D4') as unknown as { formulasR1C1: string }).formulasR1C1 = '=RC[-3]&R1C2';
      const back = ws.getRange('D2:D3').load('formulasR1C1');
      await ctx.sync();
      expect(back.formulasR1C1).toEqual([['=RC[-3]&R1C2'], ['=RC[-3]&R1C2']]);
    });
    expect(wb.values('My Sheet', 'A2:A4')).toEqual([['是'], ['是'], ['是']]);
    expect(wb.cell('My Sheet', 'B4').numberFormat).toBe('0.0%');
    expect([wb.cell('My Sheet', 'C2').formula, wb.cell('My Sheet', 'C4').formula]).toEqual(['=A2&B$1', '=A4&B$1']);
    expect([wb.cell('My Sheet', 'D2').formula, wb.cell('My Sheet', 'D4').formula]).toEqual(['=A2&$B$1', '=A4&$B$1']);
  });

  test('workbook protection (1.7): read, and it refuses adding, deleting, renaming and moving sheets', async () => {
    const wb = book().protectStructure();
    const host = createExcelHost(wb);
    await host.run(async (ctx: Ctx) => {
      const p = ctx.workbook.protection.load('protected');
      await ctx.sync();
      expect(p.protected).toBe(true);
    });
    for (const act of [
      (ctx: Ctx) => ctx.workbook.worksheets.add('新'),
      (ctx: Ctx) => ctx.workbook.worksheets.getItem('My Sheet').delete(),
      (ctx: Ctx) => void (ctx.workbook.worksheets.getItem('My Sheet').name = '改名'),
      (ctx: Ctx) => void (ctx.workbook.worksheets.getItem('My Sheet').position = 0),
    ]) {
      const e = await rejection(host.run(async (ctx: Ctx) => void act(ctx)));
      expect(e.code).toBe('AccessDenied');
    }
    await host.run(async (ctx: Ctx) => void (ctx.workbook.worksheets.getItem('My Sheet').getRange('A1').values = [['cells are fine']]));
    expect(wb.sheetNames()).toEqual(['分工表', 'My Sheet']);
    await expect(createExcelHost(book(), { apiVersion: '1.6' }).run(async (ctx: Ctx) => void ctx.workbook.protection)).rejects.toMatchObject({ code: 'ApiNotFound' });
  });

  test('a rule formula is set relative to the range it was fetched from and read relative to its own range (office-js#5194)', async () => {
    const wb = book();
    const host = createExcelHost(wb);
    await host.run(async (ctx: Ctx) => {
      const ws = ctx.workbook.worksheets.getItem('分工表');
      const cf = ws.getRange('C2:C5').conditionalFormats.add('Custom');
      cf.custom.rule.formula = '=$B2="x"';
      await ctx.sync();
      const all = ws.getRange().conditionalFormats.load('items/custom/rule/formula');
      await ctx.sync();
      expect(all.items[0].custom.rule.formula).toBe('=$B2="x"');
      all.items[0].custom.rule.formula = '=$B2="y"'; // relative to A1, the fetch range: rows shift by one
      await ctx.sync();
    });
    expect(wb.conditionalFormats('分工表')[0].formula).toBe('=$B3="y"');
    wb.splitConditionalFormat('分工表', 0, 4);
    expect(wb.conditionalFormats('分工表').map((c) => [c.range, c.formula])).toEqual([
      ['C2:C3', '=$B3="y"'],
      ['C4:C5', '=$B5="y"'],
    ]);
  });

  test('renaming a sheet updates references to it everywhere; deleting it turns them into #REF!', async () => {
    const wb = book();
    const host = createExcelHost(wb);
    await host.run(async (ctx: Ctx) => {
      ctx.workbook.worksheets.getItem('分工表').getRange('F1').formulas = [["='My Sheet'!A1&\"'My Sheet'!A1\""]];
      ctx.workbook.names.add('在我', "='My Sheet'!$A$1");
      ctx.workbook.worksheets.getItem('My Sheet').name = '汇总,1';
      await ctx.sync();
    });
    expect(wb.cell('分工表', 'F1').formula).toBe(`='汇总,1'!A1&"'My Sheet'!A1"`);
    expect(wb.names().find((n) => n.name === '在我')!.formula).toBe("='汇总,1'!$A$1");
    await host.run(async (ctx: Ctx) => void ctx.workbook.worksheets.getItem('汇总,1').delete());
    expect(wb.cell('分工表', 'F1').formula).toBe(`=#REF!A1&"'My Sheet'!A1"`);
    expect(wb.names().find((n) => n.name === '在我')!.formula).toBe('=#REF!$A$1');
  });

  test('a chained *OrNullObject call on a null object: a null object (default), or a failed sync', async () => {
    for (const mode of ['null', 'error'] as const) {
      const host = createExcelHost(book(), { nullObjectChains: mode });
      const run = host.run(async (ctx: Ctx) => {
        const used = ctx.workbook.worksheets.getItemOrNullObject('nope').getUsedRangeOrNullObject(true);
        used.load('values');
        await ctx.sync();
        return used.isNullObject;
      });
      if (mode === 'null') expect(await run).toBe(true);
      else expect(await rejection(run)).toMatchObject({ code: 'ItemNotFound' });
    }
  });

  test('fault injection: a sync rejected part-way keeps what ran before; offline until online()', async () => {
    const wb = book();
    const host = createExcelHost(wb);
    host.inject({ at: 1, keep: 1, offline: true });
    const e = await rejection(
      host.run(async (ctx: Ctx) => {
        ctx.workbook.worksheets.getItem('My Sheet').getRange('A1').values = [['一']];
        ctx.workbook.worksheets.getItem('My Sheet').getRange('A2').values = [['二']];
        await ctx.sync();
      }),
    );
    expect(e.code).toBe('ConnectionFailure');
    expect(wb.values('My Sheet', 'A1:A2')).toEqual([['一'], [null]]);
    await expect(host.run(async (ctx: Ctx) => void (ctx.workbook.worksheets.getItem('My Sheet').getRange('A3').values = [['三']]))).rejects.toMatchObject({ code: 'ConnectionFailure' });
    host.online();
    await host.run(async (ctx: Ctx) => void (ctx.workbook.worksheets.getItem('My Sheet').getRange('A3').values = [['三']]));
    expect(wb.cell('My Sheet', 'A3').value).toBe('三');
  });

  test('data bars: their own properties; custom is ItemNotFound for them, customOrNullObject a null object', async () => {
    const wb = book();
    const host = createExcelHost(wb);
    await host.run(async (ctx: Ctx) => {
      const cf = ctx.workbook.worksheets.getItem('分工表').getRange('A2:A3').conditionalFormats.add('DataBar' as Excel.ConditionalFormatType);
      cf.dataBar.lowerBoundRule = { type: 'Number' as Excel.ConditionalFormatRuleType, formula: '0' };
      cf.dataBar.upperBoundRule = { type: 'Number' as Excel.ConditionalFormatRuleType, formula: '1' };
      cf.dataBar.positiveFormat.fillColor = '#638EC6';
      const list = ctx.workbook.worksheets.getItem('分工表').getRange().conditionalFormats.load('items/type,items/customOrNullObject/rule/formula');
      await ctx.sync();
      expect(list.items.map((i) => [i.type, i.customOrNullObject.isNullObject])).toEqual([['DataBar', true]]);
      list.items[0].custom.rule.formula = '=A2>0';
      await expect(ctx.sync()).rejects.toMatchObject({ code: 'ItemNotFound' });
    });
    await expect(
      host.run(async (ctx: Ctx) => {
        ctx.workbook.worksheets.getItem('分工表').getRange('A2').conditionalFormats.add('DataBar' as Excel.ConditionalFormatType).dataBar.lowerBoundRule = { type: 'Number' as Excel.ConditionalFormatRuleType } as Excel.ConditionalDataBarRule;
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  test('page layout (1.9): enums and the zoom object are checked; print titles as a null object when unset', async () => {
    const wb = book();
    const host = createExcelHost(wb);
    await host.run(async (ctx: Ctx) => {
      const pl = ctx.workbook.worksheets.getItem('分工表').pageLayout;
      const none = pl.getPrintTitleRowsOrNullObject();
      await ctx.sync();
      expect(none.isNullObject).toBe(true);
      pl.setPrintTitleRows('$1:$2');
      pl.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
      pl.headersFooters.defaultForAllPages.centerFooter = '第 &P 页';
      const titles = pl.getPrintTitleRowsOrNullObject().load('address');
      await ctx.sync();
      expect(titles.address).toBe('分工表!1:2');
    });
    for (const act of [(pl: Excel.PageLayout) => void (pl.orientation = 'Sideways' as Excel.PageOrientation), (pl: Excel.PageLayout) => void (pl.zoom = { scale: 5 })]) {
      const e = await rejection(host.run(async (ctx: Ctx) => void act(ctx.workbook.worksheets.getItem('分工表').pageLayout)));
      expect(e.code).toBe('InvalidArgument');
    }
    await expect(createExcelHost(book(), { apiVersion: '1.8' }).run(async (ctx: Ctx) => void ctx.workbook.worksheets.getItem('分工表').pageLayout)).rejects.toMatchObject({ code: 'ApiNotFound' });
  });

  test('xlsx round trip: workbook protection, print titles and header/footer come back', async () => {
    const wb = book().protectStructure().setPage('分工表', { printTitleRows: { top: 0, bottom: 1 }, orientation: 'Landscape' });
    wb.setPage('分工表', { headerFooter: { ...wb.pageLayout('分工表').headerFooter, centerHeader: '标题' } });
    const again = await FakeWorkbook.fromXlsx(await wb.toXlsx());
    expect(again.structureProtected).toBe(true);
    expect(again.pageLayout('分工表')).toMatchObject({ printTitleRows: { top: 0, bottom: 1 }, orientation: 'Landscape', headerFooter: { centerHeader: '标题' } });
  });
});

describe('Excel.createWorkbook (FIDELITY.md 64–66)', () => {
  const xlsx = async () => Buffer.from(await book().toXlsx()).toString('base64');

  test('records the base64 it opens, each call its own round trip; the document itself is untouched', async () => {
    const wb = book();
    const host = createExcelHost(wb);
    const before = JSON.stringify(wb.toJSON());
    const b64 = await xlsx();
    await host.createWorkbook(b64);
    await host.createWorkbook();
    expect(host.created).toEqual([b64, '']);
    expect(host.stats.syncs).toBe(2);
    expect(JSON.stringify(wb.toJSON())).toBe(before);
    expect((await FakeWorkbook.fromXlsx(Buffer.from(host.created[0], 'base64'))).sheetNames()).toEqual(['分工表', 'My Sheet']);
  });

  test('ExcelApi 1.8: an older host throws ApiNotFound at once, before any round trip', () => {
    const host = createExcelHost(book(), { apiVersion: '1.7' });
    expect(() => host.createWorkbook('')).toThrow(expect.objectContaining({ code: 'ApiNotFound' }));
    expect(host.stats.syncs).toBe(0);
  });

  test('anything but the base64 of an .xlsx package is refused with InvalidArgument, and opens nothing', async () => {
    const host = createExcelHost(book());
    expect((await rejection(host.createWorkbook('这不是base64'))).code).toBe('InvalidArgument');
    expect((await rejection(host.createWorkbook(Buffer.from('plain text').toString('base64')))).code).toBe('InvalidArgument');
    const zip = new JSZip();
    zip.file('word/document.xml', '<w:document/>');
    expect((await rejection(host.createWorkbook((await zip.generateAsync({ type: 'nodebuffer' })).toString('base64')))).code).toBe('InvalidArgument');
    expect(host.created).toEqual([]);
  });

  test('a round trip like a sync: the 5 MB request limit, a lost connection and injected faults apply', async () => {
    const small = createExcelHost(book(), { payloadLimitBytes: 1000 });
    expect((await rejection(small.createWorkbook(await xlsx()))).code).toBe('RequestPayloadSizeLimitExceeded');
    const host = createExcelHost(book());
    host.inject({ at: 1, offline: true });
    expect((await rejection(host.createWorkbook(await xlsx()))).code).toBe('ConnectionFailure');
    host.online();
    host.inject({ at: 1, keep: 'all' }); // opened, but the answer is lost
    expect((await rejection(host.createWorkbook(await xlsx()))).code).toBe('GeneralException');
    expect(host.created).toHaveLength(1);
  });
});
