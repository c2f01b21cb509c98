import type { HelperContainers } from './helper-containers';

/**
 * Replacing a volume's contents with a staging volume's, so that it can be undone until it is
 * committed: the old entries are moved (a rename, instant) into a hidden folder of the same volume,
 * then the staging contents are copied in with tar. `commit` deletes the old entries; `rollback`
 * puts them back. Each script is idempotent, so an interrupted run is simply run again.
 */
const ENTRIES = 'for f in .[!.]* ..?* *; do [ -e "$f" ] || [ -L "$f" ] || continue; [ "$f" = "$keep" ] && continue;';

function keepDir(operation: string): string {
  return `.sutazai-previous-${operation}`;
}

export function swapScript(operation: string): string {
  return [
    'set -e',
    'cd /target',
    `keep=${keepDir(operation)}`,
    'if [ ! -d "$keep" ]; then',
    '  mkdir "$keep.tmp"',
    '  stat -c "%u:%g %a" /target > "$keep.tmp/.sutazai-root"',
    '  mv "$keep.tmp" "$keep"',
    `  ${ENTRIES} mv "$f" "$keep/"; done`,
    'fi',
    // A copy cut short by an earlier run is removed before copying again.
    `${ENTRIES} rm -rf "$f"; done`,
    '{ tar -C /staging -cf - . || echo failed > /tmp/tar-create; } | tar -C /target -xf -',
    '[ ! -e /tmp/tar-create ] || { echo "reading the staging volume failed" >&2; exit 1; }',
    'chown "$(stat -c %u:%g /staging)" /target',
    'chmod "$(stat -c %a /staging)" /target',
    'echo swapped',
  ].join('\n');
}

export function commitScript(operation: string): string {
  return ['set -e', 'cd /target', `keep=${keepDir(operation)}`, 'rm -rf "$keep" "$keep.tmp"', 'echo committed'].join(
    '\n',
  );
}

export function rollbackScript(operation: string): string {
  return [
    'set -e',
    'cd /target',
    `keep=${keepDir(operation)}`,
    'rm -rf "$keep.tmp"',
    '[ -d "$keep" ] || { echo "nothing to roll back"; exit 0; }',
    `${ENTRIES} rm -rf "$f"; done`,
    'root=$(cat "$keep/.sutazai-root")',
    'rm -f "$keep/.sutazai-root"',
    `(cd "$keep" && ${ENTRIES.replace('[ "$f" = "$keep" ] && continue;', '')} mv "$f" /target/; done)`,
    'rmdir "$keep"',
    'chown "${root% *}" /target',
    'chmod "${root#* }" /target',
    'echo rolled-back',
  ].join('\n');
}

async function runOrThrow(
  helpers: HelperContainers,
  what: string,
  script: string,
  mounts: Parameters<HelperContainers['run']>[1],
): Promise<void> {
  const r = await helpers.run(script, mounts);
  if (r.exitCode !== 0) throw new Error(`${what} failed (exit code ${r.exitCode}): ${r.output.slice(-500)}`);
}

export function swapVolume(
  helpers: HelperContainers,
  staging: string,
  target: string,
  operation: string,
): Promise<void> {
  return runOrThrow(helpers, `replacing the contents of ${target}`, swapScript(operation), [
    { volume: staging, target: '/staging', readOnly: true },
    { volume: target, target: '/target' },
  ]);
}

export function commitVolume(helpers: HelperContainers, target: string, operation: string): Promise<void> {
  return runOrThrow(helpers, `removing the previous contents of ${target}`, commitScript(operation), [
    { volume: target, target: '/target' },
  ]);
}

export function rollbackVolume(helpers: HelperContainers, target: string, operation: string): Promise<void> {
  return runOrThrow(helpers, `putting back the previous contents of ${target}`, rollbackScript(operation), [
    { volume: target, target: '/target' },
  ]);
}
