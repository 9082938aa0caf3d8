import type { ChildProcess } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { PassThrough } from 'node:stream'
import type { SpawnFunction } from '../../src/main/core/hardware/power/nvidia-smi-child.ts'

/** Just enough of a ChildProcess for the nvidia-smi streams: piped stdout/stderr, 'error' and 'close'. */
export class FakeChild extends EventEmitter {
  readonly stdout = new PassThrough()
  readonly stderr = new PassThrough()
  pid: number | undefined = 4242
  exitCode: number | null = null
  signalCode: NodeJS.Signals | null = null
  readonly killed: string[] = []

  print(text: string): void {
    this.stdout.write(text)
  }

  exit(code: number): void {
    this.exitCode = code
    this.#close(code, null)
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    this.killed.push(signal)
    this.signalCode = signal
    this.#close(null, signal)
    return true
  }

  #close(code: number | null, signal: NodeJS.Signals | null): void {
    this.stdout.end()
    this.stderr.end()
    setImmediate(() => this.emit('close', code, signal))
  }
}

/** Real setImmediate so fake children can close; fake setTimeout so backoff is stepped by hand. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** A spawn that hands out fake children and records each launch's arguments. */
export function fakeSpawn(): { spawn: SpawnFunction; children: FakeChild[]; calls: string[][] } {
  const children: FakeChild[] = []
  const calls: string[][] = []
  const spawn: SpawnFunction = (_command, args) => {
    calls.push([...args])
    const child = new FakeChild()
    children.push(child)
    return child as unknown as ChildProcess
  }
  return { spawn, children, calls }
}
