import { spawn } from 'node:child_process'
import type { SpawnFunction } from '../../../src/main/core/hardware/power/nvidia-smi-child.ts'

/** The real spawn with a fake nvidia-smi's switches in the environment, counting every process started. */
export function countingSpawn(env: Record<string, string> = {}): { spawn: SpawnFunction; pids: (number | undefined)[] } {
  const pids: (number | undefined)[] = []
  return {
    pids,
    spawn: (command, args, options) => {
      const child = spawn(command, args, { ...options, env: { ...process.env, ...env } })
      pids.push(child.pid)
      return child
    },
  }
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
