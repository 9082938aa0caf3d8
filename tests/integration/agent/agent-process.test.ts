import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runAgent, spawnAgent } from '../../support/spawn-agent.ts'

const dataDir = (): string => mkdtempSync(join(tmpdir(), 'desk-proc-'))

describe('npm run agent, as a process', () => {
  it('serves until SIGTERM, then exits 0', async () => {
    const agent = await spawnAgent(['--port', '0', '--data-dir', dataDir()])
    expect((await fetch(`${agent.url}healthz`)).status).toBe(200)
    const bad = await fetch(`${agent.url}api/monitoring.setPaused`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"paused": 1}',
    })
    expect(bad.status).toBe(400)
    expect((await fetch(`${agent.url}healthz`)).status).toBe(200)
    const exit = await agent.stop()
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
    const config = join(dataDir(), 'agent.json')
    writeFileSync(config, JSON.stringify({ host: '127.0.0.1', sampleIntervalMs: 'fast' }))
    const exit = await runAgent(['--config', config])
    expect(exit.code).toBe(2)
    expect(exit.stderr).toContain(`config file ${config}: sampleIntervalMs:`)
  })

  it('exits 1 naming the port when it is taken', async () => {
    const dir = dataDir()
    const first = await spawnAgent(['--port', '0', '--data-dir', dir])
    const second = await runAgent(['--port', String(first.port), '--data-dir', dir])
    expect(second.code).toBe(1)
    expect(second.stderr).toContain(`port ${String(first.port)} is taken`)
    await first.stop()
  })
})
