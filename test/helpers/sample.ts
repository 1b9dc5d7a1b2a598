import * as path from 'path';
import { readFileSync } from 'fs';
import { loadWorkbook } from '../../src/adapters/exceljs/workbook';

export const SAMPLE = path.join(__dirname, '..', '..', 'samples', '执法规范提升年-责任分工表.xlsx');

export async function loadSample() {
  return loadWorkbook(readFileSync(SAMPLE));
}
