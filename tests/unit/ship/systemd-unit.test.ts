import { spawnSync } from 'node:child_process'
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { agentEntry } from '../../support/spawn-agent.ts'

/*
 * resources/systemd: the agent's unit and its sysusers.d snippet. The directives are read here;
 * systemd's own tools judge the rest offline, with no systemd running: `systemd-analyze verify`
 * (syntax, unknown keys, the executable), `systemd-analyze security --offline=yes` (the exposure
 * score) and `systemd-sysusers --root` (the user the snippet makes). Debian's `systemd` package
 * has them; .ci/run installs it. On macOS and Windows, which have no systemd, those checks skip.
 */

const dir = join(import.meta.dirname, '../../../resources/systemd')
const unitName = 'depin-desk-agent.service'
const unitText = readFileSync(join(dir, unitName), 'utf8')
const sysusersText = readFileSync(join(dir, 'depin-desk.sysusers.conf'), 'utf8')
const dataDir = '/var/lib/depin-desk'
/** Measured 1.7 ("OK") with systemd 252; the ceiling catches a hardening line going missing. */
const exposureCeiling = 2.0

type Unit = Record<string, Record<string, string[]>>

/** A unit file's sections and their keys, each with every value it was given, in order. */
function parseUnit(text: string): Unit {
  const unit: Unit = {}
  let section: Record<string, string[]> | undefined
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    const header = /^\[(.+)\]$/.exec(line)
    if (header) {
      section = unit[header[1] ?? ''] ??= {}
      continue
    }
    const eq = line.indexOf('=')
    if (eq < 0 || section === undefined) throw new Error(`not a unit line: ${line}`)
    ;(section[line.slice(0, eq).trim()] ??= []).push(line.slice(eq + 1).trim())
  }
  return unit
}

const service = parseUnit(unitText).Service ?? {}
/** The last value a key was given (what systemd uses for a single-valued key). */
const last = (key: string): string | undefined => service[key]?.at(-1)

class ToolNotFoundError extends Error {
  override readonly name = 'ToolNotFoundError'
  constructor(message: string) {
    super(message)
    this.stack = `${this.name}: ${message}`
  }
}

function systemdTool(command: 'systemd-analyze' | 'systemd-sysusers'): string {
  for (const folder of [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/bin']) {
    try {
      accessSync(join(folder, command), constants.X_OK)
      return join(folder, command)
    } catch {
      // Not in this folder.
    }
  }
  throw new ToolNotFoundError(`${command} not found: install Debian's \`systemd\` package (apt-get install systemd)`)
}

function run(command: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 })
  if (result.error) throw result.error
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

const scratch = mkdtempSync(join(tmpdir(), 'desk-systemd-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/**
 * The unit as verify can check it here: the same text with ExecStart's node and bundle swapped
 * for this checkout's (verify fails on an executable that does not exist, and nothing is
 * installed in /opt/depin-desk on a test machine). Same file name: verify reads the type from it.
 */
function unitWithLocalPaths(): string {
  const installed = '/opt/depin-desk/bin/node /opt/depin-desk/out/agent/main.js '
  expect(unitText).toContain(`ExecStart=${installed}`)
  const path = join(scratch, unitName)
  writeFileSync(path, unitText.replace(`ExecStart=${installed}`, `ExecStart=${process.execPath} ${agentEntry.built} `))
  return path
}

describe('depin-desk-agent.service', () => {
  it('runs the installed agent as its own user, on loopback, with the data dir systemd makes for it', () => {
    expect(last('User')).toBe('depin-desk')
    expect(last('Group')).toBe('depin-desk')
    expect(last('StateDirectory')).toBe('depin-desk')
    expect(last('StateDirectoryMode')).toBe('0700')
    const exec = (last('ExecStart') ?? '').split(/\s+/)
    expect(exec.slice(0, 2)).toEqual(['/opt/depin-desk/bin/node', '/opt/depin-desk/out/agent/main.js'])
    const flag = (name: string): string | undefined => exec[exec.indexOf(name) + 1]
    expect(flag('--host')).toBe('127.0.0.1')
    expect(flag('--port')).toBe('7420')
    expect(flag('--data-dir')).toBe(dataDir)
    expect(last('WorkingDirectory')).toBe(dataDir)
    // A bad flag or config exits 2: restarting cannot help.
    expect(last('RestartPreventExitStatus')).toBe('2')
    expect(parseUnit(unitText).Install?.WantedBy).toEqual(['multi-user.target'])
  })

  it('is hardened: no privileges, a read-only system but for its data dir, no home, its own /tmp', () => {
    expect(last('NoNewPrivileges')).toBe('yes')
    expect(service.CapabilityBoundingSet).toEqual([''])
    expect(service.AmbientCapabilities).toEqual([''])
    expect(last('ProtectSystem')).toBe('strict')
    expect(service.ReadWritePaths).toEqual([dataDir])
    expect(last('ProtectHome')).toBe('yes')
    expect(last('PrivateTmp')).toBe('yes')
    for (const key of ['ProtectKernelTunables', 'ProtectKernelModules', 'ProtectKernelLogs', 'ProtectControlGroups', 'ProtectClock', 'ProtectHostname', 'RestrictSUIDSGID', 'LockPersonality', 'RestrictRealtime', 'RestrictNamespaces', 'RemoveIPC', 'PrivateMounts']) {
      expect(last(key), key).toBe('yes')
    }
    expect(last('UMask')).toBe('0077')
    expect(last('SystemCallArchitectures')).toBe('native')
    expect(service.SystemCallFilter).toEqual(['@system-service', '~@privileged @resources'])
    expect(last('RestrictAddressFamilies')?.split(/\s+/).sort()).toEqual(['AF_INET', 'AF_INET6', 'AF_NETLINK', 'AF_UNIX'])
  })

  it('leaves open, with a reason each, what the agent needs: the JIT, other processes in /proc, /proc/stat, devices', () => {
    // V8 maps its code range writable and executable: MemoryDenyWriteExecute aborts Node.
    expect(service.MemoryDenyWriteExecute).toBeUndefined()
    expect(unitText).toMatch(/^# MemoryDenyWriteExecute= is left off on purpose: V8/m)
    // Node discovery walks every user's /proc/<pid>; the sampler reads /proc/stat and /proc/meminfo.
    expect(last('ProtectProc')).toBe('default')
    expect(last('ProcSubset')).toBe('all')
    // The docker group and other users' /proc entries would map to nobody.
    expect(service.PrivateUsers).toBeUndefined()
    // nvidia-smi opens /dev/nvidia*; closing devices is a commented choice for GPU-less rigs.
    expect(service.PrivateDevices).toBeUndefined()
    expect(service.DevicePolicy).toBeUndefined()
    expect(unitText).toMatch(/^#PrivateDevices=yes$/m)
    // The docker group is root-equivalent: opt-in, commented.
    expect(service.SupplementaryGroups).toBeUndefined()
    expect(unitText).toMatch(/^#SupplementaryGroups=docker$/m)
  })

  it.skipIf(process.platform !== 'linux')('passes systemd-analyze verify, with no warning', () => {
    const result = run(systemdTool('systemd-analyze'), ['verify', '--man=no', unitWithLocalPaths()])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
  })

  it.skipIf(process.platform !== 'linux')(`rates at most ${exposureCeiling} ("OK") in systemd-analyze security --offline`, () => {
    const result = run(systemdTool('systemd-analyze'), ['security', '--offline=yes', '--no-pager', unitWithLocalPaths()])
    expect(result.code).toBe(0)
    const score = Number(/Overall exposure level for \S+: (\d+(?:\.\d+)?) (\w+)/.exec(result.stdout)?.[1])
    process.stdout.write(`systemd-analyze security --offline: ${unitName} exposure ${String(score)}\n`)
    expect(score).toBeLessThanOrEqual(exposureCeiling)
  })
})

describe('depin-desk.sysusers.conf', () => {
  it('declares the depin-desk user, with the data dir as home and no login', () => {
    const lines = sysusersText.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'))
    expect(lines).toEqual(['u depin-desk - "DePIN Desk agent" /var/lib/depin-desk /usr/sbin/nologin'])
  })

  it.skipIf(process.platform !== 'linux')('makes that user and its group in an empty root (systemd-sysusers --root)', () => {
    const root = join(scratch, 'root')
    mkdirSync(join(root, 'etc'), { recursive: true })
    const result = run(systemdTool('systemd-sysusers'), [`--root=${root}`, join(dir, 'depin-desk.sysusers.conf')])
    expect(result.code, result.stderr).toBe(0)
    const passwd = readFileSync(join(root, 'etc/passwd'), 'utf8')
    expect(passwd).toMatch(/^depin-desk:x:(\d+):\1:DePIN Desk agent:\/var\/lib\/depin-desk:\/usr\/sbin\/nologin$/m)
    expect(readFileSync(join(root, 'etc/group'), 'utf8')).toMatch(/^depin-desk:x:\d+:$/m)
  })
})
