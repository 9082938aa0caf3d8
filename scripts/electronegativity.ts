/**
 * Electronegativity (Doyensec's Electron security scanner) as a CI gate: scans src/ and
 * fails unless every finding is accepted, with its reason, in
 * security/electronegativity-accepted.json. Run by .ci/run after the build.
 *
 * Why it runs the way it does:
 * - Installed apart, into .cache/electronegativity, from the pinned lockfile in
 *   security/electronegativity: beside the project's TypeScript it crashes, so it gets
 *   typescript@5 beside it instead.
 * - On the machine's own Node, not the project's Node 24: offline, its fetch of fresh
 *   translations retries through got 11, whose retry throws on Node 24 ("The `onCancel`
 *   handler was attached after the promise settled"). We also stub that fetch out, so the
 *   scan never waits on the network.
 * - Through its runner, not its CLI: the CLI exits 0 whatever it finds, and when writing
 *   its CSV report it drops, without a word, any file it could not parse. The runner
 *   answers findings and parse errors alike.
 * - AvailableSecurityFixesGlobalCheck is left out: it asks the network for Electron's
 *   security releases.
 * - Over src/, not out/: its Babel parser cannot read the built bundles (private class
 *   fields), while it parses every source file; and src/ includes the page's CSP.
 *
 * Usage: node scripts/electronegativity.ts   (ELECTRONEGATIVITY_NODE=/path/to/node to choose the Node)
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { accessSync, constants, copyFileSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs'
import { delimiter, join, relative, resolve, sep } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const pinned = join(root, 'security/electronegativity')
const installDir = join(root, '.cache/electronegativity')
const acceptedFile = 'security/electronegativity-accepted.json'
const scanned = 'src'
const excludedChecks = ['AvailableSecurityFixesGlobalCheck']

export type Finding = {
  check: string
  severity: string
  confidence: string
  /** Relative to the repository, with forward slashes; "N/A" for a finding about the whole app. */
  file: string
  line: number
  column: number
  /** The flagged line, trimmed; null when there is none. */
  sample: string | null
  description: string
}

export type Accepted = { check: string; file: string; sample: string | null; reason: string }

export type Verdict = {
  accepted: Array<{ finding: Finding; reason: string }>
  unaccepted: Finding[]
  /** Entries that no longer match any finding: fixed, or the line changed. */
  stale: Accepted[]
}

/** An accepted entry covers a finding of the same check, file and flagged line, wherever that line moved. */
export function judge(findings: readonly Finding[], accepted: readonly Accepted[]): Verdict {
  const matches = (entry: Accepted, finding: Finding): boolean =>
    entry.check === finding.check && entry.file === finding.file && entry.sample === finding.sample
  const verdict: Verdict = { accepted: [], unaccepted: [], stale: [] }
  for (const finding of findings) {
    const entry = accepted.find((candidate) => matches(candidate, finding))
    if (entry === undefined) verdict.unaccepted.push(finding)
    else verdict.accepted.push({ finding, reason: entry.reason })
  }
  verdict.stale = accepted.filter((entry) => !findings.some((finding) => matches(entry, finding)))
  return verdict
}

/** The accepted list, refused unless every entry names its finding and gives a reason. */
export function parseAccepted(text: string): Accepted[] {
  const list: unknown = (JSON.parse(text) as { accepted?: unknown }).accepted
  if (!Array.isArray(list)) throw new Error(`${acceptedFile}: "accepted" must be a list`)
  return list.map((entry: unknown, index) => {
    const { check, file, sample, reason } = (entry ?? {}) as Record<string, unknown>
    const ok =
      typeof check === 'string' && typeof file === 'string' && (typeof sample === 'string' || sample === null)
    if (!ok) throw new Error(`${acceptedFile}: entry ${index} needs "check", "file" and "sample" (a string or null)`)
    if (typeof reason !== 'string' || reason.trim().length < 20) {
      throw new Error(`${acceptedFile}: entry ${index} (${check}) needs a "reason" that says why it is acceptable`)
    }
    return { check, file, sample, reason }
  })
}

/** What CI prints: every finding with its status; for each unaccepted one, an entry to start from. */
export function report(verdict: Verdict): string[] {
  const where = (finding: Finding): string => `${finding.file}:${finding.line}`
  const lines = verdict.accepted.map(
    ({ finding }) => `  accepted      ${finding.check} (${finding.severity}) ${where(finding)}`,
  )
  for (const finding of verdict.unaccepted) {
    lines.push(`  NOT ACCEPTED  ${finding.check} (${finding.severity}, ${finding.confidence}) ${where(finding)}: ${finding.description}`)
    if (finding.sample !== null) lines.push(`                ${finding.sample}`)
  }
  for (const entry of verdict.stale) {
    lines.push(`  STALE         ${entry.check} ${entry.file}: accepted, but no longer found; remove it from ${acceptedFile}`)
  }
  if (verdict.unaccepted.length > 0) {
    lines.push(`Fix each finding NOT ACCEPTED, or accept it in ${acceptedFile} with its reason:`)
    for (const { check, file, sample } of verdict.unaccepted) {
      lines.push(`  ${JSON.stringify({ check, file, sample, reason: 'why this is acceptable' })},`)
    }
  }
  return lines
}

/** Runs in the scanner's Node (CommonJS, Node 18 and up); writes findings and parse errors as JSON. */
const scan = String.raw`
const { join } = require('node:path')
const { writeFileSync } = require('node:fs')
const config = JSON.parse(process.env.DESK_ELECTRONEGATIVITY)
const dist = join(config.installDir, 'node_modules/@doyensec/electronegativity/dist')
const got = require.resolve('got', { paths: [dist] })
require.cache[got] = { id: got, filename: got, loaded: true, exports: () => Promise.reject(new Error('offline by design')) }
require(join(dist, 'runner.js'))(
  { input: config.input, customScan: [], excludeFromScan: config.exclude, electronVersionOverride: config.electronVersion, parserPlugins: [] },
  false,
).then((result) => writeFileSync(config.report, JSON.stringify({
  checks: result.globalChecks + result.atomicChecks,
  errors: result.errors,
  findings: result.issues.map((issue) => ({
    check: issue.id, severity: issue.severity.name, confidence: issue.confidence.name, file: issue.file,
    line: issue.location.line, column: issue.location.column, sample: issue.sample == null ? null : issue.sample,
    description: issue.description,
  })),
}))).catch((error) => {
  console.error((error && error.stack) || error)
  process.exit(1)
})
`

type ScanResult = { checks: number; errors: Array<{ file: string; message: string; tolerable: boolean }>; findings: Finding[] }

function fail(message: string): never {
  process.stderr.write(`electronegativity: ${message}\n`)
  process.exit(1)
}

/** npm ci into .cache/electronegativity, unless it already holds exactly the pinned lockfile. */
function ensureInstalled(): void {
  const files = ['package.json', 'package-lock.json']
  const digest = createHash('sha256')
  for (const file of files) digest.update(readFileSync(join(pinned, file)))
  const wanted = digest.digest('hex')
  const stamp = join(installDir, '.installed')
  if (readOrUndefined(stamp) === wanted) return
  mkdirSync(installDir, { recursive: true })
  for (const file of files) copyFileSync(join(pinned, file), join(installDir, file))
  const args = ['ci', '--prefix', installDir, '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error']
  const npm = spawnSync('npm', args, { stdio: 'inherit', shell: process.platform === 'win32' })
  if (npm.status !== 0) fail(`npm ${args.join(' ')} failed (${npm.error?.message ?? `exit ${npm.status ?? npm.signal}`})`)
  writeFileSync(stamp, wanted)
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

/** The first `node` on PATH that is not a project's own (node_modules/.bin holds Node 24, which runs this). */
function systemNode(): string {
  const chosen = process.env['ELECTRONEGATIVITY_NODE']
  if (chosen !== undefined && chosen !== '') return chosen
  const name = process.platform === 'win32' ? 'node.exe' : 'node'
  const ours = realpathSync(process.execPath)
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir === '' || resolve(dir).split(sep).includes('node_modules')) continue
    const candidate = join(dir, name)
    try {
      accessSync(candidate, constants.X_OK)
      if (statSync(candidate).isFile() && realpathSync(candidate) !== ours) return candidate
    } catch {
      // Not here; the next PATH entry.
    }
  }
  return fail("no Node on PATH besides the project's own (on Debian: apt-get install nodejs), or set ELECTRONEGATIVITY_NODE")
}

function runScan(node: string, electronVersion: string): ScanResult {
  const reportFile = join(installDir, 'report.json')
  const config = { installDir, input: join(root, scanned), exclude: excludedChecks, electronVersion, report: reportFile }
  const run = spawnSync(node, ['-e', scan], {
    env: { ...process.env, DESK_ELECTRONEGATIVITY: JSON.stringify(config) },
    encoding: 'utf8',
  })
  if (run.status !== 0) {
    process.stderr.write(`${run.stdout}${run.stderr}`)
    fail(`the scan failed on ${node} (${run.error?.message ?? `exit ${run.status ?? run.signal}`})`)
  }
  const result = JSON.parse(readFileSync(reportFile, 'utf8')) as ScanResult
  const toRepo = (file: string): string => (file === 'N/A' ? file : relative(root, file).split(sep).join('/'))
  return { ...result, findings: result.findings.map((finding) => ({ ...finding, file: toRepo(finding.file) })) }
}

function main(): void {
  const started = performance.now()
  const project = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }
  const electronVersion = project.devDependencies['electron']?.replace(/^[\^~]/, '') ?? fail('package.json pins no electron')
  const accepted = parseAccepted(readFileSync(join(root, acceptedFile), 'utf8'))
  ensureInstalled()
  const node = systemNode()
  const probe = spawnSync(node, ['--version'], { encoding: 'utf8' })
  if (probe.status !== 0) fail(`cannot run ${node} (${probe.error?.message ?? `exit ${probe.status ?? probe.signal}`})`)
  const nodeVersion = probe.stdout.trim()
  const result = runScan(node, electronVersion)
  if (result.checks === 0) fail('no check ran: the install is broken')
  const verdict = judge(result.findings, accepted)
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(
    `Electronegativity over ${scanned}/ for Electron ${electronVersion} on Node ${nodeVersion} (${node}): ` +
      `${result.checks} checks, ${result.findings.length} findings, ${verdict.accepted.length} accepted, ${seconds} s`,
  )
  for (const line of report(verdict)) console.log(line)
  for (const error of result.errors) {
    console.log(`  ${error.tolerable ? 'parse warning' : 'COULD NOT PARSE'} ${relative(root, error.file)}: ${error.message}`)
  }
  const unparsed = result.errors.filter((error) => !error.tolerable).length
  if (verdict.unaccepted.length > 0 || verdict.stale.length > 0 || unparsed > 0) {
    fail(`${verdict.unaccepted.length} finding(s) not accepted, ${verdict.stale.length} stale acceptance(s), ${unparsed} file(s) not scanned`)
  }
}

if (import.meta.main) main()
