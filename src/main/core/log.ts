export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export type Logger = Record<LogLevel, (message: string, detail?: unknown) => void>

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

/** A line-per-event logger to stderr; the shells choose the level. */
export function createLogger(
  minimum: LogLevel = 'info',
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Logger {
  const emit = (level: LogLevel) => (message: string, detail?: unknown) => {
    if (order[level] < order[minimum]) return
    const suffix = detail === undefined ? '' : ` ${describe(detail)}`
    write(`${new Date().toISOString()} ${level.padEnd(5)} ${message}${suffix}`)
  }
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') }
}

function describe(detail: unknown): string {
  if (detail instanceof Error) return detail.stack ?? `${detail.name}: ${detail.message}`
  try {
    return JSON.stringify(detail)
  } catch {
    return String(detail)
  }
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }
