import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const tokenFileName = 'agent-token'

export type AgentToken = { token: string; path: string; created: boolean }

/**
 * The agent's bearer token: made on first run (32 random bytes, hex), kept in the data dir
 * readable by the owner alone. A copy with wider permissions is tightened, not trusted as is.
 */
export function loadOrCreateToken(dataDir: string): AgentToken {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const path = join(dataDir, tokenFileName)
  const existing = readToken(path)
  if (existing !== undefined) {
    if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600)
    return { token: existing, path, created: false }
  }
  const token = randomBytes(32).toString('hex')
  // 'wx' refuses to overwrite: two agents starting at once keep the first token.
  writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' })
  return { token, path, created: true }
}

function readToken(path: string): string | undefined {
  let text: string
  try {
    text = readFileSync(path, 'utf8').trim()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new Error(`${path} does not hold an agent token (64 hex characters); delete it to make a new one`)
  }
  return text
}
