import { useEffect, useRef, useState } from 'react';
import type { AppEvent } from '../../../src-shared/api';
import { useStream } from '../api/hooks';
import { useSettings } from '../api/use-settings';

const ALERT_KINDS = new Set(['crash-loop', 'oom-kill', 'guard-warn', 'guard-stop', 'engine-lost', 'unhealthy', 'alert-firing']);
const PER_SERVICE_MS = 60_000;

/**
 * Alerts as toasts in the page and, where the user allowed it, as system notifications through
 * the browser's Notification API: at most one per service per minute.
 */
export function AlertToasts() {
  const [toasts, setToasts] = useState<AppEvent[]>([]);
  const lastShown = useRef(new Map<string, number>());
  const notify = useSettings().data?.values.notifications !== false;
  useStream('events:stream', {}, (e) => {
    if (!ALERT_KINDS.has(e.kind)) return;
    const key = e.service || e.kind;
    const last = lastShown.current.get(key) ?? 0;
    if (e.time - last < PER_SERVICE_MS) return;
    lastShown.current.set(key, e.time);
    setToasts((t) => [...t.slice(-3), e]);
    if (notify && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      new Notification(`SutazAI: ${e.service || 'stack'}`, { body: e.message, tag: key });
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
          <button type="button" aria-label="Dismiss" onClick={() => setToasts((all) => all.filter((x) => x.id !== t.id))}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
