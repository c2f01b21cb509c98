import { useMutation } from '@tanstack/react-query';
import { useApi, useApiQuery } from '../../api/hooks';
import { ErrorNote } from '../../components/ErrorNote';

/** Step 3: the stack's passwords are generated here, and shown only when asked. */
export function SecretsStep() {
  const api = useApi();
  const secrets = useApiQuery('setup:secrets', {}, { staleTime: Infinity });
  const reveal = useMutation({ mutationFn: () => api.call('setup:revealSecrets', { confirm: true }) });
  return (
    <div>
      {secrets.error && <ErrorNote error={secrets.error} />}
      {secrets.data && (
        <>
          <p data-testid="secrets-summary">
            {secrets.data.names.length} secrets generated, each from 24 random bytes, kept in{' '}
            <span className="mono">{secrets.data.file}</span> (readable by you only). The stack's services use them; you
            do not need to note them down.
          </p>
          {reveal.data ? (
            <>
              <table className="table" data-testid="secret-values">
                <tbody>
                  {Object.entries(reveal.data).map(([name, value]) => (
                    <tr key={name}>
                      <td className="mono">{name}</td>
                      <td className="mono">{value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <button type="button" onClick={() => reveal.reset()}>
                Hide the values
              </button>
            </>
          ) : (
            <>
              <ul className="mono" data-testid="secret-names">
                {secrets.data.names.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
              <button type="button" onClick={() => reveal.mutate()}>
                Show the values
              </button>
            </>
          )}
        </>
      )}
      {reveal.error && <ErrorNote error={reveal.error} />}
    </div>
  );
}
