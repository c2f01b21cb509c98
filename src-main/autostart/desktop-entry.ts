/**
 * Desktop Entry files (freedesktop.org Desktop Entry Specification 1.4): the text of an entry and
 * the quoting of its Exec key, where an argument with a reserved character is double-quoted with
 * `"`, `` ` ``, `$` and `\` escaped, then the string escape applies (`\` doubled) and `%` is doubled.
 */
export interface DesktopEntry {
  name: string;
  comment: string;
  /** The program and its arguments, unquoted. */
  exec: string[];
  icon: string;
  categories?: string[];
  /** Further keys (X-GNOME-Autostart-enabled, ...), written as given. */
  extra?: Record<string, string>;
}

const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

export function quoteExecArgument(arg: string): string {
  const quoted = arg === '' || RESERVED.test(arg) ? `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`)}"` : arg;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

/** The reverse of quoteExecArgument for the entries this app writes (to read its own Exec back). */
export function parseExec(value: string): string[] {
  const text = value.replace(/\\\\/g, '\\');
  const args: string[] = [];
  let current = '';
  let inQuotes = false;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '\\' && i + 1 < text.length && '"`$\\'.includes(text[i + 1]!)) current += text[++i];
      else if (c === '"') inQuotes = false;
      else current += c;
    } else if (c === '"') {
      inQuotes = true;
      started = true;
    } else if (c === ' ' || c === '\t') {
      if (started) args.push(current.replace(/%%/g, '%'));
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (started) args.push(current.replace(/%%/g, '%'));
  return args;
}

function singleLine(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
}

export function desktopEntryText(entry: DesktopEntry): string {
  const lines = [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.4',
    `Name=${singleLine(entry.name)}`,
    `Comment=${singleLine(entry.comment)}`,
    `Exec=${entry.exec.map(quoteExecArgument).join(' ')}`,
    `Icon=${singleLine(entry.icon)}`,
    'Terminal=false',
  ];
  if (entry.categories?.length) lines.push(`Categories=${entry.categories.join(';')};`);
  for (const [key, value] of Object.entries(entry.extra ?? {})) lines.push(`${key}=${singleLine(value)}`);
  return lines.join('\n') + '\n';
}

/** The keys of the [Desktop Entry] group of a file (later groups are ignored). */
export function readDesktopEntry(text: string): Record<string, string> {
  const keys: Record<string, string> = {};
  let inMain = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      inMain = line === '[Desktop Entry]';
      continue;
    }
    if (!inMain || line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq > 0) keys[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return keys;
}
