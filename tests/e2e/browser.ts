import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { agentEntry } from '../support/spawn-agent.ts'

const repoRoot = join(import.meta.dirname, '../..')
const chromiumPath = '/usr/bin/chromium'

/** Where screenshots go (git-ignored). */
export const artifacts = join(repoRoot, 'test-artifacts')

/** Debian's Chromium, once the build the agent serves is there; a clear error when it is not. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(join(repoRoot, 'out/renderer/index.html')) || !existsSync(agentEntry.built)) {
    throw new Error('out/ is not built: run `npm run build` (npm test does it for you)')
  }
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install chromium`)
  mkdirSync(artifacts, { recursive: true })
  return chromium.launch({ executablePath: chromiumPath, args: ['--disable-gpu'] })
}
