import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../../src/shared/contract/settings.ts'
import { backupPath, SettingsStore } from '../../../src/main/core/store/settings-store.ts'

const fixedNow = () => new Date('2026-11-24T10:00:00.000Z')

function freshPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'desk-settings-')), 'settings.json')
}

describe('SettingsStore', () => {
  it('starts from defaults when there is no file, and writes nothing until a change', () => {
    const path = freshPath()
    const store = SettingsStore.open(path)
    expect(store.current).toEqual(defaultSettings)
    expect(store.problem).toBeNull()
    expect(existsSync(path)).toBe(false)
  })

  it('persists a change readable by the owner alone, keeping the previous copy', () => {
    const path = freshPath()
    SettingsStore.open(path).update({ monitoring: { paused: true } })
    const store = SettingsStore.open(path)
    expect(store.current.monitoring).toEqual({ paused: true, sampleIntervalMs: 1000 })
    store.update({ monitoring: { sampleIntervalMs: 2000 } })
    expect(JSON.parse(readFileSync(backupPath(path), 'utf8'))).toMatchObject({ monitoring: { paused: true, sampleIntervalMs: 1000 } })
    expect(SettingsStore.open(path).current.monitoring).toEqual({ paused: true, sampleIntervalMs: 2000 })
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readdirSync(join(path, '..')).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('refuses an invalid patch and keeps what it had', () => {
    const path = freshPath()
    const store = SettingsStore.open(path)
    expect(() => store.update({ monitoring: { sampleIntervalMs: 5 } })).toThrow()
    expect(() => store.update({ wallets: [] } as never)).toThrow()
    expect(store.current).toEqual(defaultSettings)
  })

  it('sets a corrupt file aside and restores the previous good copy', () => {
    const path = freshPath()
    const store = SettingsStore.open(path)
    store.update({ monitoring: { paused: true } })
    store.update({ monitoring: { sampleIntervalMs: 3000 } })
    writeFileSync(path, '{"schemaVersion":1,"monitoring":{"paus')
    const reopened = SettingsStore.open(path, fixedNow)
    expect(reopened.current.monitoring).toEqual({ paused: true, sampleIntervalMs: 1000 })
    expect(reopened.problem).toMatch(/could not be read \(it is not valid JSON\); restored the previous copy saved/)
    const quarantined = `${path}.corrupt-2026-11-24T10-00-00-000Z`
    expect(reopened.problem).toContain(quarantined)
    expect(readFileSync(quarantined, 'utf8')).toBe('{"schemaVersion":1,"monitoring":{"paus')
    expect(SettingsStore.open(path).problem).toBeNull()
  })

  it('names the bad field and falls back to defaults without a backup', () => {
    const path = freshPath()
    writeFileSync(path, JSON.stringify({ schemaVersion: 1, monitoring: { paused: 'yes' } }))
    const store = SettingsStore.open(path, fixedNow)
    expect(store.current).toEqual(defaultSettings)
    expect(store.problem).toMatch(/monitoring\.paused: .*expected boolean.*started from defaults/)
  })

  it('leaves a file from a newer version untouched, even after a change', () => {
    const path = freshPath()
    const newer = JSON.stringify({ schemaVersion: 9, monitoring: { paused: true }, wallets: ['kept'] })
    writeFileSync(path, newer)
    const store = SettingsStore.open(path)
    expect(store.problem).toMatch(/newer DePIN Desk \(settings schema 9; this version understands up to 1\)/)
    store.update({ monitoring: { paused: false } })
    expect(store.current.monitoring.paused).toBe(false)
    expect(readFileSync(path, 'utf8')).toBe(newer)
  })

  it('survives SIGKILL at any moment of a write', async () => {
    const path = freshPath()
    const child = spawn(process.execPath, [join(import.meta.dirname, 'fixtures/settings-writer.ts'), path], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    await new Promise<void>((resolve) => {
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        if (/\b200\n/.test(out)) resolve()
      })
    })
    child.kill('SIGKILL')
    await new Promise((resolve) => child.on('exit', resolve))
    const store = SettingsStore.open(path)
    expect(store.problem).toBeNull()
    expect(store.current.monitoring.sampleIntervalMs).toBeGreaterThanOrEqual(1000)
  })
})
