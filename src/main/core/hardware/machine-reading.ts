import type { HardwareSample } from '../../../shared/contract/hardware.ts'

/**
 * What a machine reader (procfs on Linux, systeminformation elsewhere) produces each tick.
 * GPUs and power come from their own sources and are joined in by the hardware monitor.
 */
export type MachineReading = Omit<HardwareSample, 'gpus' | 'power'>
