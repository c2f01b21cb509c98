import { useMutation } from '@tanstack/react-query';
import type { MetricsRange } from '../../../../src-shared/api/features/metrics';
import { useApi } from '../../api/hooks';

/** Downloads every series over the range as CSV (time, series, min, avg, max). */
export function CsvExportButton({ range, series }: { range: MetricsRange; series: string[] }) {
  const api = useApi();
  const exportCsv = useMutation({
    mutationFn: () => api.call('metrics:csv', { range, series: series.slice(0, 200) }),
    onSuccess: (csv) => {
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `sutazai-metrics-${range}-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
  });
  return (
    <>
      <button type="button" onClick={() => exportCsv.mutate()} disabled={series.length === 0 || exportCsv.isPending}>
        {exportCsv.isPending ? 'Exporting…' : 'Export CSV'}
      </button>
      {exportCsv.error && <span className="error">Export failed: {exportCsv.error.message}</span>}
    </>
  );
}
