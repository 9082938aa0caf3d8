/**
 * The cost of one node scan, in its own process: `node scripts/bench/node-scan-probe.ts
 * [--json] [--scans N] [--processes N] [--containers N] [--seconds N]`. A fake /proc of 500
 * processes (the node software of every network, kernel threads, a desktop's worth of user
 * processes) and 20 running containers: a loopback Docker Engine on a unix socket, served from a child process so
 * its CPU is not counted as ours (it stands for dockerd), and each container's cgroup v2 files.
 *
 * A scan is what the nodes capability runs every 5 s: the process table (stat of every pid,
 * io of node pids), the container scan (list; inspect when due; usage from cgroup files) and
 * recognize(). The clock advances 5 s per scan, so the minute's re-inspect falls where it
 * would; between scans a few short-lived processes come and go, as on a real machine.
 *
 * node_scan_ms: median wall time of a scan. node_scan_cpu_pct: mean CPU time of a scan (this
 * process, user + system) as a share of one core at a 5 s cadence, = cpu ms per scan / 5000 * 100.
 * sampler_with_node_scans_cpu_pct: issue 11's "sampler_cpu_pct still <= 0.5 while scans run",
 *   measured as sampler-probe.ts measures sampler_cpu_pct: the real MachineSampler reading this
 *   machine every 1 s and a scan of the fake machine every 5 s, both on the wall clock in this
 *   process for --seconds (0 skips it), CPU (self + reaped children, /proc/self/stat) over the
 *   elapsed time. The fake machine's churn between scans is not ours and is taken off.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { MachineSampler } from '../../src/main/core/hardware/machine-sampler.ts'
import { SampleLoop } from '../../src/main/core/hardware/sample-loop.ts'
import { silentLogger } from '../../src/main/core/log.ts'
import { CgroupUsageReader } from '../../src/main/core/nodes/docker/cgroup-usage.ts'
import { ContainerScanner } from '../../src/main/core/nodes/docker/container-scanner.ts'
import { DockerApi } from '../../src/main/core/nodes/docker/docker-api.ts'
import type { MachineScan } from '../../src/main/core/nodes/node-facts.ts'
import { ProcessTable } from '../../src/main/core/nodes/procfs/process-table.ts'
import { signatures } from '../../src/main/core/nodes/signatures/index.ts'
import { recognize } from '../../src/main/core/nodes/signatures/recognize.ts'
import type { FakeContainer } from '../../tests/fixtures/procfs-nodes/docker-bodies.ts'
import { loopbackDocker } from '../../tests/fixtures/procfs-nodes/docker-loopback.ts'
import { writeMachine, writeProcess, type FakeProcess } from '../../tests/fixtures/procfs-nodes/fake-procfs.ts'
import { bootTimeSeconds, nodeMachines } from '../../tests/fixtures/procfs-nodes/node-machines.ts'

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    scans: { type: 'string', default: '300' },
    processes: { type: 'string', default: '500' },
    containers: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '60' },
    // Internal: run as the loopback Docker daemon on this socket.
    'serve-docker': { type: 'string' },
  },
})
const scans = Number(values.scans)
const processCount = Number(values.processes)
const containerCount = Number(values.containers)
const seconds = Number(values.seconds)
const cadenceMs = 5000
const sampleEveryMs = 1000

/** The containers a GPU host runs: node images first, then ordinary services. */
function containers(count: number): FakeContainer[] {
  const images = ['nosana/nosana-cli:latest', 'nosana/podman:v1.1.0', 'mrcolorrain/grass:latest', 'ghcr.io/opentensor/subtensor:v3.1.7', 'quay.io/team-helium/miner:gateway-v1.0.2', 'postgres:16', 'redis:7', 'grafana/grafana:11.0.0', 'prom/prometheus:v2.53.0', 'nginx:1.27']
  return Array.from({ length: count }, (_, i): FakeContainer => ({
    id: (i + 1).toString(16).padStart(4, '0').repeat(16),
    name: `svc-${String(i)}`,
    image: images[i % images.length] ?? 'nginx:1.27',
    state: 'running' as const,
    pid: 20_000 + i * 10,
    startedAt: '2025-01-16T10:00:00Z',
    restartCount: 0,
    ports: i % 3 === 0 ? { '8080/tcp': [{ HostIp: '0.0.0.0', HostPort: String(8080 + i) }] } : {},
  }))
}


/** Kernel threads, a desktop session and the containers' processes, up to `count` with the node machines. */
function fillers(count: number, docker: readonly FakeContainer[]): FakeProcess[] {
  const node = nodeMachines.flatMap((m) => m.machine.processes.filter((p) => p.pid > 100))
  const kernel = Array.from({ length: 150 }, (_, i): FakeProcess => ({ pid: 100 + i, ppid: 2, comm: `kworker/${String(i % 16)}:${String(i)}`, cmdline: [], exe: null, uid: 0, cgroup: '0::/', flags: 0x04208060, startTicks: 10 + i }))
  const inContainers = docker.flatMap((c): FakeProcess[] => {
    const cgroup = `0::/system.slice/docker-${c.id}.scope`
    return [
      { pid: c.pid, ppid: 1, comm: 'entrypoint', cmdline: ['/bin/sh', '/entrypoint.sh'], uid: 0, cgroup, startTicks: 1000, utimeTicks: 500, stimeTicks: 100, rssPages: 3000 },
      { pid: c.pid + 1, ppid: c.pid, comm: 'server', cmdline: ['/usr/local/bin/server', '--port', '8080'], uid: 0, cgroup, startTicks: 1010, utimeTicks: 5000, stimeTicks: 900, rssPages: 30_000 },
    ]
  })
  const users: FakeProcess[] = []
  for (let pid = 30_000; node.length + kernel.length + inContainers.length + users.length + 2 < count; pid++) {
    const kind = pid % 5
    const cmdline = kind === 0 ? ['/usr/bin/bash'] : kind === 1 ? ['/usr/lib/firefox/firefox', '-contentproc', '-childID', String(pid), '-isForBrowser', '-prefsLen', '30000'] : kind === 2 ? ['/usr/bin/python3', '/usr/bin/some-tool', '--watch'] : kind === 3 ? ['/usr/libexec/gvfsd-metadata'] : ['/usr/bin/pipewire']
    users.push({ pid, ppid: 1, comm: (cmdline[0] ?? '').split('/').pop() ?? 'x', cmdline, cgroup: '0::/user.slice/user-1000.slice/user@1000.service/app.slice/app.scope', startTicks: 3000 + pid, utimeTicks: pid % 1000, stimeTicks: pid % 300, rssPages: 5000 })
  }
  // Every process has an io file in /proc; a missing one would cost an exception per read.
  return [...node, ...kernel, ...inContainers, ...users].map((p) => ({ io: { readBytes: 4096, writeBytes: 8192 }, ...p }))
}

function writeCgroups(sysRoot: string, procRoot: string, docker: readonly FakeContainer[]): void {
  mkdirSync(join(sysRoot, 'fs/cgroup'), { recursive: true })
  writeFileSync(join(sysRoot, 'fs/cgroup/cgroup.controllers'), 'cpuset cpu io memory hugetlb pids rdma misc\n')
  for (const c of docker) {
    const dir = join(sysRoot, `fs/cgroup/system.slice/docker-${c.id}.scope`)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'cpu.stat'), 'usage_usec 123456789\nuser_usec 100000000\nsystem_usec 23456789\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n')
    writeFileSync(join(dir, 'memory.current'), '734003200\n')
    writeFileSync(join(dir, 'memory.stat'), 'anon 600000000\nfile 134003200\nactive_file 100000000\ninactive_file 34003200\n')
    writeFileSync(join(dir, 'io.stat'), '259:0 rbytes=104857600 wbytes=52428800 rios=2000 wios=1000 dbytes=0 dios=0\n')
    mkdirSync(join(procRoot, String(c.pid), 'net'), { recursive: true })
    writeFileSync(join(procRoot, String(c.pid), 'net/dev'), 'Inter-|   Receive\n face |bytes\n    lo: 100 1 0 0 0 0 0 0 100 1 0 0 0 0 0 0\n  eth0: 5338000 3600 0 0 0 0 0 0 648000 800 0 0 0 0 0 0\n')
  }
}

/** The fake daemon in a child process; resolves its socket path and a stop function. */
async function startDaemon(): Promise<{ socketPath: string; stop: () => void }> {
  const child = spawn(process.execPath, [import.meta.filename, '--serve-docker', '1', '--containers', String(containerCount)], { stdio: ['pipe', 'pipe', 'inherit'] })
  const socketPath = await new Promise<string>((resolve, reject) => {
    child.once('error', reject)
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()))
  })
  return { socketPath, stop: () => child.stdin.end() }
}

const median = (list: readonly number[]): number => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? Number.NaN
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const cpuMsOf = (used: NodeJS.CpuUsage): number => (used.user + used.system) / 1000

/** CPU seconds of this process and of the children it has reaped, from /proc/self/stat, as sampler-probe.ts reads them. */
function cpuSeconds(): number {
  const ticksPerSecond = 100 // USER_HZ, fixed at 100 on Linux for /proc
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? []
  const at = (i: number): number => Number(fields[i - 3])
  return (at(14) + at(15) + at(16) + at(17)) / ticksPerSecond
}

type Step = { tookMs: number; cpuMs: number; churnCpuMs: number }

/**
 * The sampler every 1 s and a scan every 5 s on the wall clock, as the agent runs them side by
 * side: this process's CPU (reaped children included) over the run, in % of one core. The
 * loopback daemon is another process, still running, so none of its CPU is in the figure.
 */
async function samplerWithScans(step: () => Promise<Step>, runSeconds: number): Promise<{ cpuPct: number; samples: number; scans: number }> {
  const sampler = new MachineSampler({ intervalMs: () => sampleEveryMs, initialIntervalMs: sampleEveryMs, log: silentLogger })
  // Started before the window, as in sampler-probe.ts: the one long-lived nvidia-smi child is not a per-sample cost.
  sampler.start()
  await sleep(500)
  let samples = 0
  let scans = 0
  let churnCpuMs = 0
  const onError = (error: unknown): void => void process.stderr.write(`paced run: ${String(error)}\n`)
  const sampling = new SampleLoop({ intervalMs: sampleEveryMs, read: () => sampler.read(), onSample: () => samples++, onError })
  const scanning = new SampleLoop({
    intervalMs: cadenceMs,
    read: step,
    onSample: (done) => {
      scans++
      churnCpuMs += done.churnCpuMs
    },
    onError,
  })
  // Both loops unref their timers; this one keeps the probe alive for the run.
  const keepAlive = setInterval(() => undefined, 1000)
  const cpuBefore = cpuSeconds()
  const startedAt = performance.now()
  sampling.start()
  // Half a second after the first sample, so the two timers do not fire in the same instant.
  await sleep(500)
  scanning.start()
  await sleep(runSeconds * 1000 - 500)
  await Promise.all([sampling.stop(), scanning.stop()])
  await sampler.stop()
  clearInterval(keepAlive)
  const elapsedSeconds = (performance.now() - startedAt) / 1000
  // The fake machine's churn stands for other programs; it is not ours.
  const cpu = cpuSeconds() - cpuBefore - churnCpuMs / 1000
  return { cpuPct: (cpu / elapsedSeconds) * 100, samples, scans }
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'desk-node-scan-'))
  const procRoot = join(root, 'proc')
  const sysRoot = join(root, 'sys')
  const docker = containers(containerCount)
  const processes = fillers(processCount, docker)
  writeMachine(procRoot, { bootTimeSeconds, processes: [{ pid: 1, ppid: 0, comm: 'systemd', cmdline: ['/sbin/init'], uid: 0, cgroup: '0::/init.scope', startTicks: 1 }, { pid: 2, ppid: 0, comm: 'kthreadd', cmdline: [], exe: null, uid: 0, cgroup: '0::/', startTicks: 1 }, ...processes] })
  writeCgroups(sysRoot, procRoot, docker)
  const daemon = await startDaemon()

  let clock = Date.now()
  const now = (): number => clock
  const table = new ProcessTable({ procRoot, now, kernel: { clockTicksPerSecond: 100, pageSizeBytes: 4096 } })
  const api = new DockerApi({ socketPath: daemon.socketPath })
  const scanner = new ContainerScanner({ api, cgroups: new CgroupUsageReader({ sysRoot, procRoot }), now })
  let nodePids = new Set<number>()
  const parts = { procfs: [] as number[], docker: [] as number[], recognize: [] as number[] }
  const scanOnce = async (): Promise<{ scan: MachineScan; found: number }> => {
    let t = performance.now()
    const found = table.scan({ ioPids: nodePids })
    parts.procfs.push(performance.now() - t)
    t = performance.now()
    const containerScan = await scanner.scan()
    parts.docker.push(performance.now() - t)
    const scan: MachineScan = { at: now(), processes: found, containers: containerScan.containers, containerUsage: containerScan.usage, dockerProblem: containerScan.problem }
    t = performance.now()
    const candidates = recognize(scan, signatures)
    parts.recognize.push(performance.now() - t)
    nodePids = new Set(candidates.flatMap((c) => c.pids))
    return { scan, found: candidates.length }
  }

  let churnPid = 60_000
  /** The clock moves on 5 s, two short commands end and two start (a cron job, a shell), then one scan. */
  const step = async (): Promise<Step> => {
    const churn0 = process.cpuUsage()
    clock += cadenceMs
    rmSync(join(procRoot, String(churnPid - 2)), { recursive: true, force: true })
    for (let k = 0; k < 2; k++, churnPid++) writeProcess(procRoot, { pid: churnPid, ppid: 1, comm: 'sh', cmdline: ['/bin/sh', '-c', `run-parts /etc/cron.hourly ${String(churnPid)}`], startTicks: 100_000 + churnPid })
    const churnCpuMs = cpuMsOf(process.cpuUsage(churn0))
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    await scanOnce()
    return { tookMs: performance.now() - t0, cpuMs: cpuMsOf(process.cpuUsage(cpu0)), churnCpuMs }
  }

  // The first scan reads every process's fixed facts and inspects every container: not steady state.
  const first = await scanOnce()
  if (first.scan.dockerProblem !== null) throw new Error(first.scan.dockerProblem)
  // Hours into a run the JIT is warm: so it is before the paced run, whose dozen scans would not warm it.
  for (let i = 0; i < 20; i++) await step()
  const paced = seconds > 0 ? await samplerWithScans(step, seconds) : null

  for (const list of Object.values(parts)) list.length = 0
  const wallMs: number[] = []
  const cpuMs: number[] = []
  for (let i = 0; i < scans + 20; i++) {
    const done = await step()
    // The first 20 warm the JIT.
    if (i < 20) continue
    wallMs.push(done.tookMs)
    cpuMs.push(done.cpuMs)
  }
  api.close()
  daemon.stop()
  rmSync(root, { recursive: true, force: true })

  const meanCpuMs = cpuMs.reduce((sum, ms) => sum + ms, 0) / cpuMs.length
  const figures = {
    node_scan_ms: median(wallMs),
    node_scan_cpu_pct: (meanCpuMs / cadenceMs) * 100,
    node_scan_p95_ms: [...wallMs].sort((a, b) => a - b)[Math.floor(wallMs.length * 0.95)] ?? Number.NaN,
    node_scan_procfs_ms: median(parts.procfs),
    node_scan_docker_ms: median(parts.docker),
    node_scan_recognize_ms: median(parts.recognize),
    // Every pid in the fake /proc; kernel threads are read once and then skipped, so fewer are listed.
    node_scan_pids: processCount,
    node_scan_processes_listed: first.scan.processes.length,
    node_scan_containers: first.scan.containers.length,
    node_scan_nodes_found: first.found,
    ...(paced === null ? {} : { sampler_with_node_scans_cpu_pct: paced.cpuPct, sampler_with_node_scans_samples: paced.samples, sampler_with_node_scans_scans: paced.scans }),
  }
  if (!values.json) process.stderr.write(`${String(scans)} scans of ${String(processCount)} pids and ${String(figures.node_scan_containers)} containers\n`)
  process.stdout.write(`${JSON.stringify(figures)}\n`)
}

if (values['serve-docker'] !== undefined) {
  // Child mode: the daemon stands in for dockerd, in its own process.
  const daemon = await loopbackDocker(containers(containerCount))
  process.stdout.write(`${daemon.socketPath}\n`)
  process.stdin.resume()
  process.stdin.on('end', () => void daemon.close().then(() => process.exit(0)))
} else {
  await main()
}
