import { useState } from 'react';
import type { SnapshotSummary } from '../../../../src-shared/api';
import { ErrorNote } from '../../components/ErrorNote';
import { ClonePanel } from './ClonePanel';
import { CreateSnapshotCard } from './CreateSnapshotCard';
import { ProgressBar } from './ProgressBar';
import { RestorePanel } from './RestorePanel';
import { ScheduleCard } from './ScheduleCard';
import { SnapshotTable } from './SnapshotTable';
import { useSnapshotList, useSnapshotProgress } from './use-snapshots';

type Open = { kind: 'restore' | 'clone'; snapshot: SnapshotSummary } | undefined;

export function SnapshotsPage() {
  const list = useSnapshotList();
  const progress = useSnapshotProgress();
  const [open, setOpen] = useState<Open>();
  return (
    <div className="page snapshots">
      <h1>Snapshots</h1>
      <p className="muted">
        A snapshot keeps the stack&apos;s volumes, its templates and override, stack.env and the list of models; it is
        complete only once its manifest is written and every archive has its SHA-256.
      </p>
      {progress && <ProgressBar progress={progress} />}
      <div className="grid">
        <div className="col">
          <section className="card" aria-label="Snapshot list">
            <h2>Kept snapshots</h2>
            {list.error && <ErrorNote error={list.error} />}
            {list.data && (
              <SnapshotTable
                snapshots={list.data}
                onRestore={(snapshot) => setOpen({ kind: 'restore', snapshot })}
                onClone={(snapshot) => setOpen({ kind: 'clone', snapshot })}
              />
            )}
          </section>
          {open?.kind === 'restore' && <RestorePanel snapshot={open.snapshot} onClose={() => setOpen(undefined)} />}
          {open?.kind === 'clone' && <ClonePanel snapshot={open.snapshot} onClose={() => setOpen(undefined)} />}
        </div>
        <div className="col">
          <CreateSnapshotCard running={progress} />
          <ScheduleCard />
        </div>
      </div>
    </div>
  );
}
