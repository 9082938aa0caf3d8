/*
 * A reader of Prometheus' text exposition format for the tests, enough for what prom-client
 * writes: `# HELP`, `# TYPE`, and `name{label="value",...} number` lines with escaped values.
 * https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */

export type ExposedSample = { name: string; labels: Record<string, string>; value: number }
export type Exposition = { samples: ExposedSample[]; types: Map<string, string>; helps: Map<string, string> }

const line = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/
const pair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c))
}

export function parseExposition(text: string): Exposition {
  const samples: ExposedSample[] = []
  const types = new Map<string, string>()
  const helps = new Map<string, string>()
  for (const raw of text.split('\n')) {
    if (raw === '') continue
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(raw)
    if (meta) {
      ;(meta[1] === 'HELP' ? helps : types).set(meta[2] ?? '', meta[3] ?? '')
      continue
    }
    const match = line.exec(raw)
    if (!match) throw new Error(`not an exposition line: ${raw}`)
    const labels: Record<string, string> = {}
    for (const [, key, value] of (match[2] ?? '').matchAll(pair)) labels[key ?? ''] = unescape(value ?? '')
    samples.push({ name: match[1] ?? '', labels, value: Number(match[3]) })
  }
  return { samples, types, helps }
}

/** The samples of one metric, optionally those whose labels include `where`. */
export function samplesOf(exposition: Exposition, name: string, where: Record<string, string> = {}): ExposedSample[] {
  return exposition.samples.filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v))
}
