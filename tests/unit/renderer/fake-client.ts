import type { EventName } from '../../../src/shared/contract/events.ts'
import type { HardwareSample, Temperature } from '../../../src/shared/contract/hardware.ts'
import type { MethodName } from '../../../src/shared/contract/methods.ts'
import type { Envelope } from '../../../src/shared/contract/result.ts'
import { unwrap, type ConnectionState, type DeskClient } from '../../../src/renderer/src/api/client.ts'

/** A fixed answer, or one computed from the input (possibly later, to test ordering). */
export type Answer = Envelope<unknown> | ((input: unknown) => Envelope<unknown> | Promise<Envelope<unknown>>)

/** The seam the store talks through: answers from a table, events pushed by the test. */
export function fakeClient(answers: Partial<Record<MethodName, Answer>>) {
  const listeners = new Map<string, (payload: unknown) => void>()
  const connectionListeners: ((state: ConnectionState) => void)[] = []
  const calls: { method: MethodName; input: unknown }[] = []
  const callSafe = async (method: MethodName, input: unknown): Promise<Envelope<unknown>> => {
    calls.push({ method, input })
    const answer = answers[method] ?? { ok: false, error: { code: 'not-found', message: method, retryable: false } }
    return typeof answer === 'function' ? answer(input) : answer
  }
  const client = {
    callSafe,
    call: async (method: MethodName, input: unknown) => unwrap(await callSafe(method, input)),
    on: (event: EventName, listener: (payload: unknown) => void) => {
      listeners.set(event, listener)
      return () => listeners.delete(event)
    },
    connection: { status: 'connecting', retryAt: null },
    onConnection: (listener: (state: ConnectionState) => void) => {
      connectionListeners.push(listener)
      return () => undefined
    },
    close: () => undefined,
  } as unknown as DeskClient
  return {
    client,
    calls,
    emit: (event: EventName, payload: unknown) => listeners.get(event)?.(payload),
    connect: (state: ConnectionState) => connectionListeners.forEach((l) => l(state)),
    listenerCount: () => listeners.size,
  }
}

export function sample(at: number, cpu: number, temperatures: Temperature[] = []): HardwareSample {
  return {
    provenance: { kind: 'measured', source: 'procfs', at },
    durationMs: 1,
    cpu: { loadPercent: cpu, cores: 2, perCorePercent: [cpu, cpu] },
    memory: { usedBytes: 1, totalBytes: 2 },
    network: null,
    uptimeSeconds: 10,
    temperatures,
    disks: [],
    battery: null,
    gpus: [],
    power: {
      total: { totalWatts: null, kind: 'estimated', basis: 'none', sources: [], readings: [], at: null, reason: 'no power reading' },
      sources: [],
    },
  }
}
