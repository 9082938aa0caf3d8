import type * as si from 'systeminformation'
import type { ProcessFacts } from '../node-facts.ts'
import { graphicalSessionOf } from './graphical-session.ts'
import { readLinuxMachineSigns, type LinuxMachineSigns } from './linux-machine-signs.ts'

/*
 * What kind of machine the nodes run on, for the "everyday machine" rule: a VM, a container,
 * a dedicated host, or the operator's everyday machine (a graphical session, a battery).
 * Linux reads it from files alone; macOS and Windows only through systeminformation, which
 * starts processes, so this is read once, never on the sampling path.
 */

export type MachineKind = {
  kind: 'vm' | 'container' | 'dedicated' | 'everyday' | 'unknown'
  /** What the kind rests on, in words: 'DMI product_name "VirtualBox"', 'gnome-shell running, a battery'. */
  evidence: string
}

/*
 * DMI values that name a hypervisor, matched at the start of the value, after systemd's
 * detect_vm_dmi_vendor (src/basic/virt.c): product_name, sys_vendor, board_vendor,
 * bios_vendor and product_version ('Hyper-V').
 */
const dmiVmVendors = ['KVM', 'OpenStack', 'KubeVirt', 'Amazon EC2', 'QEMU', 'VMware', 'VMW', 'innotek GmbH', 'VirtualBox', 'Oracle Corporation', 'Xen', 'Bochs', 'Parallels', 'BHYVE', 'Hyper-V', 'Apple Virtualization', 'Google Compute Engine', 'Standard PC (']
const dmiVmFields = ['product_name', 'sys_vendor', 'board_vendor', 'bios_vendor', 'product_version']

/** SMBIOS chassis types of portable machines: portable, laptop, notebook, sub notebook, tablet, convertible, detachable. */
const laptopChassis = new Set(['8', '9', '10', '14', '30', '31', '32'])

/** Judges the signs, most certain first: a container or VM wall beats any desktop sign inside it. */
export function classifyLinuxMachine(signs: LinuxMachineSigns): MachineKind {
  if (signs.container !== null) return { kind: 'container', evidence: signs.container }
  // WSL 2 is a VM, but one that shares the Windows user's files and programs: no wall.
  if (signs.osRelease !== null && /microsoft|wsl/i.test(signs.osRelease)) {
    return { kind: 'everyday', evidence: `WSL on a Windows machine (kernel ${signs.osRelease}), which shares the Windows user's files` }
  }
  const vm = vmSign(signs)
  if (vm !== null) return { kind: 'vm', evidence: vm }
  const physical = physicalSign(signs)
  if (physical === null) return { kind: 'unknown', evidence: 'cannot tell a VM from a physical machine here: no DMI, no device tree, no x86 CPU flags' }
  const everyday = everydaySigns(signs)
  if (everyday.length > 0) return { kind: 'everyday', evidence: everyday.join(', ') }
  return { kind: 'dedicated', evidence: `${physical}, with no graphical session and no battery` }
}

function vmSign(signs: LinuxMachineSigns): string | null {
  for (const field of dmiVmFields) {
    const value = signs.dmi[field]
    if (value === undefined || !dmiVmVendors.some((vendor) => value.startsWith(vendor))) continue
    // An EC2 bare-metal instance reports Amazon EC2 too; systemd tells it by '.metal' in its product name.
    if (value.startsWith('Amazon EC2') && /\.metal(-|$)/.test(signs.dmi.product_name ?? '')) continue
    return `DMI ${field} "${value}"`
  }
  if (signs.dmi.product_name === 'Virtual Machine' && signs.dmi.sys_vendor?.startsWith('Microsoft') === true) return 'DMI product_name "Virtual Machine" by Microsoft (Hyper-V)'
  if (signs.deviceTreeHypervisor) return 'the device tree names a hypervisor'
  if (signs.cpuFlags?.includes('hypervisor') === true) return 'the CPU reports a hypervisor (cpuinfo flag)'
  return null
}

function physicalSign(signs: LinuxMachineSigns): string | null {
  const name = [signs.dmi.sys_vendor, signs.dmi.product_name].filter((part) => part !== undefined && part !== '').join(' ')
  if (name !== '') return `a physical machine (${name})`
  if (signs.deviceTreeModel !== null) return `a physical board (${signs.deviceTreeModel})`
  if (signs.cpuFlags !== null) return 'a physical machine (no hypervisor flag)'
  return null
}

function everydaySigns(signs: LinuxMachineSigns): string[] {
  const chassis = signs.dmi.chassis_type
  return [
    ...(signs.graphicalSession === null ? [] : [signs.graphicalSession]),
    ...(signs.battery ? ['a battery'] : chassis !== undefined && laptopChassis.has(chassis) ? [`a laptop chassis (type ${chassis})`] : []),
  ]
}

export type MachineKindOptions = {
  platform?: NodeJS.Platform
  sysRoot?: string
  procRoot?: string
  /** The file system root, for /.dockerenv and /run/.containerenv. */
  rootDir?: string
  env?: Readonly<Record<string, string | undefined>>
  /** The scan's processes, to see a desktop session. */
  processes?: readonly ProcessFacts[]
  /** systeminformation or a fake; loaded on first use off Linux. */
  systemInfo?: MachineSystemInfo
}

/** The machine this app runs on. Linux: files only. Elsewhere: systeminformation. */
export async function detectMachineKind(options: MachineKindOptions = {}): Promise<MachineKind> {
  const { platform = process.platform, env = process.env, processes = [] } = options
  if (platform === 'linux') return classifyLinuxMachine(await readLinuxMachineSigns({ ...options, env, processes }))
  const systemInfo = options.systemInfo ?? (await import('systeminformation'))
  return machineKindFromSystemInfo(systemInfo, processes)
}

/** The systeminformation calls used off Linux; the real module satisfies it. */
export type MachineSystemInfo = Pick<typeof si, 'system' | 'battery'>

/**
 * macOS and Windows: systeminformation tells a VM (model, BIOS strings) and a battery. A desktop
 * session is nearly always there on these systems, so only a battery or the session's own
 * processes count as everyday signs; without them the answer is unknown, not dedicated.
 */
export async function machineKindFromSystemInfo(systemInfo: MachineSystemInfo, processes: readonly ProcessFacts[]): Promise<MachineKind> {
  try {
    const [system, battery] = await Promise.all([systemInfo.system(), systemInfo.battery()])
    const model = [system.manufacturer, system.model].filter((part) => part !== '').join(' ')
    if (system.virtual) return { kind: 'vm', evidence: `a virtual machine (${system.virtualHost ?? model})` }
    const signs = [graphicalSessionOf({}, processes, 'other'), battery.hasBattery ? 'a battery' : null].filter((sign) => sign !== null)
    if (signs.length > 0) return { kind: 'everyday', evidence: `${model === '' ? '' : `${model}: `}${signs.join(', ')}` }
    return { kind: 'unknown', evidence: `${model === '' ? 'this machine' : model} shows no battery and no desktop session here` }
  } catch (error) {
    return { kind: 'unknown', evidence: `could not read the machine's model: ${error instanceof Error ? error.message : String(error)}` }
  }
}
