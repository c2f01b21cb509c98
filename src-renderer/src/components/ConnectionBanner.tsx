import { useConnectionState } from '../api/hooks';

export function ConnectionBanner() {
  const state = useConnectionState();
  if (state === 'open') return null;
  return (
    <div className="banner warn" role="status">
      {state === 'connecting'
        ? 'Connecting to the control center…'
        : 'Lost the connection to the control center. Reconnecting… (is `sutazai serve` still running?)'}
    </div>
  );
}
