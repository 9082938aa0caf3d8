/**
 * The agent in a child process started with --expose-gc, so a test can read its heap after a
 * full collection: in vitest's own process other tests' garbage would blur the figure.
 * Prints "listening on URL"; each "memory" line on stdin answers one JSON line.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { startAgent } from '../../../../src/main/agent/agent.ts'
import { silentLogger } from '../../../../src/main/core/log.ts'

export type MemoryReport = { heapUsed: number; external: number; arrayBuffers: number; rss: number; dispatched: number }

const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with --expose-gc')

const dataDir = mkdtempSync(join(tmpdir(), 'desk-gc-agent-'))
const agent = await startAgent({ port: 0, host: '127.0.0.1', dataDir, sampleIntervalMs: 60_000, logLevel: 'error' }, silentLogger, tmpdir())

// Counts the calls that reached core, so the test knows when the agent has stopped reading.
let dispatched = 0
const dispatch = agent.core.dispatch.bind(agent.core)
agent.core.dispatch = (method, input) => {
  dispatched += 1
  return dispatch(method, input)
}

process.stdout.write(`listening on ${agent.url}\n`)
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'memory') continue
  gc()
  gc()
  const { heapUsed, external, arrayBuffers, rss } = process.memoryUsage()
  const report: MemoryReport = { heapUsed, external, arrayBuffers, rss, dispatched }
  process.stdout.write(`${JSON.stringify(report)}\n`)
}
await agent.stop()
