import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/hooks';
import { ErrorNote } from '../../components/ErrorNote';

export function AddEngineForm({ onAdded }: { onAdded: () => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [files, setFiles] = useState({ ca: '', cert: '', key: '', identityFile: '', knownHostsFile: '' });
  const tcp = url.trim().startsWith('tcp://');
  const ssh = url.trim().startsWith('ssh://');
  const add = useMutation({
    mutationFn: () =>
      api.call('engines:add', {
        name,
        url,
        ...(tcp && (files.ca || files.cert || files.key)
          ? { tls: { ca: files.ca, cert: files.cert, key: files.key } }
          : {}),
        ...(ssh && files.identityFile ? { identityFile: files.identityFile } : {}),
        ...(ssh && files.knownHostsFile ? { knownHostsFile: files.knownHostsFile } : {}),
      }),
    onSuccess: () => {
      setName('');
      setUrl('');
      onAdded();
    },
  });
  const file = (key: keyof typeof files, label: string, placeholder: string) => (
    <label>
      {label}
      <input
        value={files[key]}
        placeholder={placeholder}
        onChange={(e) => setFiles({ ...files, [key]: e.target.value })}
      />
    </label>
  );
  return (
    <form
      className="card add-engine"
      aria-label="Add an engine"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <h2>Add an engine</h2>
      <label>
        Name
        <input value={name} placeholder="gpu-box" onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Address
        <input
          value={url}
          placeholder="ssh://me@gpu-box.lan or tcp://gpu-box.lan:2376"
          onChange={(e) => setUrl(e.target.value)}
        />
      </label>
      {ssh && (
        <>
          <p className="muted">Your SSH agent and ~/.ssh keys are used; the host key must be in known_hosts.</p>
          {file('identityFile', 'Key file (optional)', '~/.ssh/id_ed25519')}
          {file('knownHostsFile', 'known_hosts (optional)', '~/.ssh/known_hosts')}
        </>
      )}
      {tcp && (
        <>
          {file('ca', 'CA certificate', '/path/to/ca.pem')}
          {file('cert', 'Client certificate', '/path/to/cert.pem')}
          {file('key', 'Client key', '/path/to/key.pem')}
        </>
      )}
      <button type="submit" disabled={add.isPending || !name || !url}>
        Add
      </button>
      {add.error && <ErrorNote error={add.error} />}
      {add.data && (
        <p role="status">
          Added {add.data.name}: {add.data.connected ? `Docker ${add.data.version}` : add.data.error}
        </p>
      )}
    </form>
  );
}
