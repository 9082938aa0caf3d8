import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, realpathSync, symlinkSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readListeningSockets, socketInodes } from '../../../../src/main/core/nodes/procfs/listening-sockets.ts'
import { ProcessTable } from '../../../../src/main/core/nodes/procfs/process-table.ts'
import { signatures } from '../../../../src/main/core/nodes/signatures/index.ts'
import { manualSignature, recognize } from '../../../../src/main/core/nodes/signatures/recognize.ts'

/*
 * Real processes on this machine's /proc: started by the test with recognisable command lines,
 * found by the process table, recognised, stopped, and seen gone. Linux only.
 */

const linux = process.platform === 'linux'
const children: ChildProcess[] = []
const servers: Server[] = []
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve))
})

/** Starts `file` with args; resolves once it has exec'd (its first output line). */
async function start(file: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  children.push(child)
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject)
    child.stdout.once('data', () => resolve())
  })
  return child
}

async function gone(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  await new Promise((resolve) => child.once('exit', resolve))
}

// Busy for a moment so its CPU counter moves, then idle; prints once it runs.
const busyThenIdle = 'const t = Date.now(); while (Date.now() - t < 150); console.log("up"); setInterval(() => {}, 1000)'

describe.runIf(linux)('ProcessTable on the real /proc', () => {
  it('finds a started process with its command line, parent, user and counters; then sees it gone', async () => {
    const marker = `depin-desk-test-${String(process.pid)}-${String(Date.now())}`
    const before = Date.now()
    const child = await start(process.execPath, ['-e', busyThenIdle, marker])
    const table = new ProcessTable()
    const found = table.scan({ ioPids: new Set([child.pid ?? -1]) }).find((p) => p.pid === child.pid)
    expect(found).toBeDefined()
    expect(found?.cmdline).toEqual([process.execPath, '-e', busyThenIdle, marker])
    expect(found?.ppid).toBe(process.pid)
    expect(found?.exe).toBe(realpathSync(process.execPath))
    expect(found?.uid).toBe(process.getuid?.())
    // Node 24 names its main thread "MainThread": the kernel's comm, whatever it is, is the name.
    expect(found?.name).toBe(readFileSync(`/proc/${String(child.pid)}/comm`, 'utf8').trim())
    // Started since `before`, within the clock-tick rounding of its start time.
    expect(found?.startedAtMs).toBeGreaterThanOrEqual(before - 1000)
    expect(found?.startedAtMs).toBeLessThanOrEqual(Date.now() + 1000)
    expect(found?.cpuSeconds).toBeGreaterThan(0.05)
    expect(found?.rssBytes).toBeGreaterThan(10 * 1024 * 1024)
    // Our own child: its io file is readable.
    expect(found?.ioReadBytes).not.toBeNull()
    expect(found?.ioWriteBytes).not.toBeNull()

    const signature = manualSignature({ id: 'manual:process:test', network: 'grass', match: { kind: 'process', pattern: marker } })
    const scan = { processes: table.scan(), containers: [] }
    expect(recognize(scan, [signature])).toMatchObject([{ pids: [child.pid], mainPid: child.pid, matchedBy: 'command-line' }])

    child.kill('SIGTERM')
    await gone(child)
    expect(table.scan().some((p) => p.pid === child.pid)).toBe(false)
    expect(recognize({ processes: table.scan(), containers: [] }, [signature])).toEqual([])
  })

  it('recognises a program by its process name, with its children, through a real exec', async () => {
    // A link named like Helium's gateway makes the kernel name the process "helium_gateway"; sh
    // keeps that name (node would rename its main thread) and starts a child of its own.
    const dir = mkdtempSync(join(tmpdir(), 'desk-real-'))
    const gateway = join(dir, 'helium_gateway')
    symlinkSync('/bin/sh', gateway)
    const parent = await start(gateway, ['-c', 'sleep 30 & echo up; wait'])
    const table = new ProcessTable()
    let candidate: ReturnType<typeof recognize>[number] | undefined
    // The child may take a moment to exec.
    for (let tries = 0; tries < 50 && (candidate?.pids.length ?? 0) < 2; tries++) {
      candidate = recognize({ processes: table.scan(), containers: [] }, signatures).find((c) => c.mainPid === parent.pid)
      if ((candidate?.pids.length ?? 0) < 2) await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(candidate).toMatchObject({ signature: { id: 'helium-gateway' }, matchedBy: 'process-name' })
    expect(candidate?.pids).toHaveLength(2)
    const sleeper = candidate?.pids.find((pid) => pid !== parent.pid)
    expect(table.scan().find((p) => p.pid === sleeper)).toMatchObject({ name: 'sleep', ppid: parent.pid })
    if (sleeper !== undefined) process.kill(sleeper, 'SIGKILL')
    await gone(parent)
    expect(recognize({ processes: table.scan(), containers: [] }, signatures).some((c) => c.mainPid === parent.pid)).toBe(false)
  })

  it('finds a real listening socket in /proc/net/tcp and among this process’s fds', async () => {
    const server = createServer()
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as { port: number }).port
    const socket = readListeningSockets('/proc').find((s) => s.port === port && s.family === 'ipv4')
    expect(socket).toMatchObject({ address: '127.0.0.1', port })
    expect(socketInodes('/proc', process.pid)?.has(socket?.inode ?? -1)).toBe(true)
    // The same from our pid's own view of the namespace.
    expect(readListeningSockets('/proc', process.pid).some((s) => s.inode === socket?.inode)).toBe(true)
  })

  it('decodes a real IPv6 loopback listener', async () => {
    const server = createServer()
    servers.push(server)
    const listening = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false))
      server.listen(0, '::1', () => resolve(true))
    })
    if (!listening) return // IPv6 disabled on this machine: nothing to read.
    const port = (server.address() as { port: number }).port
    expect(readListeningSockets('/proc').find((s) => s.port === port)).toMatchObject({ address: '::1', family: 'ipv6' })
  })
})
