// Workbooks built the way users make them, for CLI and adapter tests.
import ExcelJS from 'exceljs';

/** A messy table: title rows, header on rows 5–6 from column B (责任单位 over 牵头|配合), typos, every deadline family. */
export async function messyWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('重点工作');
  ws.getCell('B1').value = '附件2';
  ws.getCell('B2').value = '2024年安全生产重点工作责任分工表';
  ws.mergeCells('B2:I2');
  const header: [string, string][] = [
    ['B5', '序号'], ['C5', '重点 工作'], ['D5', '工作措施'], ['E5', '责任单位'], ['G5', '完成\n时限'], ['H5', '责任领导'], ['I5', '备注'],
    ['E6', '牵头单位'], ['F6', '配合\n单位'],
  ];
  for (const [addr, v] of header) ws.getCell(addr).value = v;
  for (const m of ['B5:B6', 'C5:C6', 'D5:D6', 'E5:F5', 'G5:G6', 'H5:H6', 'I5:I6']) ws.mergeCells(m);
  ws.getCell('B7').value = '一、安全生产方面（共4项）';
  ws.mergeCells('B7:I7');
  const rows: (string | number | Date | null)[][] = [
    // seq, task, content, lead, support, deadline, leader, note   (rows 8 …)
    [1, '隐患排查', '措施1', '法规课', '办公室、规才科', '2024年3月底前', '张三', null],
    [2, null, '措施2', '防汛减灾科', '危险化学品安全监督管里科', '2024年第三季度', '李四', null],
    ['3.', '执法检查', '措施3', '执法支队', '各县(市、区)应急管理局', '2024.9.30', '王五', '备注文字'],
    ['（四）', '宣传培训', '措施4', '办公室', '法规科', '每季度末', null, null],
    ['二、应急管理方面', null, null, null, null, null, null, null],
    [5, '火灾防治', '措施5', '火灾防治科', '综合减灾科', '长期坚持', null, null],
    [6, '统计调查', '措施6', '调统科', '无', '尽快', null, null],
    [7, '资金保障', '措施7', '规财科', '调统科', '六月底前', null, null],
    [8, '预案修订', '措施8', '法规科', null, '2024年13月底前', null, null],
    [9, '制度建设', '措施9', '法规科', null, null, null, null],
    [10, '减灾示范', '措施10', '综合减灾科', null, '2024年上半年', null, null],
    [11, '地灾巡查', '措施11', '地震地灾防治科', null, new Date(Date.UTC(2024, 9, 15)), null, null],
    [12, '月度调度', '措施12', '法规科', null, '每月25日前', null, null],
    [13, '全年执法', '措施13', '市应急管理综合行政执法支队', null, '2024年1月1日至12月31日', null, null],
    [14, '专项整治', '措施14', '矿山安全监督管理科', null, '即日起至2024年10月底', null, null],
    [15, '年终总结', '措施15', '办公室', null, '2024年底前', null, null],
    [16, '信息报送', '措施16', '办公室', null, '2024/9/30', null, null],
    [17, '远期规划', '措施17', '规财科', null, '2032年6月底前', null, null],
    [18, '年度报告', '措施18', '法规科', null, '每年1月底前', null, null],
    [19, '季度检查', '措施19', '工贸行业安全监督管理科', null, '从2024年第二季度起', null, null],
    [20, '错误日期', '措施20', '法规科', null, '2月30日', null, null],
    [21, '长效机制', '措施21', '法规科', null, '持续推进', null, null],
  ];
  rows.forEach((r, i) => {
    r.forEach((v, j) => {
      if (v !== null) ws.getCell(8 + i, 2 + j).value = v;
    });
  });
  ws.mergeCells('C8:C9');
  ws.getCell('B12').value = '二、应急管理方面';
  ws.mergeCells('B12:I12');
  ws.getCell('G19').numFmt = 'yyyy"年"m"月"d"日"';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function workbookWithoutTable(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('通讯录');
  ws.addRow(['姓名', '电话', '科室']);
  ws.addRow(['张三', '12345', '法规科']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
