import { useEffect, useRef, useState } from 'react';
import { AlertGate, alertKey } from '../../../src-shared/alerts';
import type { AppEvent } from '../../../src-shared/api';
import { useStream } from '../api/hooks';
import { useSettings } from '../api/use-settings';

/**
 * Alerts as toasts in the page and, where the user allowed it, as system notifications through
 * the browser's Notification API: at most one per service per minute.
 */
export function AlertToasts() {
  const [toasts, setToasts] = useState<AppEvent[]>([]);
  const gate = useRef(new AlertGate());
  const notify = useSettings().data?.values.notifications !== false;
  useStream('events:stream', {}, (e) => {
    if (!gate.current.admit(e)) return;
    setToasts((t) => [...t.slice(-3), e]);
    if (notify && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      new Notification(`SutazAI: ${e.service || 'stack'}`, { body: e.message, tag: alertKey(e) });
    }
  });
  useEffect(() => {
    if (toasts.length === 0) return undefined;
    const timer = setTimeout(() => setToasts((t) => t.slice(1)), 10_000);
    return () => clearTimeout(timer);
  }, [toasts]);
  return (
    <div className="toasts" aria-live="polite">
      {typeof Notification !== 'undefined' && Notification.permission === 'default' && toasts.length > 0 && (
        <button type="button" className="toast-permission" onClick={() => void Notification.requestPermission()}>
          Show alerts as system notifications
        </button>
      )}
      {toasts.map((t) => (
        <div key={t.id} className={`toast sev-${t.severity}`} role="alert" data-testid="toast">
          <strong>{t.service || t.kind}</strong> {t.message}
          <button
            type="button"
            aria-label="Dismiss"
            onClick={() => setToasts((all) => all.filter((x) => x.id !== t.id))}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
