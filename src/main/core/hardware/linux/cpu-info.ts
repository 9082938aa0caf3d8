import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ProcFormatError } from './parse-proc.ts'

/*
 * Static CPU facts from /proc/cpuinfo, read once at start: the model name (the power
 * estimate's defaults hang on it) and the number of logical cores online.
 */

export type CpuInfo = {
  /** Null where the kernel names no model (some ARM boards list only part numbers). */
  model: string | null
  logicalCores: number
}

/**
 * x86 writes `model name` per processor; ARM boards a machine-wide `Model` (Raspberry Pi)
 * or `Hardware`; older ARM `Processor`; MIPS `cpu model`. The first one found names the CPU.
 */
const modelKeys = ['model name', 'Model', 'Hardware', 'Processor', 'cpu model']

export function parseCpuinfo(text: string): CpuInfo {
  const fields = new Map<string, string>()
  let logicalCores = 0
  for (const line of text.split('\n')) {
    const match = /^([^:\t]+?)\s*:\s*(.*)$/.exec(line)
    if (!match?.[1]) continue
    const [, key, value = ''] = match
    if (key === 'processor' && /^\d+$/.test(value)) logicalCores += 1
    if (!fields.has(key) && value.trim() !== '') fields.set(key, value.trim())
  }
  if (logicalCores === 0) throw new ProcFormatError('/proc/cpuinfo: no "processor" lines')
  const model = modelKeys.map((key) => fields.get(key)).find((value) => value !== undefined)
  return { model: model === undefined ? null : model.replace(/\s+/g, ' '), logicalCores }
}

export async function readCpuInfo(procRoot = '/proc'): Promise<CpuInfo> {
  return parseCpuinfo(await readFile(join(procRoot, 'cpuinfo'), 'utf8'))
}
