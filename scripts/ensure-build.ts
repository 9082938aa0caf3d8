/**
 * Before `npm run agent` and `npm test`: build when out/ is missing or older than the
 * sources, so a fresh clone serves a dashboard and a built one starts at once.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

// The oldest of the build's entry points decides.
const builtFiles = ['out/renderer/index.html', 'out/agent/main.js', 'out/main/main.js']
const sourceDirs = ['src', 'resources']

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

function builtAt(): number | undefined {
  try {
    return Math.min(...builtFiles.map((file) => statSync(file).mtimeMs))
  } catch {
    return undefined
  }
}

const built = builtAt()
const sources = Math.max(...sourceDirs.map(newestMtime))
if (built === undefined || sources > built) {
  process.stdout.write(built === undefined ? 'Building (first run)…\n' : 'Sources changed since the last build; rebuilding…\n')
  const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
