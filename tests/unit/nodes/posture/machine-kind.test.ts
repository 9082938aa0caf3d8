import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { graphicalSessionOf } from '../../../../src/main/core/nodes/posture/graphical-session.ts'
import { cpuFlagsOf, readLinuxMachineSigns } from '../../../../src/main/core/nodes/posture/linux-machine-signs.ts'
import { detectMachineKind, machineKindFromSystemInfo, type MachineSystemInfo } from '../../../../src/main/core/nodes/posture/machine-kind.ts'
import { processFacts } from './posture-input.ts'

/* Real-format excerpts: /proc/cpuinfo of an x86 host and guest, and of a Raspberry Pi 4 (aarch64). */
const x86Cpuinfo = (flags: string): string =>
  `processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel name\t: Intel(R) Core(TM) i7-10510U CPU @ 1.80GHz\nflags\t\t: ${flags}\nbugs\t\t: spectre_v1\n\nprocessor\t: 1\nflags\t\t: ${flags}\n`
const hostFlags = 'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc vmx'
const guestFlags = 'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx rdtscp lm constant_tsc rep_good nopl xtopology cpuid tsc_known_freq pni pclmulqdq ssse3 hypervisor lahf_lm'
const piCpuinfo = 'processor\t: 0\nBogoMIPS\t: 108.00\nFeatures\t: fp asimd evtstrm crc32 cpuid\nCPU implementer\t: 0x41\nCPU part\t: 0xd08\n\nHardware\t: BCM2835\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n'

type Tree = { sysRoot: string; procRoot: string; rootDir: string }

/** A machine as files: keys are paths from the root ('sys/class/dmi/id/product_name', 'proc/cpuinfo', '.dockerenv'). */
function machine(files: Record<string, string>): Tree {
  const rootDir = mkdtempSync(join(tmpdir(), 'desk-machine-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(rootDir, path)), { recursive: true })
    writeFileSync(join(rootDir, path), text)
  }
  return { sysRoot: join(rootDir, 'sys'), procRoot: join(rootDir, 'proc'), rootDir }
}

const dmi = (fields: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(fields).map(([field, value]) => [`sys/class/dmi/id/${field}`, `${value}\n`]))
const battery = { 'sys/class/power_supply/BAT0/type': 'Battery\n', 'sys/class/power_supply/BAT0/capacity': '81\n', 'sys/class/power_supply/AC/type': 'Mains\n' }
const mouseBattery = { 'sys/class/power_supply/hidpp_battery_0/type': 'Battery\n', 'sys/class/power_supply/hidpp_battery_0/scope': 'Device\n' }
const linux = (tree: Tree, env: Record<string, string> = {}, processes = [processFacts()]): ReturnType<typeof detectMachineKind> => detectMachineKind({ platform: 'linux', ...tree, env, processes })

describe('detectMachineKind on Linux, from files', () => {
  it.each([
    [{ product_name: 'VirtualBox', sys_vendor: 'innotek GmbH' }, 'DMI product_name "VirtualBox"'],
    [{ product_name: 'VMware Virtual Platform', sys_vendor: 'VMware, Inc.' }, 'DMI product_name "VMware Virtual Platform"'],
    [{ product_name: 'Standard PC (Q35 + ICH9, 2009)', sys_vendor: 'QEMU' }, 'DMI product_name "Standard PC (Q35 + ICH9, 2009)"'],
    [{ product_name: 'KVM', sys_vendor: 'Red Hat' }, 'DMI product_name "KVM"'],
    [{ product_name: 'Google Compute Engine', sys_vendor: 'Google' }, 'DMI product_name "Google Compute Engine"'],
    [{ product_name: 'm5.large', sys_vendor: 'Amazon EC2' }, 'DMI sys_vendor "Amazon EC2"'],
    [{ product_name: 'Virtual Machine', sys_vendor: 'Microsoft Corporation' }, 'DMI product_name "Virtual Machine" by Microsoft (Hyper-V)'],
    [{ product_name: 'Virtual Machine', sys_vendor: 'Microsoft Corporation', product_version: 'Hyper-V UEFI Release v4.1' }, 'DMI product_version "Hyper-V UEFI Release v4.1"'],
    [{ product_name: 'HVM domU', sys_vendor: 'Xen' }, 'DMI sys_vendor "Xen"'],
  ])('is a VM by DMI %j', async (fields, evidence) => {
    // A desktop inside the VM does not make it the everyday machine: the VM is the wall.
    expect(await linux(machine({ ...dmi(fields), ...battery, 'proc/cpuinfo': x86Cpuinfo(guestFlags) }), { DISPLAY: ':0' })).toEqual({ kind: 'vm', evidence })
  })

  it('is a VM by the hypervisor CPU flag alone', async () => {
    expect(await linux(machine({ 'proc/cpuinfo': x86Cpuinfo(guestFlags) }))).toEqual({ kind: 'vm', evidence: 'the CPU reports a hypervisor (cpuinfo flag)' })
  })

  it('is an ARM guest by its device tree', async () => {
    expect(await linux(machine({ 'proc/device-tree/hypervisor/compatible': 'linux,kvm\0', 'proc/cpuinfo': piCpuinfo }))).toMatchObject({ kind: 'vm' })
  })

  it('takes an EC2 bare-metal instance for a physical, dedicated host', async () => {
    const tree = machine({ ...dmi({ product_name: 'm5.metal', sys_vendor: 'Amazon EC2', bios_vendor: 'Amazon EC2' }), 'proc/cpuinfo': x86Cpuinfo(hostFlags) })
    expect(await linux(tree)).toEqual({ kind: 'dedicated', evidence: 'a physical machine (Amazon EC2 m5.metal), with no graphical session and no battery' })
  })

  it.each([
    [{ '.dockerenv': '' }, '/.dockerenv present (Docker)'],
    [{ 'run/.containerenv': '' }, '/run/.containerenv present (Podman)'],
    [{ 'proc/1/cgroup': '12:pids:/docker/3f2a9c1e0b7d4c55a1e0f3b2c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7\n0::/system.slice/containerd.service\n' }, '/proc/1/cgroup names Docker'],
    [{ 'proc/1/cgroup': '0::/kubepods/burstable/pod1234/abcd\n' }, '/proc/1/cgroup names Kubernetes'],
    [{ 'proc/1/cgroup': '0::/machine.slice/libpod-3f2a9c1e.scope/container\n' }, '/proc/1/cgroup names Podman'],
  ])('is a container by %j', async (files, evidence) => {
    expect(await linux(machine({ ...files, ...dmi({ product_name: 'KVM' }) }))).toEqual({ kind: 'container', evidence })
  })

  it("takes a host's own /proc/1/cgroup for no container", async () => {
    const tree = machine({ 'proc/1/cgroup': '0::/init.scope\n', ...dmi({ sys_vendor: 'Supermicro', product_name: 'SYS-1029P-WTR' }), 'proc/cpuinfo': x86Cpuinfo(hostFlags) })
    expect((await linux(tree)).kind).toBe('dedicated')
  })

  it('takes WSL for the everyday Windows machine it shares', async () => {
    const tree = machine({ 'proc/sys/kernel/osrelease': '5.15.167.4-microsoft-standard-WSL2\n', 'proc/cpuinfo': x86Cpuinfo(guestFlags) })
    expect(await linux(tree)).toEqual({ kind: 'everyday', evidence: "WSL on a Windows machine (kernel 5.15.167.4-microsoft-standard-WSL2), which shares the Windows user's files" })
  })

  it('finds the everyday laptop by its session and its battery', async () => {
    const tree = machine({ ...dmi({ sys_vendor: 'LENOVO', product_name: '20XW0055GE', chassis_type: '10' }), ...battery, 'proc/cpuinfo': x86Cpuinfo(hostFlags) })
    expect(await linux(tree, { DISPLAY: ':0' })).toEqual({ kind: 'everyday', evidence: 'DISPLAY=:0, a battery' })
    expect(await linux(tree, { WAYLAND_DISPLAY: 'wayland-0' })).toEqual({ kind: 'everyday', evidence: 'WAYLAND_DISPLAY=wayland-0, a battery' })
  })

  it('finds a laptop by its chassis when the battery is out', async () => {
    const tree = machine({ ...dmi({ sys_vendor: 'Dell Inc.', product_name: 'XPS 13 9310', chassis_type: '10' }), 'proc/cpuinfo': x86Cpuinfo(hostFlags) })
    expect(await linux(tree)).toEqual({ kind: 'everyday', evidence: 'a laptop chassis (type 10)' })
  })

  it('finds a desktop by a session process the agent sees, when it has no display itself', async () => {
    const tree = machine({ ...dmi({ sys_vendor: 'ASUS', product_name: 'System Product Name' }), ...mouseBattery, 'proc/cpuinfo': x86Cpuinfo(hostFlags) })
    expect(await linux(tree, {}, [processFacts(), processFacts({ pid: 1800, name: 'gnome-shell', uid: 1000 })])).toEqual({ kind: 'everyday', evidence: 'gnome-shell running' })
  })

  it('takes a headless physical machine for dedicated; a mouse battery and an ssh -X display do not count', async () => {
    const tree = machine({ ...dmi({ sys_vendor: 'To Be Filled By O.E.M.', product_name: 'B550M Pro4', chassis_type: '3' }), ...mouseBattery, 'proc/cpuinfo': x86Cpuinfo(hostFlags) })
    expect(await linux(tree, { DISPLAY: 'localhost:10.0' })).toEqual({ kind: 'dedicated', evidence: 'a physical machine (B550M Pro4), with no graphical session and no battery' })
  })

  it('takes a headless Raspberry Pi (no DMI) for a dedicated board', async () => {
    const tree = machine({ 'proc/device-tree/model': 'Raspberry Pi 4 Model B Rev 1.4\0', 'proc/cpuinfo': piCpuinfo })
    expect(await linux(tree)).toEqual({ kind: 'dedicated', evidence: 'a physical board (Raspberry Pi 4 Model B Rev 1.4), with no graphical session and no battery' })
  })

  it('says unknown when nothing tells a VM from a physical machine, even with a desktop', async () => {
    expect(await linux(machine({ 'proc/cpuinfo': piCpuinfo }), { DISPLAY: ':0' })).toEqual({
      kind: 'unknown',
      evidence: 'cannot tell a VM from a physical machine here: no DMI, no device tree, no x86 CPU flags',
    })
    expect((await linux(machine({}))).kind).toBe('unknown')
  })
})

describe('readLinuxMachineSigns', () => {
  it('drops firmware placeholders and keeps what is read', async () => {
    const tree = machine({ ...dmi({ sys_vendor: 'To Be Filled By O.E.M.', product_name: 'Default string', board_vendor: 'ASRock' }), ...battery })
    const signs = await readLinuxMachineSigns({ ...tree, env: {}, processes: [] })
    expect(signs).toEqual({ container: null, osRelease: null, dmi: { board_vendor: 'ASRock' }, deviceTreeModel: null, deviceTreeHypervisor: false, cpuFlags: null, graphicalSession: null, battery: true })
  })
})

describe('cpuFlagsOf', () => {
  it('reads the first flags line of x86, and none on ARM', () => {
    expect(cpuFlagsOf(x86Cpuinfo('fpu hypervisor sse'))).toEqual(['fpu', 'hypervisor', 'sse'])
    expect(cpuFlagsOf(piCpuinfo)).toBeNull()
  })
})

describe('graphicalSessionOf', () => {
  it.each([
    [{ DISPLAY: ':0' }, 'DISPLAY=:0'],
    [{ DISPLAY: ':1.0' }, 'DISPLAY=:1.0'],
    [{ DISPLAY: 'unix:0' }, 'DISPLAY=unix:0'],
    [{ DISPLAY: 'localhost:10.0' }, null],
    [{ DISPLAY: '' }, null],
    [{ WAYLAND_DISPLAY: '' }, null],
    [{}, null],
  ])('reads %j as %j', (env, expected) => {
    expect(graphicalSessionOf(env, [])).toBe(expected)
  })

  it('knows the session processes of each system apart', () => {
    const explorer = [processFacts({ name: 'explorer.exe' })]
    expect(graphicalSessionOf({}, explorer, 'other')).toBe('explorer.exe running')
    expect(graphicalSessionOf({}, explorer)).toBeNull()
    expect(graphicalSessionOf({}, [processFacts({ name: 'Xorg' })])).toBe('Xorg running')
    expect(graphicalSessionOf({}, [processFacts({ name: 'Hyprland' })])).toBe('Hyprland running')
  })
})

describe('machine kind on macOS and Windows, from systeminformation', () => {
  const system = (overrides: Partial<Awaited<ReturnType<MachineSystemInfo['system']>>>): Awaited<ReturnType<MachineSystemInfo['system']>> => ({
    manufacturer: 'Apple Inc.',
    model: 'Macmini9,1',
    version: '',
    serial: '',
    uuid: '',
    sku: '',
    virtual: false,
    ...overrides,
  })
  const fake = (overrides: Parameters<typeof system>[0], hasBattery: boolean): MachineSystemInfo =>
    ({ system: () => Promise.resolve(system(overrides)), battery: () => Promise.resolve({ hasBattery }) }) as unknown as MachineSystemInfo

  it('takes a VM for a VM, and a battery or a session for the everyday machine', async () => {
    expect(await machineKindFromSystemInfo(fake({ manufacturer: 'Microsoft Corporation', model: 'Virtual Machine', virtual: true, virtualHost: 'Hyper-V' }, false), [])).toEqual({
      kind: 'vm',
      evidence: 'a virtual machine (Hyper-V)',
    })
    expect(await machineKindFromSystemInfo(fake({ model: 'MacBookPro18,3' }, true), [])).toEqual({ kind: 'everyday', evidence: 'Apple Inc. MacBookPro18,3: a battery' })
    expect(await machineKindFromSystemInfo(fake({}, false), [processFacts({ name: 'WindowServer' })])).toEqual({ kind: 'everyday', evidence: 'Apple Inc. Macmini9,1: WindowServer running' })
  })

  it('says unknown rather than dedicated when it sees neither', async () => {
    expect(await machineKindFromSystemInfo(fake({}, false), [])).toEqual({ kind: 'unknown', evidence: 'Apple Inc. Macmini9,1 shows no battery and no desktop session here' })
  })

  it('says unknown, with the reason, when systeminformation fails', async () => {
    const failing = { system: () => Promise.reject(new Error('powershell not found')), battery: () => Promise.resolve({ hasBattery: false }) } as unknown as MachineSystemInfo
    expect(await machineKindFromSystemInfo(failing, [])).toEqual({ kind: 'unknown', evidence: "could not read the machine's model: powershell not found" })
  })

  it('is what detectMachineKind answers off Linux', async () => {
    expect(await detectMachineKind({ platform: 'win32', systemInfo: fake({ manufacturer: 'LENOVO', model: '20XW' }, true), processes: [] })).toEqual({ kind: 'everyday', evidence: 'LENOVO 20XW: a battery' })
  })
})
