// What is running (with the engine's step text) and the outcome of the last action.
import type { ReactNode } from "react";
import { useEffect, useRef } from "react";
import { Button, Field, MessageBar, MessageBarActions, MessageBarBody, ProgressBar, makeStyles } from "@fluentui/react-components";
import type { Busy, Notice } from "../types";

interface Props {
  busy: Busy | null;
  notices: Notice[];
  onDismiss?: (index: number) => void;
  /** An extra button shown with the first notice (e.g. 重试). */
  action?: ReactNode;
}

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: "8px" },
  // Long sentences (sheet names, unit lists) must wrap in a narrow pane instead of being cut off.
  body: { whiteSpace: "normal", overflowWrap: "anywhere" },
});

export function StatusBar({ busy, notices, onDismiss, action }: Props) {
  const styles = useStyles();
  const ref = useRef<HTMLDivElement>(null);
  // A new outcome may appear while the user is scrolled down in a long list: bring it into view.
  useEffect(() => {
    if (notices.length) ref.current?.scrollIntoView?.({ block: "nearest" });
  }, [notices]);
  if (!busy && notices.length === 0) return null;
  return (
    <div className={styles.root} ref={ref} aria-live="polite">
      {busy && (
        <Field data-testid="progress" validationMessage={busy.step ? `${busy.label}：${busy.step}` : `${busy.label}…`} validationState="none">
          <ProgressBar thickness="large" aria-label={busy.label} />
        </Field>
      )}
      {!busy &&
        notices.map((n, i) => (
          <MessageBar key={i} intent={n.intent} layout="multiline" data-testid="notice" data-intent={n.intent}>
            <MessageBarBody className={styles.body}>{n.text}</MessageBarBody>
            {(onDismiss || (action && i === 0)) && (
              <MessageBarActions
                containerAction={
                  onDismiss ? (
                    <Button appearance="transparent" size="small" aria-label="关闭" onClick={() => onDismiss(i)}>
                      ×
                    </Button>
                  ) : undefined
                }
              >
                {i === 0 ? action : undefined}
              </MessageBarActions>
            )}
          </MessageBar>
        ))}
    </div>
  );
}
