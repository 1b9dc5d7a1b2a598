/*
 * Task pane entry point. Keep heavy libraries out of the static imports (SPEC §8): App loads the engine with
 * import() after the first render.
 *
 * window.__fengongMount(el, host) mounts the app with any Host (a fake Excel in a browser test); once it has been
 * called, the automatic mount after Office.onReady stands down so it cannot replace the harness's app.
 */
import type { ReactElement } from "react";
import { createRoot, type Root } from "react-dom/client";
import { Body1, FluentProvider, Title3, webLightTheme } from "@fluentui/react-components";
import type { Host } from "../adapters/office/actions";
import { officeHost } from "../adapters/office/host";
import { App } from "./App";

declare global {
  interface Window {
    __fengongMount?: (el: Element, host: Host) => () => void;
  }
}

const roots = new WeakMap<Element, Root>();

function render(el: Element, node: ReactElement): () => void {
  let root = roots.get(el);
  if (!root) {
    root = createRoot(el);
    roots.set(el, root);
  }
  root.render(
    <FluentProvider theme={webLightTheme} style={{ minHeight: "100vh" }}>
      {node}
    </FluentProvider>,
  );
  const mounted = root;
  return () => {
    mounted.unmount();
    roots.delete(el);
  };
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

let harness = false;
let mounts = 0;

/** A fresh App per call (new key): a harness that mounts again with another host must not inherit old state. */
function mount(el: Element, host: Host): () => void {
  return render(el, <App key={++mounts} host={host} />);
}

window.__fengongMount = (el, host) => {
  harness = true;
  return mount(el, host);
};

const container = document.getElementById("container");
if (container) {
  // Office requires every add-in page to call Office.onReady (or set Office.initialize).
  if (typeof Office !== "undefined") {
    void Office.onReady((info) => {
      if (harness) return;
      if (info.host === Office.HostType.Excel) mount(container, officeHost);
      else render(container, <NotInExcel />);
    });
  } else if (!harness) {
    render(container, <NotInExcel />);
  }
}
