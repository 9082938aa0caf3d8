import type { PlugSetting } from '../../../shared/contract/plugs.ts'
import type { PowerChoice } from '../../../shared/contract/power.ts'

/** Display names of the power source kinds core has (the part of a source id before ':'). */
const sourceNames: Record<string, string> = {
  'nvidia-smi': 'NVIDIA GPUs',
  'amdgpu-hwmon': 'AMD GPUs',
  rapl: 'CPU package (RAPL)',
  estimate: 'Estimate',
  'shelly-gen1': 'Shelly plug',
  'shelly-gen2': 'Shelly plug',
  tasmota: 'Tasmota plug',
  kasa: 'Kasa plug',
  'home-assistant': 'Home Assistant',
}

/**
 * "Shelly plug" and "192.168.1.20#0" from `shelly-gen2:192.168.1.20#0`; a saved plug (whose
 * source id is its settings id) by its kind and address.
 */
export function sourceName(sourceId: string, plug?: PlugSetting): { name: string; detail: string | null } {
  if (plug) return { name: sourceNames[plug.kind] ?? plug.kind, detail: plug.address }
  const colon = sourceId.indexOf(':')
  const kind = colon < 0 ? sourceId : sourceId.slice(0, colon)
  const name = sourceNames[kind]
  if (!name) return { name: sourceId, detail: null }
  return { name, detail: colon < 0 ? null : sourceId.slice(colon + 1) }
}

/** What the machine's total stands on: "wall plug (Rig plug)", "GPU 0 + CPU package", "estimate". */
export function basisWords(total: PowerChoice): string {
  const labels = total.readings.map((reading) => reading.label).join(' + ')
  switch (total.basis) {
    case 'wall':
      return `wall plug (${labels})`
    case 'components':
      return labels
    case 'estimate':
      return `model estimate (${labels})`
    case 'none':
      return 'no source'
  }
}
