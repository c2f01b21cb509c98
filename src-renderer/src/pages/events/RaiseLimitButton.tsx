import { useMutation } from '@tanstack/react-query';
import type { AppEvent } from '../../../../src-shared/api';
import { useApi } from '../../api/hooks';
import { ErrorNote } from '../../components/ErrorNote';
import { formatBytes } from '../../components/format';
import { suggestedLimit } from './raise-suggestion';

/** On an OOM-kill event: raise the service's memory limit in one click (undone on the Hardware page). */
export function RaiseLimitButton({ event }: { event: AppEvent }) {
  const api = useApi();
  const bytes = suggestedLimit(event.data);
  const raise = useMutation({
    mutationFn: (b: number) => api.call('hardware:raiseLimit', { service: event.service, bytes: b }),
  });
  if (!bytes || !event.service) return null;
  if (raise.data) {
    return (
      <div className="muted" role="status">
        Limit raised to {formatBytes(raise.data.limitBytes)}
        {raise.data.updatedContainers.length
          ? ', applied to the running container'
          : ', applied when it is next created'}
        . Undo on the Hardware page.
      </div>
    );
  }
  return (
    <div>
      <button type="button" disabled={raise.isPending} onClick={() => raise.mutate(bytes)}>
        {raise.isPending ? 'Raising…' : `Raise limit to ${formatBytes(bytes)}`}
      </button>
      {raise.error && <ErrorNote error={raise.error} />}
    </div>
  );
}
