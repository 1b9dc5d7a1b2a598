/*
 * Task pane entry point (placeholder). Another engineer replaces the body with the real app; keep heavy
 * libraries out of this module's static imports (use `import()`), see SPEC §8.
 */
import { createRoot } from "react-dom/client";
import { Body1, FluentProvider, Spinner, Title3, webLightTheme } from "@fluentui/react-components";

function App() {
  return (
    <FluentProvider theme={webLightTheme} style={{ minHeight: "100vh" }}>
      <main style={{ display: "flex", flexDirection: "column", gap: 12, padding: 16 }}>
        <Title3 as="h1">分工表助手</Title3>
        <Spinner size="tiny" labelPosition="after" label={<Body1>正在加载…</Body1>} />
      </main>
    </FluentProvider>
  );
}

const container = document.getElementById("container");
if (container) {
  const root = createRoot(container);
  root.render(<App />);
  // Office requires every add-in page to call Office.onReady (or set Office.initialize).
  if (typeof Office !== "undefined") {
    void Office.onReady(() => {
      // The real app takes over here.
    });
  }
}
