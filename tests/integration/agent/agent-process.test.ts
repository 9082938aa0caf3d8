import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const main = join(import.meta.dirname, '../../../src/main/agent/main.ts')

type Exit = { code: number | null; stdout: string; stderr: string }

function runAgent(args: string[], onListening?: (url: string, kill: () => void) => Promise<void>): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let seen = false
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1]
      if (url && !seen && onListening) {
        seen = true
        onListening(url, () => child.kill('SIGTERM')).catch((error: unknown) => {
          child.kill('SIGKILL')
          reject(error instanceof Error ? error : new Error(String(error)))
        })
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('npm run agent, as a process', () => {
  it('serves until SIGTERM, then exits 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'desk-proc-'))
    const exit = await runAgent(['--port', '0', '--data-dir', dataDir], async (url, kill) => {
      const health = await fetch(`${url}healthz`)
      expect(health.status).toBe(200)
      const bad = await fetch(`${url}api/monitoring.setPaused`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"paused": 1}',
      })
      expect(bad.status).toBe(400)
      expect((await fetch(`${url}healthz`)).status).toBe(200)
      kill()
    })
    expect(exit.code).toBe(0)
    expect(exit.stdout).not.toMatch(/Bearer token/)
  })

  it.each([
    [['--port', 'abc'], /--port must be a whole number from 0 to 65535, got "abc"/],
    [['--bogus'], /Unknown option '--bogus'/],
  ])('exits 2 on %j with the reason', async (args, message) => {
    const exit = await runAgent(args)
    expect(exit.code).toBe(2)
    expect(exit.stderr).toMatch(message)
  })

  it('exits 2 on a broken config file, naming the setting', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'desk-proc-')), 'agent.json')
    writeFileSync(config, JSON.stringify({ host: '127.0.0.1', sampleIntervalMs: 'fast' }))
    const exit = await runAgent(['--config', config])
    expect(exit.code).toBe(2)
    expect(exit.stderr).toContain(`config file ${config}: sampleIntervalMs:`)
  })

  it('exits 1 naming the port when it is taken', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'desk-proc-'))
    await runAgent(['--port', '0', '--data-dir', dataDir], async (url, kill) => {
      const port = new URL(url).port
      const second = await runAgent(['--port', port, '--data-dir', dataDir])
      expect(second.code).toBe(1)
      expect(second.stderr).toContain(`port ${port} is taken`)
      kill()
    })
  })
})
