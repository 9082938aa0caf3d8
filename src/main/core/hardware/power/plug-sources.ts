import type { PlugSetting } from '../../../../shared/contract/plugs.ts'
import { plugProtocols } from './plugs/index.ts'
import { defaultPlugTimeoutMs, parsePlugAddress } from './plugs/plug-address.ts'
import type { PowerMonitor, ScheduledSource } from './power-monitor.ts'
import type { PowerSource } from './power-source.ts'

export const plugSecretName = (id: string): string => `${id}:secret`

/** A saved plug as a polled power source; a plug on part of the machine reports 'component' watts. */
export function plugSource(setting: PlugSetting, secret: string | undefined): ScheduledSource {
  const protocol = plugProtocols[setting.kind]
  const address = parsePlugAddress(setting.address, protocol.defaultPort)
  if (!address.ok) throw new Error(`saved plug ${setting.id} has an unreadable address: ${address.message}`)
  const source = protocol.create({
    id: setting.id,
    address: address.value,
    channel: setting.channel,
    entityId: setting.entityId,
    secret,
    label: setting.label,
    timeoutMs: defaultPlugTimeoutMs,
  })
  return { source: setting.scope === 'wall' ? source : asComponent(source), every: setting.pollMs }
}

function asComponent(source: PowerSource): PowerSource {
  return {
    id: source.id,
    read: async () => {
      const status = await source.read()
      return { ...status, readings: status.readings.map((reading) => ({ ...reading, scope: 'component' as const })) }
    },
    dispose: () => source.dispose(),
  }
}

/** Rebuilds the monitor's plug sources from settings and the secrets they name. */
export async function applyPlugs(
  monitor: PowerMonitor,
  plugs: readonly PlugSetting[],
  secretOf: (name: string) => Promise<string | undefined>,
): Promise<void> {
  const scheduled = await Promise.all(
    plugs.map(async (plug) => plugSource(plug, plug.hasSecret ? await secretOf(plugSecretName(plug.id)) : undefined)),
  )
  await monitor.setPlugs(scheduled)
}
