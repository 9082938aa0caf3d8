import { createHash } from 'node:crypto'
import { createReadStream, readFileSync, renameSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { z } from 'zod'
import { sweepStaleTemporaries, writeFileAtomic } from '../../store/atomic-file.ts'
import { fallbackLog, tightenPrivateFile, type PrivateLog } from '../../store/private-files.ts'
import type { BinaryCheck } from './posture-types.ts'

/*
 * Trust on first use for node binaries: the sha256 of a node's executable when first seen is
 * kept in a private JSON file in the data dir, written atomically; a different file later is a
 * change until the operator confirms it. Hashing a 100 MB binary costs a read of it, so a file
 * is hashed again only when its size, mtime, ctime or inode moved (a stat per scan). ctime and
 * inode catch a replacement that kept the size and reset the mtime (cp -p, touch -r).
 * The hashes never leave this machine.
 */

const Entry = z.object({
  sha256First: z.string(),
  firstSeenAt: z.number(),
  confirmedAt: z.number().optional(),
  sha256Now: z.string(),
  sizeBytes: z.number(),
  mtimeMs: z.number(),
  ctimeMs: z.number(),
  inode: z.number(),
})
type Entry = z.infer<typeof Entry>
/** Entries by node id, then by executable path. */
const StoreFile = z.object({ version: z.literal(1), nodes: z.record(z.string(), z.record(z.string(), Entry)) })
type StoreFile = z.infer<typeof StoreFile>

type Fingerprint = Pick<Entry, 'sizeBytes' | 'mtimeMs' | 'ctimeMs' | 'inode'>

export type BinaryHashesOptions = {
  /** The JSON file, in the data dir. */
  path: string
  now?: () => number
  /** sha256 of a file as hex; tests count its calls. */
  hashFile?: (path: string) => Promise<string>
  log?: PrivateLog
}

/** The sha256 of a file as lower-case hex, read as a stream so a large binary never sits in memory. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** A file we may not read or that is gone (a process of another user, an exe deleted since): no check, not a failure. */
const unreadable = (error: unknown): boolean => ['ENOENT', 'EACCES', 'EPERM', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')

export class BinaryHashes {
  readonly #path: string
  readonly #now: () => number
  readonly #hashFile: (path: string) => Promise<string>
  readonly #log: PrivateLog
  #store: StoreFile | undefined

  constructor(options: BinaryHashesOptions) {
    this.#path = options.path
    this.#now = options.now ?? Date.now
    this.#hashFile = options.hashFile ?? sha256File
    this.#log = options.log ?? fallbackLog
    sweepStaleTemporaries(this.#path, this.#log)
  }

  /** The binary of `nodeId` at `exePath` against its trusted hash; null when it cannot be read. */
  async check(nodeId: string, exePath: string): Promise<BinaryCheck | null> {
    let fingerprint: Fingerprint
    let sha256: string
    const known = this.#load().nodes[nodeId]?.[exePath]
    try {
      fingerprint = fingerprintOf(await stat(exePath))
      if (known !== undefined && sameFingerprint(known, fingerprint)) return checkOf(exePath, known)
      sha256 = await this.#hashFile(exePath)
    } catch (error) {
      if (unreadable(error)) return null
      throw error
    }
    const entry: Entry = known === undefined ? { sha256First: sha256, firstSeenAt: this.#now(), ...fingerprint, sha256Now: sha256 } : { ...known, ...fingerprint, sha256Now: sha256 }
    const nodes = this.#load().nodes
    nodes[nodeId] = { ...nodes[nodeId], [exePath]: entry }
    this.#save()
    return checkOf(exePath, entry)
  }

  /** Accepts the current hash of each of the node's binaries as trusted (the operator confirmed an update). Answers how many changed. */
  confirm(nodeId: string): number {
    const entries = this.#load().nodes[nodeId] ?? {}
    const changed = Object.values(entries).filter((entry) => entry.sha256Now !== entry.sha256First)
    const at = this.#now()
    for (const entry of changed) Object.assign(entry, { sha256First: entry.sha256Now, confirmedAt: at })
    if (changed.length > 0) this.#save()
    return changed.length
  }

  /** Drops what is kept for a node the operator removed, so a node added again later starts afresh. */
  forget(nodeId: string): void {
    const nodes = this.#load().nodes
    if (!(nodeId in nodes)) return
    this.#store = { version: 1, nodes: Object.fromEntries(Object.entries(nodes).filter(([id]) => id !== nodeId)) }
    this.#save()
  }

  /** Read once, then kept: this object is the file's only writer. */
  #load(): StoreFile {
    this.#store ??= this.#read()
    return this.#store
  }

  #read(): StoreFile {
    let text: string
    try {
      text = readFileSync(this.#path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, nodes: {} }
      throw error
    }
    tightenPrivateFile(this.#path, this.#log)
    const parsed = StoreFile.safeParse(parseJson(text))
    if (parsed.success) return parsed.data
    // Kept aside, not thrown: posture goes on, trusting the binaries it sees now afresh.
    const aside = `${this.#path}.corrupt-${this.#now()}`
    renameSync(this.#path, aside)
    this.#log.warn(`${this.#path} could not be read as binary hashes; moved it to ${aside} and started afresh`)
    return { version: 1, nodes: {} }
  }

  #save(): void {
    writeFileAtomic(this.#path, `${JSON.stringify(this.#load())}\n`, 0o600)
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const fingerprintOf = (stats: { size: number; mtimeMs: number; ctimeMs: number; ino: number }): Fingerprint => ({
  sizeBytes: stats.size,
  mtimeMs: stats.mtimeMs,
  ctimeMs: stats.ctimeMs,
  inode: stats.ino,
})

const sameFingerprint = (a: Fingerprint, b: Fingerprint): boolean => a.sizeBytes === b.sizeBytes && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.inode === b.inode

function checkOf(path: string, entry: Entry): BinaryCheck {
  const check: BinaryCheck = { path, sha256Now: entry.sha256Now, sha256First: entry.sha256First, firstSeenAt: entry.firstSeenAt }
  return entry.confirmedAt === undefined ? check : { ...check, confirmedAt: entry.confirmedAt }
}
