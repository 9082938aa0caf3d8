import type { EventName } from './events.ts'
import type { MethodName } from './methods.ts'

/*
 * The contract's names without its schemas, for the preload bundle: a sandboxed preload
 * cannot load zod, and main validates anyway. The checks below fail to compile when a name
 * is missing here or misspelt.
 */
export const methodNames = [
  'app.info',
  'hardware.latest',
  'monitoring.get',
  'monitoring.setPaused',
  'history.query',
  'energy.summary',
  'power.plugKinds',
  'power.testPlug',
  'power.addPlug',
  'power.removePlug',
  'settings.get',
  'settings.update',
  'networks.list',
  'wallets.check',
  'wallets.add',
  'wallets.rename',
  'wallets.remove',
  'wallets.snapshot',
  'wallets.refresh',
  'prices.setOverride',
  'rewards.list',
  'rewards.reclassify',
  'rewards.addManual',
  'endpoints.list',
  'endpoints.set',
  'profit.summary',
  'profit.whatIf',
  'profit.setTariff',
  'profit.setCosts',
  'profit.setAttribution',
  'rewards.exportCsv',
  'settings.exportBackup',
  'settings.importBackup',
  'alerts.snapshot',
  'alerts.list',
  'alerts.ack',
  'alerts.snooze',
  'alerts.rules',
  'alerts.channels',
  'alerts.addChannel',
  'alerts.removeChannel',
  'alerts.testChannel',
  'history.backfill',
  'nodes.list',
  'nodes.confirm',
  'nodes.add',
  'nodes.remove',
  'nodes.trustBinary',
  'fleet.list',
  'fleet.add',
  'fleet.remove',
] as const satisfies readonly MethodName[]

export const eventNames = ['hardware.sampled', 'monitoring.changed', 'settings.changed', 'wallets.updated', 'alerts.changed', 'nodes.changed', 'backfill.progress', 'fleet.changed', 'ui.navigate'] as const satisfies readonly EventName[]

type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>
export const methodNamesComplete: Exhaustive<MethodName, (typeof methodNames)[number]> = true
export const eventNamesComplete: Exhaustive<EventName, (typeof eventNames)[number]> = true

/** Electron IPC channel of a method or event; one place so preload and main agree. */
export const ipcChannel = {
  method: (name: MethodName): string => `desk:call:${name}`,
  event: (name: EventName): string => `desk:event:${name}`,
}
