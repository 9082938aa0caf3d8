import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const repoRoot = join(import.meta.dirname, '../..')

/** The agent from source, or the bundle `npm run agent` runs (out/agent/main.js). */
export const agentEntry = {
  source: join(repoRoot, 'src/main/agent/main.ts'),
  built: join(repoRoot, 'out/agent/main.js'),
}

export type AgentExit = { code: number | null; stdout: string; stderr: string }

export type SpawnedAgent = {
  url: string
  port: number
  child: ChildProcessWithoutNullStreams
  /** Resolves when the process has exited, however it ends. */
  exited: Promise<AgentExit>
  /** SIGTERM, then the exit. */
  stop(): Promise<AgentExit>
}

function start(args: string[], entry: string) {
  const child = spawn(process.execPath, [entry, ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
  const output = { stdout: '', stderr: '' }
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()))
  const exited = new Promise<AgentExit>((resolve) => child.on('exit', (code) => resolve({ code, ...output })))
  return { child, output, exited }
}

/** Runs `node <entry> ARGS` and resolves once it prints where it listens. */
export function spawnAgent(args: string[], entry = agentEntry.source): Promise<SpawnedAgent> {
  const { child, output, exited } = start(args, entry)
  return new Promise((resolve, reject) => {
    child.stdout.on('data', () => {
      const url = /listening on (http:\/\/\S+)/.exec(output.stdout)?.[1]
      if (!url) return
      resolve({
        url,
        port: Number(new URL(url).port),
        child,
        exited,
        stop: () => {
          child.kill('SIGTERM')
          return exited
        },
      })
    })
    void exited.then((exit) => reject(new Error(`agent exited (${String(exit.code)}) before listening: ${exit.stderr}`)))
  })
}

/** Runs the agent until it exits on its own (bad flags, a taken port). */
export function runAgent(args: string[], entry = agentEntry.source): Promise<AgentExit> {
  return start(args, entry).exited
}

/** One method of a running agent's HTTP API; throws with core's error when it refuses. */
export async function callAgent<T>(agent: SpawnedAgent, method: string, input: unknown = {}): Promise<T> {
  const response = await fetch(new URL(`/api/${method}`, agent.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })
  const envelope = (await response.json()) as { ok: true; value: T } | { ok: false; error: unknown }
  if (!envelope.ok) throw new Error(`${method} answered ${response.status}: ${JSON.stringify(envelope.error)}`)
  return envelope.value
}

/** A process's resident memory in MiB, from /proc (Linux). */
export function residentMiB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8')
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]) / 1024
}
