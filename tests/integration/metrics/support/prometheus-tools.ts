import { spawn } from 'node:child_process'
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'

/*
 * Debian's Prometheus and promtool, as the metrics tests run them: found on PATH (or named by
 * DESK_PROMETHEUS / DESK_PROMTOOL), never downloaded. Missing, a test fails on one line that says
 * what to install, as the e2e tests do for a browser (tests/e2e/require-browser.ts); .ci/run
 * installs the package.
 */

export class ToolNotFoundError extends Error {
  override readonly name = 'ToolNotFoundError'

  constructor(message: string) {
    super(message)
    // The message says all there is to do: no frames, so vitest prints it alone.
    this.stack = `${this.name}: ${message}`
  }
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, command)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // Not in this folder.
    }
  }
  return undefined
}

function tool(command: 'prometheus' | 'promtool', envVar: string): string {
  const path = process.env[envVar] ?? onPath(command)
  if (path === undefined) {
    throw new ToolNotFoundError(`${command} not found: install Debian's \`prometheus\` package (apt-get install prometheus), or set ${envVar} to its path`)
  }
  return path
}

export const promtoolPath = (): string => tool('promtool', 'DESK_PROMTOOL')
export const prometheusPath = (): string => tool('prometheus', 'DESK_PROMETHEUS')

export type ToolRun = { code: number | null; stdout: string; stderr: string }

/** `promtool ARGS`, with `stdin` written to it, in `cwd`. */
export function promtool(args: string[], options: { stdin?: string; cwd?: string } = {}): Promise<ToolRun> {
  const child = spawn(promtoolPath(), args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdin.end(options.stdin ?? '')
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** A port free on loopback now (the kernel's pick, released for the caller). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export type RunningPrometheus = {
  url: string
  /** An instant query's vector: each series' labels and value. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: number }[]>
  stop(): Promise<void>
}

type QueryAnswer = { status: string; data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] }; error?: string }

/** Prometheus on a free loopback port with `config` (YAML), its TSDB in a temp dir; resolves once ready. */
export async function startPrometheus(config: string): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'desk-prometheus-'))
  const configFile = join(dir, 'prometheus.yml')
  writeFileSync(configFile, config)
  const port = await freePort()
  const url = `http://127.0.0.1:${String(port)}`
  const child = spawn(
    prometheusPath(),
    [`--config.file=${configFile}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${String(port)}`, '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) child.kill('SIGTERM')
    await exited
    rmSync(dir, { recursive: true, force: true })
  }
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${String(child.exitCode)}): ${stderr}`)
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false)
    if (ready) break
    if (tries > 200) {
      await stop()
      throw new Error(`prometheus not ready after 20 s: ${stderr}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    url,
    async query(expr) {
      const answer = (await (await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`)).json()) as QueryAnswer
      if (answer.status !== 'success' || answer.data === undefined) throw new Error(`query ${expr}: ${answer.error ?? answer.status}`)
      return answer.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }))
    },
    stop,
  }
}
