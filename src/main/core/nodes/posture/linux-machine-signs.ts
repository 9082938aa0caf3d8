import { access, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readBattery } from '../../hardware/linux/power-supply.ts'
import type { ProcessFacts } from '../node-facts.ts'
import { graphicalSessionOf } from './graphical-session.ts'

/*
 * Reads the signs classifyLinuxMachine judges, from files alone (a dozen small reads, once):
 * DMI under /sys/class/dmi/id, /proc/cpuinfo, /proc/1/cgroup, the container marker files, the
 * device tree, the power supplies. Roots are injectable so tests feed it trees.
 */

/** What the Linux files say, before any judgement; null where a file was absent or unreadable. */
export type LinuxMachineSigns = {
  /** A container marker: '/.dockerenv', or the runtime named in /proc/1/cgroup. */
  container: string | null
  /** /proc/sys/kernel/osrelease. */
  osRelease: string | null
  /** DMI fields by name (product_name, sys_vendor, board_vendor, bios_vendor, product_version, chassis_type). */
  dmi: Readonly<Record<string, string>>
  /** /proc/device-tree/model (ARM boards such as a Raspberry Pi, which have no DMI). */
  deviceTreeModel: string | null
  /** Whether /proc/device-tree/hypervisor exists (an ARM guest). */
  deviceTreeHypervisor: boolean
  /** The x86 `flags` line of /proc/cpuinfo; null on ARM or when unreadable. */
  cpuFlags: readonly string[] | null
  /** What shows a graphical session: 'DISPLAY=:0', 'gnome-shell running'; null for none. */
  graphicalSession: string | null
  battery: boolean
}

export type LinuxSignsOptions = {
  sysRoot?: string
  procRoot?: string
  rootDir?: string
  env: Readonly<Record<string, string | undefined>>
  processes: readonly ProcessFacts[]
}

const dmiFields = ['product_name', 'sys_vendor', 'board_vendor', 'bios_vendor', 'product_version', 'chassis_type']

/** Container runtimes as they appear in /proc/1/cgroup paths (cgroup v1, and v2 outside a cgroup namespace). */
const cgroupRuntimes: readonly [RegExp, string][] = [
  [/\/docker[/-]/, 'Docker'],
  [/\/kubepods/, 'Kubernetes'],
  [/\/libpod-/, 'Podman'],
  [/\/lxc[./]/, 'LXC'],
  [/containerd/, 'containerd'],
]

const readText = (path: string): Promise<string | null> => readFile(path, 'utf8').then((text) => text.trim(), () => null)
const exists = (path: string): Promise<boolean> => access(path).then(() => true, () => false)

export async function readLinuxMachineSigns(options: LinuxSignsOptions): Promise<LinuxMachineSigns> {
  const { sysRoot = '/sys', procRoot = '/proc', rootDir = '/' } = options
  const [container, osRelease, dmi, deviceTreeModel, deviceTreeHypervisor, cpuinfo, battery] = await Promise.all([
    containerMarker(rootDir, procRoot),
    readText(join(procRoot, 'sys/kernel/osrelease')),
    readDmi(sysRoot),
    // The device tree's strings end in a NUL.
    readText(join(procRoot, 'device-tree/model')).then((model) => model?.replace(/\0+$/, '') ?? null),
    exists(join(procRoot, 'device-tree/hypervisor')),
    readText(join(procRoot, 'cpuinfo')),
    readBattery(sysRoot),
  ])
  return {
    container,
    osRelease,
    dmi,
    deviceTreeModel,
    deviceTreeHypervisor,
    cpuFlags: cpuinfo === null ? null : cpuFlagsOf(cpuinfo),
    graphicalSession: graphicalSessionOf(options.env, options.processes),
    battery: battery !== null,
  }
}

/** The first `flags` line of /proc/cpuinfo (x86; ARM has `Features` and no hypervisor flag). */
export function cpuFlagsOf(cpuinfo: string): string[] | null {
  const line = /^flags\s*:(.*)$/m.exec(cpuinfo)?.[1]
  return line === undefined ? null : line.trim().split(/\s+/)
}

async function containerMarker(rootDir: string, procRoot: string): Promise<string | null> {
  if (await exists(join(rootDir, '.dockerenv'))) return '/.dockerenv present (Docker)'
  if (await exists(join(rootDir, 'run/.containerenv'))) return '/run/.containerenv present (Podman)'
  const cgroup = await readText(join(procRoot, '1/cgroup'))
  const runtime = cgroupRuntimes.find(([pattern]) => cgroup !== null && pattern.test(cgroup))?.[1]
  return runtime === undefined ? null : `/proc/1/cgroup names ${runtime}`
}

async function readDmi(sysRoot: string): Promise<Record<string, string>> {
  const values = await Promise.all(dmiFields.map(async (field) => [field, await readText(join(sysRoot, 'class/dmi/id', field))] as const))
  // Firmware fills unset fields with placeholders; they say nothing.
  return Object.fromEntries(values.filter((entry): entry is readonly [string, string] => entry[1] !== null && !isPlaceholder(entry[1])))
}

const isPlaceholder = (value: string): boolean => /^(|to be filled by o\.e\.m\.|default string|system product name|system manufacturer|not applicable|none)$/i.test(value)
