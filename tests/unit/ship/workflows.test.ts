import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// js-yaml ships no types: typed here for load() only.
const { load } = createRequire(import.meta.url)('js-yaml') as { load: (text: string) => unknown }

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> }
type Job = {
  'runs-on': string
  needs?: string | string[]
  permissions?: Record<string, string>
  strategy?: { matrix: { os?: string[]; include?: Array<Record<string, string>> } }
  steps: Step[]
}
type Workflow = { on: Record<string, unknown>; jobs: Record<string, Job> }

const workflow = (name: string): Workflow => load(readFileSync(join(import.meta.dirname, '../../../.github/workflows', name), 'utf8')) as Workflow
const oses = ['macos-latest', 'ubuntu-latest', 'windows-latest']
const job = (w: Workflow, name: string): Job => w.jobs[name] ?? expect.unreachable(`no job ${name}`)

function expectNode24ThenTests(steps: Step[], script: string): void {
  const setupNode = steps.findIndex((s) => s.uses?.startsWith('actions/setup-node@') === true)
  expect(steps[setupNode]?.with?.['node-version']).toBe(24)
  const ci = steps.findIndex((s) => s.run === 'npm ci')
  const run = steps.findIndex((s) => s.run === script)
  expect(setupNode).toBeGreaterThanOrEqual(0)
  expect(ci).toBeGreaterThan(setupNode)
  expect(run).toBeGreaterThan(ci)
}

describe('ci.yml', () => {
  const ci = workflow('ci.yml')

  it('runs on pull requests', () => {
    expect(Object.keys(ci.on)).toContain('pull_request')
  })

  it('runs npm test on Node 24 on ubuntu, windows and macos', () => {
    const test = job(ci, 'test')
    expect(test['runs-on']).toBe('${{ matrix.os }}')
    expect([...(test.strategy?.matrix.os ?? [])].sort()).toEqual(oses)
    expectNode24ThenTests(test.steps, 'npm test')
  })
})

describe('release.yml', () => {
  const release = workflow('release.yml')

  it('runs on v* tags only', () => {
    expect(release.on).toEqual({ push: { tags: ['v*'] } })
  })

  it('tests first, on Node 24', () => {
    expectNode24ThenTests(job(release, 'test').steps, 'npm test')
  })

  it("builds only after the tests pass, each OS on its own runner, and publishes to the tag's release", () => {
    const build = job(release, 'build')
    expect([build.needs].flat()).toEqual(['test'])
    const include = build.strategy?.matrix.include ?? []
    expect(include.map((entry) => entry['os']).sort()).toEqual(oses)
    expect(Object.fromEntries(include.map((entry) => [entry['os'], entry['platform']]))).toEqual({
      'windows-latest': '--win',
      'macos-latest': '--mac',
      'ubuntu-latest': '--linux',
    })
    expect(build['runs-on']).toBe('${{ matrix.os }}')
    expectNode24ThenTests(build.steps, 'npm run build')
    const publish = build.steps.find((s) => s.run?.includes('electron-builder') === true)
    // The config's name is not one electron-builder finds by itself: the release passes it, as the npm scripts do.
    expect(publish?.run).toBe('npx electron-builder --config electron-builder.config.ts ${{ matrix.platform }} --publish always')
    expect(publish?.env?.['GH_TOKEN']).toBe('${{ secrets.GITHUB_TOKEN }}')
    expect(build.permissions).toEqual({ contents: 'write' })
  })
})
