/**
 * A strict reader of the text exposition format 0.0.4: every sample belongs to a family
 * announced by HELP and TYPE before it, names and labels are well formed, values are numbers.
 */
export function parsePrometheusText(
  text: string,
): Map<string, { type: string; help: string; samples: { labels: Record<string, string>; value: number }[] }> {
  const families = new Map<
    string,
    { type: string; help: string; samples: { labels: Record<string, string>; value: number }[] }
  >();
  if (!text.endsWith('\n')) throw new Error('the text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((line, i) => {
    const where = `line ${i + 1}: ${line}`;
    let m: RegExpExecArray | null;
    if ((m = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line))) {
      if (families.has(m[1]!)) throw new Error(`${where}: HELP twice`);
      families.set(m[1]!, { type: '', help: m[2]!, samples: [] });
    } else if ((m = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line))) {
      const f = families.get(m[1]!);
      if (!f || f.type || f.samples.length) throw new Error(`${where}: TYPE must follow HELP and come before samples`);
      f.type = m[2]!;
    } else if ((m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+]+|NaN|[+-]Inf)$/.exec(line))) {
      const f = families.get(m[1]!);
      if (!f?.type) throw new Error(`${where}: sample before its HELP and TYPE`);
      const labels: Record<string, string> = {};
      const body = m[2] ?? '';
      const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"(,|$)/gy;
      let consumed = 0;
      let lm: RegExpExecArray | null;
      while (consumed < body.length && (lm = re.exec(body))) {
        labels[lm[1]!] = lm[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
        consumed = re.lastIndex;
      }
      if (consumed !== body.length) throw new Error(`${where}: malformed labels`);
      const value = Number(m[3]);
      if (Number.isNaN(value) && m[3] !== 'NaN') throw new Error(`${where}: value is not a number`);
      f.samples.push({ labels, value });
    } else {
      throw new Error(`${where}: not a HELP, TYPE or sample line`);
    }
  });
  return families;
}
