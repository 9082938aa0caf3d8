import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import type { LogLevel } from '../core/log.ts'

export type AgentOptions = {
  port: number
  host: string
  dataDir: string
  /** From the config file only: overrides the saved setting for this run. */
  sampleIntervalMs: number | undefined
  logLevel: LogLevel
  /** From the config file only: price feed base URLs (a CoinGecko Pro URL, a caching proxy). */
  priceFeeds?: { coingecko?: string; coinpaprika?: string }
  /** From the config file only: false reads chains only from the endpoints the operator set. */
  publicEndpoints?: boolean
}

/** A problem with the command line or the config file; the agent prints it and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

export const usage = `Usage: npm run agent -- [options]

  --port N         TCP port to listen on (default 7420; 0 picks a free one)
  --host ADDR      address to bind (default 127.0.0.1); any other than loopback
                   requires the bearer token kept in the data dir
  --data-dir DIR   where the agent keeps its state (default: the per-user data dir)
  --config FILE    JSON file with any of: port, host, dataDir, sampleIntervalMs, logLevel,
                   priceFeeds ({ coingecko, coinpaprika } base URLs),
                   publicEndpoints (false: only the RPC URLs you set)
  --help           print this and exit

Flags win over the config file, which wins over the defaults.`

const Port = z.number().int().min(0).max(65535)

const ConfigFile = z.strictObject({
  port: Port.optional(),
  host: z.string().min(1).optional(),
  dataDir: z.string().min(1).optional(),
  sampleIntervalMs: z.number().int().min(250).max(60_000).optional(),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']).optional(),
  priceFeeds: z.strictObject({ coingecko: z.url().optional(), coinpaprika: z.url().optional() }).optional(),
  publicEndpoints: z.boolean().optional(),
})

/** The per-user data directory each platform expects. */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'DePIN Desk')
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'DePIN Desk')
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'depin-desk')
}

/** Command line, then config file, then defaults. Throws `UsageError` with a specific message. */
export function resolveAgentOptions(
  argv: readonly string[],
  readText: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): AgentOptions | 'help' {
  const flags = parseFlags(argv)
  if (flags.help) return 'help'
  const file = flags.config === undefined ? {} : readConfigFile(flags.config, readText)
  const port = flags.port === undefined ? file.port : parsePort(flags.port)
  return {
    port: port ?? 7420,
    host: flags.host ?? file.host ?? '127.0.0.1',
    dataDir: resolve(flags['data-dir'] ?? file.dataDir ?? defaultDataDir()),
    sampleIntervalMs: file.sampleIntervalMs,
    logLevel: file.logLevel ?? 'info',
    ...(file.priceFeeds === undefined ? {} : { priceFeeds: file.priceFeeds }),
    ...(file.publicEndpoints === undefined ? {} : { publicEndpoints: file.publicEndpoints }),
  }
}

function parseFlags(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        config: { type: 'string' },
        help: { type: 'boolean' },
      },
    }).values
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage}`)
  }
}

function parsePort(text: string): number {
  const parsed = Port.safeParse(/^\d+$/.test(text) ? Number(text) : Number.NaN)
  if (!parsed.success) throw new UsageError(`--port must be a whole number from 0 to 65535, got "${text}"`)
  return parsed.data
}

function readConfigFile(path: string, readText: (path: string) => string): z.output<typeof ConfigFile> {
  let text: string
  try {
    text = readText(path)
  } catch (error) {
    throw new UsageError(`cannot read config file ${path}: ${(error as Error).message}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`config file ${path} is not valid JSON: ${(error as Error).message}`)
  }
  const parsed = ConfigFile.safeParse(json)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const key = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : undefined
  const where = key ?? issue?.path.join('.') ?? ''
  const what = key === undefined ? issue?.message : 'unknown setting'
  throw new UsageError(`config file ${path}: ${where}: ${what}`)
}
