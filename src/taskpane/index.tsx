/*
 * Task pane entry point. Keep heavy libraries out of the static imports (SPEC §8): App loads the engine with
 * import() after the first render. No test hooks here: the end-to-end test serves a fake office.js instead
 * (test/e2e/harness), so this file runs there exactly as in Excel.
 */
import type { ReactElement } from "react";
import { createRoot } from "react-dom/client";
import { Body1, FluentProvider, Title3, webLightTheme } from "@fluentui/react-components";
import { officeHost } from "../adapters/office/host";
import { App } from "./App";

function render(el: Element, node: ReactElement): void {
  createRoot(el).render(
    <FluentProvider theme={webLightTheme} style={{ minHeight: "100vh" }}>
      {node}
    </FluentProvider>,
  );
}

/** Shown when the page is opened outside Excel (a plain browser, or office.js could not be loaded). */
function NotInExcel() {
  return (
    <main style={{ display: "flex", flexDirection: "column", gap: 12, padding: 16 }}>
      <Title3 as="h1">分工表助手</Title3>
      <Body1>请在 Excel 中通过“分工表”选项卡的“打开面板”使用分工表助手。</Body1>
    </main>
  );
}

const container = document.getElementById("container");
if (container) {
  // Office requires every add-in page to call Office.onReady (or set Office.initialize).
  if (typeof Office !== "undefined") {
    void Office.onReady((info) => {
      if (info.host === Office.HostType.Excel) render(container, <App host={officeHost} />);
      else render(container, <NotInExcel />);
    });
  } else {
    render(container, <NotInExcel />);
  }
}
