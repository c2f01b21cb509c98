import { useApiQuery } from '../../api/hooks';

/** Warns when other users of this machine can enter the app's data folder, with the command that closes it. */
export function HomeAccessBanner() {
  const { data: info, refetch, isFetching } = useApiQuery('system:info', {}, { staleTime: 60_000 });
  const access = info?.homeAccess;
  if (!access || access.private) return null;
  return (
    <div className="banner warn" role="alert" data-testid="home-access">
      <div>
        Other users of this machine can enter the app&apos;s data folder <span className="mono">{access.path}</span>{' '}
        (mode {access.mode}). It holds the database and the stack&apos;s generated secrets.
        {access.openFiles.length > 0 && <> Readable files in it: {access.openFiles.join(', ')}.</>}
      </div>
      <div className="hint">
        Make it private: <span className="mono">{access.fix}</span>{' '}
        <button type="button" onClick={() => void refetch()} disabled={isFetching}>
          Check again
        </button>
      </div>
    </div>
  );
}
