import type { PowerReading, PowerScope, PowerSource, PowerSourceStatus } from './power-source.ts'

/*
 * The last resort when nothing measures: per component, idle + load × (max − idle), from the
 * user's own numbers or a typical figure for the model. Always labelled estimated.
 */

export type PowerModel = { idleWatts: number; maxWatts: number }

export type ComponentKind = 'cpu' | 'gpu' | 'other'

export type EstimateInput = {
  /** e.g. `cpu`, `gpu:0`, `rest-of-system`. */
  id: string
  /** The model as the OS reports it, e.g. "NVIDIA GeForce RTX 4090"; it picks the default. */
  label: string
  kind: ComponentKind
  /** 0–1; null when the load is not known. */
  loadFraction: number | null
  /** The user's own numbers, which beat the defaults field by field. */
  override?: Partial<PowerModel>
}

export type ResolvedModel = PowerModel & { basis: string }

/**
 * Typical maximum board power / TDP and a typical desktop idle, not measurements of this
 * machine. GPU maxima are the vendors' total board power (RTX 4090 450 W, RTX 3090 350 W,
 * A100 SXM 400 W / PCIe 250 W, H100 SXM 700 W / PCIe 350 W, RX 7900 XTX 355 W); CPU maxima are
 * TDP/PL1, which boost (PL2/PPT) can exceed for a while. First match wins, so specific first.
 */
const defaults: readonly { kind: ComponentKind; pattern: RegExp; family: string; model: PowerModel }[] = [
  { kind: 'gpu', pattern: /RTX 4090/i, family: 'RTX 4090', model: { idleWatts: 20, maxWatts: 450 } },
  { kind: 'gpu', pattern: /RTX 4080/i, family: 'RTX 4080', model: { idleWatts: 15, maxWatts: 320 } },
  { kind: 'gpu', pattern: /RTX 3090 Ti/i, family: 'RTX 3090 Ti', model: { idleWatts: 25, maxWatts: 450 } },
  { kind: 'gpu', pattern: /RTX 3090/i, family: 'RTX 3090', model: { idleWatts: 25, maxWatts: 350 } },
  { kind: 'gpu', pattern: /RTX 3080/i, family: 'RTX 3080', model: { idleWatts: 20, maxWatts: 320 } },
  { kind: 'gpu', pattern: /A100.*PCIE/i, family: 'A100 PCIe', model: { idleWatts: 35, maxWatts: 250 } },
  { kind: 'gpu', pattern: /A100/i, family: 'A100', model: { idleWatts: 50, maxWatts: 400 } },
  { kind: 'gpu', pattern: /H100.*PCIE/i, family: 'H100 PCIe', model: { idleWatts: 50, maxWatts: 350 } },
  { kind: 'gpu', pattern: /H100/i, family: 'H100', model: { idleWatts: 70, maxWatts: 700 } },
  { kind: 'gpu', pattern: /RX 7900 XTX/i, family: 'RX 7900 XTX', model: { idleWatts: 20, maxWatts: 355 } },
  { kind: 'gpu', pattern: /./, family: 'generic discrete GPU', model: { idleWatts: 20, maxWatts: 250 } },
  { kind: 'cpu', pattern: /EPYC|Xeon|Threadripper/i, family: 'server CPU', model: { idleWatts: 60, maxWatts: 280 } },
  { kind: 'cpu', pattern: /i[3579]-\d{4,5}K|Ryzen \d \d{4}X/i, family: 'unlocked desktop CPU', model: { idleWatts: 15, maxWatts: 125 } },
  { kind: 'cpu', pattern: /./, family: 'generic desktop CPU', model: { idleWatts: 10, maxWatts: 65 } },
]

/** idle + load × (max − idle), the load clamped to 0–1. */
export function estimateWatts(model: PowerModel, loadFraction: number): number {
  const load = Math.min(1, Math.max(0, loadFraction))
  return model.idleWatts + load * (model.maxWatts - model.idleWatts)
}

/** The user's numbers where given, the model's default for the rest; null for 'other' without numbers. */
export function resolveModel(input: Pick<EstimateInput, 'kind' | 'label' | 'override'>): ResolvedModel | null {
  const { idleWatts, maxWatts } = input.override ?? {}
  if (idleWatts !== undefined && maxWatts !== undefined) return { idleWatts, maxWatts, basis: 'your numbers' }
  const row = defaults.find((entry) => entry.kind === input.kind && entry.pattern.test(input.label || ' '))
  if (!row) return null
  const partly = idleWatts !== undefined || maxWatts !== undefined ? 'your numbers and ' : ''
  return {
    idleWatts: idleWatts ?? row.model.idleWatts,
    maxWatts: maxWatts ?? row.model.maxWatts,
    basis: `${partly}typical for ${row.family}`,
  }
}

const scopes: Record<ComponentKind, PowerScope> = { cpu: 'cpu-package', gpu: 'gpu', other: 'component' }

/** One component's estimate; watts null when its load is unknown and matters, or nothing models it. */
export function estimateReading(input: EstimateInput, at: number): PowerReading {
  return {
    deviceId: `estimate:${input.id}`,
    label: input.label,
    scope: scopes[input.kind],
    watts: modelledWatts(resolveModel(input), input.loadFraction),
    kind: 'estimated',
    source: 'estimate',
    at,
  }
}

function modelledWatts(model: PowerModel | null, loadFraction: number | null): number | null {
  if (model === null) return null
  if (loadFraction !== null) return estimateWatts(model, loadFraction)
  // A flat figure (e.g. the rest of the system) needs no load.
  return model.idleWatts === model.maxWatts ? model.idleWatts : null
}

/** The estimate as a source beside the measured ones; `inputs` gives the latest loads, read cheaply. */
export function createEstimateSource(inputs: () => EstimateInput[], now: () => number = Date.now): PowerSource {
  return {
    id: 'estimate',
    read(): Promise<PowerSourceStatus> {
      const at = now()
      const readings = inputs().map((input) => estimateReading(input, at))
      return Promise.resolve({ source: 'estimate', readings, error: null, lastSuccessAt: at, durationMs: now() - at })
    },
    dispose: () => Promise.resolve(),
  }
}
