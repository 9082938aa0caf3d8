import { cpus } from 'node:os'
import type { HardwareSample } from '../../../shared/contract/hardware.ts'
import { contractGpus } from './gpus.ts'
import { ProcfsReader } from './linux/procfs-reader.ts'
import type { MachineReading } from './machine-reading.ts'
import { AmdgpuHwmonSource } from './power/amdgpu-hwmon.ts'
import { createEstimateSource, type EstimateInput } from './power/estimate.ts'
import { NvidiaSmiStream } from './power/nvidia-smi-stream.ts'
import { stalePeriods } from './power/freshness.ts'
import { PowerMonitor, type ScheduledSource } from './power/power-monitor.ts'
import { RaplSource } from './power/rapl.ts'
import { SystemReader } from './system-reader.ts'
import type { Logger } from '../log.ts'

export type MachineSamplerOptions = {
  /** The sampling interval now; it can change at run time. */
  intervalMs: () => number
  /** The interval at start, for the nvidia-smi stream's own cadence. */
  initialIntervalMs: number
  log: Logger
  /** The app's data dir: its volume is always among the disks shown. */
  dataDir?: string
}

/**
 * One full sample: the machine reader (procfs on Linux, systeminformation elsewhere), the
 * GPUs, and every power source with the watts chosen for the machine.
 */
export class MachineSampler {
  readonly #readMachine: () => Promise<MachineReading>
  readonly #nvidia: NvidiaSmiStream
  readonly #amd: AmdgpuHwmonSource | undefined
  readonly #power: PowerMonitor
  readonly #intervalMs: () => number
  #lastMachine: MachineReading | undefined

  constructor(options: MachineSamplerOptions) {
    this.#intervalMs = options.intervalMs
    this.#readMachine = machineReader(options.dataDir)
    this.#nvidia = new NvidiaSmiStream({ intervalMs: options.initialIntervalMs })
    const linux = process.platform === 'linux'
    this.#amd = linux ? new AmdgpuHwmonSource() : undefined
    // os.cpus() reads the model once from the OS (on Linux /proc/cpuinfo), starting no process.
    const cpuModel = cpus()[0]?.model ?? 'CPU'
    const estimate = createEstimateSource(() => this.#estimateInputs(cpuModel))
    const local: ScheduledSource[] = [
      { source: this.#nvidia, every: 'each-sample' },
      ...(linux ? [{ source: new RaplSource(), every: 'each-sample' as const }] : []),
      ...(this.#amd ? [{ source: this.#amd, every: 'each-sample' as const }] : []),
      { source: estimate, every: 'each-sample' },
    ]
    this.#power = new PowerMonitor(local, options.log)
  }

  /** The power sources, for core to swap the smart plugs in and out. */
  get power(): PowerMonitor {
    return this.#power
  }

  start(): void {
    this.#nvidia.start()
    this.#power.start()
  }

  async read(): Promise<HardwareSample> {
    const machine = await this.#readMachine()
    this.#lastMachine = machine
    const now = Date.now()
    const intervalMs = this.#intervalMs()
    // Each power source is judged by its own cadence (a plug by its poll); GPUs by the sampling's.
    const power = await this.#power.snapshot(now, intervalMs)
    const staleAfterMs = stalePeriods * intervalMs
    const gpus = contractGpus(this.#nvidia.gpus(), this.#amd?.gpus ?? [], now, staleAfterMs)
    return { ...machine, gpus, power }
  }

  stop(): Promise<void> {
    return this.#power.stop()
  }

  /** The estimate covers the CPU always, and each GPU nothing measures. */
  #estimateInputs(cpuModel: string): EstimateInput[] {
    const load = this.#lastMachine?.cpu.loadPercent
    const inputs: EstimateInput[] = [{ id: 'cpu', label: cpuModel, kind: 'cpu', loadFraction: load === undefined ? null : load / 100 }]
    for (const gpu of this.#nvidia.gpus()) {
      if (gpu.powerWatts !== null && !gpu.stale) continue
      const utilization = gpu.utilizationPercent
      inputs.push({ id: `gpu:${gpu.uuid}`, label: gpu.name, kind: 'gpu', loadFraction: utilization === null ? null : utilization / 100 })
    }
    return inputs
  }
}

/** Linux reads /proc itself on the 1 s path; elsewhere systeminformation, loaded only there. */
function machineReader(dataDir: string | undefined): () => Promise<MachineReading> {
  if (process.platform === 'linux') {
    const reader = new ProcfsReader(dataDir === undefined ? {} : { dataDir })
    return () => reader.read()
  }
  let reader: Promise<SystemReader> | undefined
  return async () => {
    reader ??= import('systeminformation').then((si) => new SystemReader(si))
    return (await reader).read()
  }
}
