import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { join } from 'node:path'
import { createInterface, type Interface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MemoryReport } from './support/gc-agent.ts'
import { openRawWebSocket, readTextFrames, textFrame } from './support/raw-websocket.ts'

const calls = 20_000
const mebibyte = 1024 * 1024

/** The agent in a child process with --expose-gc, answering "memory" with its heap after a full GC. */
class GcAgent {
  readonly #child: ChildProcessWithoutNullStreams
  readonly #lines: Interface
  readonly #waiting: { resolve: (line: string) => void; reject: (error: Error) => void }[] = []
  port = 0

  constructor() {
    this.#child = spawn(process.execPath, ['--expose-gc', join(import.meta.dirname, 'support/gc-agent.ts')])
    this.#lines = createInterface({ input: this.#child.stdout })
    this.#lines.on('line', (line) => this.#waiting.shift()?.resolve(line))
    this.#child.once('exit', (code) => {
      for (const waiter of this.#waiting.splice(0)) waiter.reject(new Error(`gc-agent exited (${String(code)})`))
    })
  }

  async started(): Promise<void> {
    const line = await this.#nextLine()
    this.port = Number(new URL(/listening on (\S+)/.exec(line)?.[1] ?? 'http://x:0').port)
  }

  async memory(): Promise<MemoryReport> {
    const line = this.#nextLine()
    this.#child.stdin.write('memory\n')
    return JSON.parse(await line) as MemoryReport
  }

  stop(): void {
    this.#child.kill('SIGTERM')
  }

  #nextLine(): Promise<string> {
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }))
  }
}

/** Heap plus the Buffers outside it: unsent answers live in the latter. */
const retained = (m: MemoryReport): number => m.heapUsed + m.external

describe('a WebSocket client that sends calls and never reads the answers', () => {
  const agent = new GcAgent()
  beforeAll(() => agent.started())
  afterAll(() => agent.stop())

  it(`keeps the agent within +20 MiB over ${calls} calls, then answers every one once it reads`, async () => {
    const warmUp = await openRawWebSocket(agent.port)
    warmUp.end(textFrame(JSON.stringify({ id: 0, method: 'networks.list' })))
    const before = await agent.memory()

    const client = await openRawWebSocket(agent.port)
    const frames = Array.from({ length: calls }, (_, i) => textFrame(JSON.stringify({ id: i + 1, method: 'networks.list' })))
    client.write(Buffer.concat(frames))

    // Wait until the agent has taken all it will take: the count of calls it dispatched stops moving.
    let last = -1
    let steady = 0
    let after = before
    while (steady < 5) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      after = await agent.memory()
      steady = after.dispatched === last ? steady + 1 : 0
      last = after.dispatched
    }
    const growthMiB = (retained(after) - retained(before)) / mebibyte
    console.info(
      `non-reading client: ${after.dispatched - before.dispatched} of ${calls} calls dispatched; ` +
        `heapUsed+external after gc() grew ${growthMiB.toFixed(2)} MiB (heapUsed ${((after.heapUsed - before.heapUsed) / mebibyte).toFixed(2)}, ` +
        `external ${((after.external - before.external) / mebibyte).toFixed(2)}, rss ${((after.rss - before.rss) / mebibyte).toFixed(2)})`,
    )
    expect(growthMiB).toBeLessThan(20)
    expect(after.dispatched - before.dispatched).toBeLessThan(calls)

    // Backpressure delays calls, it loses none: read now and every answer arrives.
    const ids: unknown[] = []
    let pending: Buffer = Buffer.alloc(0)
    client.on('data', (chunk: Buffer) => {
      const { texts, rest } = readTextFrames(Buffer.concat([pending, chunk]))
      pending = rest
      for (const text of texts) {
        const frame = JSON.parse(text) as { id?: unknown }
        if ('id' in frame) ids.push(frame.id)
      }
    })
    client.resume()
    await expect.poll(() => ids.length, { timeout: 15_000, interval: 100 }).toBe(calls)
    expect(new Set(ids).size).toBe(calls)
    client.destroy()
  })
})
