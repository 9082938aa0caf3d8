import { randomBytes } from 'node:crypto'
import { settingsLimits, type Settings } from '../../../../shared/contract/settings.ts'
import type { NewPlug, PlugDraft, PlugKindInfo, PlugSetting, PlugTestResult } from '../../../../shared/contract/plugs.ts'
import type { z } from 'zod'
import { DeskError } from '../../errors.ts'
import type { SecretStore } from '../../store/secret-store.ts'
import { plugSecretName } from './plug-sources.ts'
import { plugProtocols } from './plugs/index.ts'
import { parsePlugAddress, testConnection } from './plugs/plug-address.ts'

export function plugKinds(): PlugKindInfo[] {
  return Object.entries(plugProtocols).map(([kind, protocol]) => ({
    kind: kind as PlugKindInfo['kind'],
    label: protocol.label,
    defaultPort: protocol.defaultPort,
    target: protocol.target,
    secret: protocol.secret,
    ...('secretLabel' in protocol ? { secretLabel: protocol.secretLabel } : {}),
  }))
}

/** "Test connection": every field checked, then one look at the device; problems are typed errors naming the field. */
export async function testPlug(draft: z.output<typeof PlugDraft>): Promise<PlugTestResult> {
  const result = await testConnection(draft.kind, draft.address, {
    channel: draft.channel,
    entityId: draft.entityId,
    secret: draft.secret,
  })
  if (result.ok) return { model: result.found.model, name: result.found.name, watts: result.found.watts }
  if (result.field !== null) throw new DeskError('invalid-input', `${result.field}: ${result.error.message}`, { field: result.field })
  const fix = result.error.fix === undefined ? '' : ` ${result.error.fix}`
  throw new DeskError('upstream', `${result.error.message}${fix}`, { retryable: true })
}

/**
 * The settings with one more plug; its secret goes to the secret store, never into settings.
 * Every check comes before the secret is stored: a refused plug leaves no secret behind.
 */
export async function addPlug(settings: Settings, input: z.output<typeof NewPlug>, secrets: SecretStore): Promise<Settings> {
  if (settings.power.plugs.length >= settingsLimits.plugs) {
    throw new DeskError('invalid-input', `plugs: DePIN Desk reads at most ${String(settingsLimits.plugs)} plugs; remove one before adding another`, { field: 'plugs' })
  }
  const address = parsePlugAddress(input.address, plugProtocols[input.kind].defaultPort)
  if (!address.ok) throw new DeskError('invalid-input', `address: ${address.message}`, { field: 'address' })
  if (plugProtocols[input.kind].target === 'entity' && !input.entityId) {
    throw new DeskError('invalid-input', 'entityId: name the Home Assistant power sensor, e.g. sensor.rig_plug_power', { field: 'entityId' })
  }
  const secret = input.secret === '' ? undefined : input.secret
  if (plugProtocols[input.kind].secret === 'required' && secret === undefined) {
    throw new DeskError('invalid-input', `secret: ${plugProtocols[input.kind].label} needs a ${plugProtocols[input.kind].secretLabel ?? 'secret'}`, { field: 'secret' })
  }
  const plug: PlugSetting = {
    id: `plug-${randomBytes(4).toString('hex')}`,
    kind: input.kind,
    address: address.value.address,
    channel: input.channel,
    label: input.label,
    scope: input.scope,
    pollMs: input.pollMs,
    hasSecret: secret !== undefined,
    ...(input.entityId === undefined ? {} : { entityId: input.entityId }),
  }
  if (secret !== undefined) await secrets.set(plugSecretName(plug.id), secret)
  return { ...settings, power: { ...settings.power, plugs: [...settings.power.plugs, plug] } }
}

export async function removePlug(settings: Settings, id: string, secrets: SecretStore): Promise<Settings> {
  if (!settings.power.plugs.some((plug) => plug.id === id)) throw new DeskError('not-found', `No plug with id "${id}".`)
  await secrets.delete(plugSecretName(id))
  return { ...settings, power: { ...settings.power, plugs: settings.power.plugs.filter((plug) => plug.id !== id) } }
}
