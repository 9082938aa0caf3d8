import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { findBrowser, type BrowserHost } from '../support/find-browser.ts'
import { agentEntry } from '../support/spawn-agent.ts'

const repoRoot = join(import.meta.dirname, '../..')

/** Where screenshots go (git-ignored). */
export const artifacts = join(repoRoot, 'test-artifacts')

/** The README's pictures as the last run took them; copied into docs/ by hand, so a test run leaves the tree clean. */
export const docsPictures = join(artifacts, 'docs')

// process.env itself, not a copy: on Windows only it looks names up case-insensitively (ProgramFiles).
const thisMachine: BrowserHost = {
  env: process.env,
  platform: process.platform,
  homeDir: homedir(),
  cwd: repoRoot,
  isFile: (path) => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false,
  listDir: (path) => (statSync(path, { throwIfNoEntry: false })?.isDirectory() ? readdirSync(path) : []),
}

/** The browser the e2e tests drive (see find-browser.ts for where it looks); throws one line saying what to install. */
export function browserExecutable(): string {
  return findBrowser(thisMachine).executablePath
}

/** A Chromium-family browser, once the build the agent serves is there; each missing piece fails the file. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(join(repoRoot, 'out/renderer/index.html')) || !existsSync(agentEntry.built)) {
    throw new Error('out/ is not built: run `npm run build` (npm test does it for you)')
  }
  const executablePath = browserExecutable()
  mkdirSync(docsPictures, { recursive: true })
  return chromium.launch({ executablePath, args: ['--disable-gpu'] })
}
