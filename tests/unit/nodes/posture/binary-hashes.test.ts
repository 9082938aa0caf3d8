import { createHash } from 'node:crypto'
import { chmodSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BinaryHashes, sha256File } from '../../../../src/main/core/nodes/posture/binary-hashes.ts'
import { binaryChanged } from '../../../../src/main/core/nodes/posture/rules/binary-changed.ts'
import { inputOf } from './posture-input.ts'

const sha = (text: string): string => createHash('sha256').update(text).digest('hex')

type Rig = { dir: string; exe: string; store: string; hashes: BinaryHashes; hashed: string[]; warnings: string[]; clock: { now: number } }

/** A temp data dir, a fake node binary, and a store that counts the files it hashes. */
function rig(): Rig {
  const dir = mkdtempSync(join(tmpdir(), 'desk-hashes-'))
  const exe = join(dir, 'lotus-miner')
  writeFileSync(exe, 'version 1')
  const store = join(dir, 'binary-hashes.json')
  const hashed: string[] = []
  const warnings: string[] = []
  const clock = { now: Date.UTC(2025, 0, 1) }
  const open = (): BinaryHashes =>
    new BinaryHashes({
      path: store,
      now: () => clock.now,
      hashFile: (path) => {
        hashed.push(path)
        return sha256File(path)
      },
      log: { info() {}, warn: (message) => warnings.push(message) },
    })
  return { dir, exe, store, hashes: open(), hashed, warnings, clock }
}

/**
 * Puts another file of the same size in place with the old mtime, as an installer's rename or
 * `cp -p` would: only the inode tells. (ctime would too, but ticks coarsely: not a test's clock.)
 */
function replaceKeepingTimes(path: string, text: string, seconds: number): void {
  writeFileSync(`${path}.new`, text)
  utimesSync(`${path}.new`, seconds, seconds)
  renameSync(`${path}.new`, path)
}

describe('sha256File', () => {
  it('hashes a file as a stream, to the NIST value for "abc"', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'desk-sha-')), 'abc')
    writeFileSync(path, 'abc')
    expect(await sha256File(path)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })
})

describe('BinaryHashes', () => {
  it('trusts the first hash it sees and keeps it in a private file', async () => {
    const { exe, store, hashes } = rig()
    expect(await hashes.check('lotus', exe)).toEqual({ path: exe, sha256Now: sha('version 1'), sha256First: sha('version 1'), firstSeenAt: Date.UTC(2025, 0, 1) })
    const kept = JSON.parse(readFileSync(store, 'utf8')) as { nodes: Record<string, Record<string, { sha256First: string }>> }
    expect(kept.nodes.lotus?.[exe]?.sha256First).toBe(sha('version 1'))
    if (process.platform !== 'win32') expect(statSync(store).mode & 0o777).toBe(0o600)
  })

  it('does not hash again while size, mtime, ctime and inode stay, and writes nothing', async () => {
    const { exe, store, hashes, hashed } = rig()
    await hashes.check('lotus', exe)
    const written = statSync(store).mtimeMs
    for (let i = 0; i < 3; i++) await hashes.check('lotus', exe)
    expect(hashed).toEqual([exe])
    expect(statSync(store).mtimeMs).toBe(written)
  })

  it('hashes again when the size changes, and reports the change against the first hash', async () => {
    const { exe, hashes, hashed } = rig()
    await hashes.check('lotus', exe)
    writeFileSync(exe, 'version 2, longer')
    const check = await hashes.check('lotus', exe)
    expect(hashed).toHaveLength(2)
    expect(check).toMatchObject({ sha256Now: sha('version 2, longer'), sha256First: sha('version 1') })
    expect(binaryChanged(inputOf({ binary: check }))).toHaveLength(1)
  })

  it('hashes again when only the mtime moves, and finds the same file unchanged', async () => {
    const { exe, hashes, hashed } = rig()
    await hashes.check('lotus', exe)
    utimesSync(exe, new Date(2030, 0, 1), new Date(2030, 0, 1))
    const check = await hashes.check('lotus', exe)
    expect(hashed).toHaveLength(2)
    expect(check?.sha256Now).toBe(check?.sha256First)
    expect(binaryChanged(inputOf({ binary: check }))).toEqual([])
  })

  it('sees a replacement of the same size with its mtime put back', async () => {
    const { exe, hashes } = rig()
    utimesSync(exe, 1_700_000_000, 1_700_000_000)
    await hashes.check('lotus', exe)
    const before = statSync(exe)
    replaceKeepingTimes(exe, 'version X', 1_700_000_000)
    expect(statSync(exe).size).toBe(before.size)
    expect(statSync(exe).mtimeMs).toBe(before.mtimeMs)
    expect(statSync(exe).ino).not.toBe(before.ino)
    expect((await hashes.check('lotus', exe))?.sha256Now).toBe(sha('version X'))
  })

  it('accepts the current hash on confirm, once', async () => {
    const { exe, hashes, clock } = rig()
    await hashes.check('lotus', exe)
    writeFileSync(exe, 'version 2, longer')
    await hashes.check('lotus', exe)
    clock.now = Date.UTC(2025, 1, 1)
    expect(hashes.confirm('lotus')).toBe(1)
    const check = await hashes.check('lotus', exe)
    expect(check).toEqual({ path: exe, sha256Now: sha('version 2, longer'), sha256First: sha('version 2, longer'), firstSeenAt: Date.UTC(2025, 0, 1), confirmedAt: Date.UTC(2025, 1, 1) })
    expect(binaryChanged(inputOf({ binary: check }))).toEqual([])
    expect(hashes.confirm('lotus')).toBe(0)
    expect(hashes.confirm('no-such-node')).toBe(0)
  })

  it('keeps hashes and confirmations across a restart, without hashing an unchanged file again', async () => {
    const first = rig()
    await first.hashes.check('lotus', first.exe)
    writeFileSync(first.exe, 'version 2, longer')
    await first.hashes.check('lotus', first.exe)
    first.hashes.confirm('lotus')
    const hashed: string[] = []
    const reopened = new BinaryHashes({ path: first.store, hashFile: (path) => (hashed.push(path), sha256File(path)) })
    expect((await reopened.check('lotus', first.exe))?.confirmedAt).toBe(Date.UTC(2025, 0, 1))
    expect(hashed).toEqual([])
  })

  it('keys by node and path: another node on the same file is trusted on its own first sight', async () => {
    const { exe, hashes, clock } = rig()
    await hashes.check('lotus', exe)
    writeFileSync(exe, 'version 2, longer')
    clock.now = Date.UTC(2025, 3, 1)
    expect(await hashes.check('curio', exe)).toMatchObject({ sha256First: sha('version 2, longer'), firstSeenAt: Date.UTC(2025, 3, 1) })
    expect((await hashes.check('lotus', exe))?.sha256First).toBe(sha('version 1'))
  })

  it('forgets a removed node, which then starts afresh', async () => {
    const { exe, hashes, clock } = rig()
    await hashes.check('lotus', exe)
    writeFileSync(exe, 'version 2, longer')
    hashes.forget('lotus')
    hashes.forget('never-seen')
    clock.now = Date.UTC(2025, 4, 1)
    expect(await hashes.check('lotus', exe)).toMatchObject({ sha256First: sha('version 2, longer'), firstSeenAt: Date.UTC(2025, 4, 1) })
  })

  it('answers null for a binary that is gone or that it may not read', async () => {
    const { dir, exe, hashes } = rig()
    expect(await hashes.check('lotus', join(dir, 'gone'))).toBeNull()
    expect(await hashes.check('lotus', join(exe, 'not-a-dir'))).toBeNull()
    // Root reads any file, so only an ordinary user sees EACCES.
    if (process.platform !== 'win32' && process.getuid?.() !== 0) {
      chmodSync(exe, 0o000)
      expect(await hashes.check('lotus', exe)).toBeNull()
    }
  })

  it('moves a damaged file aside and starts afresh, saying so', async () => {
    const { dir, exe, store, hashes, warnings } = rig()
    writeFileSync(store, '{"version":1,"nodes":{"lotus":{"/x":{"sha256First":7}}}}')
    expect((await hashes.check('lotus', exe))?.sha256First).toBe(sha('version 1'))
    expect(readdirSync(dir).filter((name) => name.startsWith('binary-hashes.json.corrupt-'))).toHaveLength(1)
    expect(warnings).toContainEqual(expect.stringContaining('moved it to'))
  })
})
