import { isRecord } from '../is-record.ts'
import { Settings } from '../../../shared/contract/settings.ts'
import { EndpointKey } from '../../../shared/contract/wallets.ts'
import { DeskError } from '../errors.ts'
import { findSecret } from '../wallets/secret-guard.ts'
import type { SecretStore } from './secret-store.ts'
import { migrateSettings, NewerSettingsError } from './settings-migrations.ts'

/*
 * Settings backup and restore. Settings hold no secrets by design: a plug keeps only `hasSecret`
 * and `customEndpoints` only the keys; the tokens and URLs stay in the secret store, so a backup
 * carries none and says so in `notIncluded`. A restore is all or nothing: the file is checked,
 * migrated and validated like the settings file, and any problem throws before anything changes.
 * Once restored, the secrets of plugs and endpoints the settings no longer have are forgotten.
 */

const app = 'DePIN Desk'
const kind = 'settings-backup'

/** Which secrets this machine's secret store holds, for the backup's plugs and endpoints. */
export type SecretsHere = {
  plug: (plugId: string) => boolean
  endpoint: (key: EndpointKey) => boolean
}

export type Restored = {
  settings: Settings
  /** What the operator should know or do after the restore, in words; empty when nothing. */
  notes: string[]
}

/** The backup file's text: pretty JSON, the settings as they are, and what was left out. */
export function backupJson(settings: Settings, now: number, appVersion: string): string {
  const backup = {
    app,
    kind,
    version: appVersion,
    exportedAt: new Date(now).toISOString(),
    notIncluded: notIncluded(settings),
    settings,
  }
  return `${JSON.stringify(backup, null, 2)}\n`
}

/** "depin-desk-settings-2025-01-31.json" (UTC day). */
export function backupFilename(now: number): string {
  return `depin-desk-settings-${new Date(now).toISOString().slice(0, 10)}.json`
}

function notIncluded(settings: Settings): string[] {
  const plugs = settings.power.plugs
    .filter((plug) => plug.hasSecret)
    .map((plug) => `the token or password of plug "${plug.label}" (${plug.id}): re-enter it after restoring on another machine`)
  const endpoints = settings.customEndpoints.map(
    (key) => `your own URL for the ${key} endpoint (it may hold an API key): set it again after restoring on another machine`,
  )
  return [
    'secrets: they stay in the secret store of the machine that made this backup',
    ...plugs,
    ...endpoints,
    'the rewards ledger and the power history: they are data, not settings',
  ]
}

/**
 * Checks a backup and answers the settings it restores, or throws DeskError('invalid-input',
 * field 'json') saying why not. `current` is what this machine has now; `here` says which of the
 * backup's secrets this machine holds: a custom endpoint whose URL is missing is dropped, a plug
 * whose token is missing is kept, with a note either way.
 */
export function restoreSettings(json: string, current: Settings, here: SecretsHere): Restored {
  const backup = parseBackup(json)
  const secret = findSecretIn(backup.settings, 'settings')
  if (secret) {
    refuse(
      `${secret.where} holds what looks like ${secret.what}. DePIN Desk never keeps recovery phrases or private keys: ` +
        'take it out of the file and restore again.',
    )
  }
  let migrated: unknown
  try {
    migrated = migrateSettings(backup.settings)
  } catch (error) {
    if (error instanceof NewerSettingsError) refuse(`${error.message}. Update DePIN Desk, then restore it.`)
    throw error
  }
  const parsed = Settings.safeParse(migrated)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const path = ['settings', ...(issue?.path ?? [])].map(String).join('.')
    refuse(`${path}: ${issue?.message ?? 'invalid'}.`)
  }
  return withSecretsHere(parsed.data, current, here)
}

function withSecretsHere(restored: Settings, current: Settings, here: SecretsHere): Restored {
  const notes: string[] = []
  const missingUrls = restored.customEndpoints.filter((key) => !here.endpoint(key))
  for (const key of missingUrls) {
    notes.push(`Your own URL for the ${key} endpoint is not on this machine (it is a secret and stays out of backups); set it again under Endpoints.`)
  }
  for (const plug of restored.power.plugs) {
    if (plug.hasSecret && !here.plug(plug.id)) {
      notes.push(`Re-enter the token for plug "${plug.label}": it is not on this machine. Remove the plug and add it again with its token.`)
    }
  }
  const gone = (ids: ReadonlySet<string>, items: readonly { id: string; label: string }[]): string[] =>
    items.filter((item) => !ids.has(item.id)).map((item) => `"${item.label}"`)
  const walletsGone = gone(new Set(restored.wallets.map((w) => w.id)), current.wallets)
  if (walletsGone.length > 0) notes.push(`Wallets not in the backup were removed: ${walletsGone.join(', ')}.`)
  const plugsGone = gone(new Set(restored.power.plugs.map((p) => p.id)), current.power.plugs)
  if (plugsGone.length > 0) notes.push(`Plugs not in the backup were removed: ${plugsGone.join(', ')}.`)
  const urlsGone = current.customEndpoints.filter((key) => !restored.customEndpoints.includes(key))
  if (urlsGone.length > 0) notes.push(`Your own URLs for endpoints not in the backup were forgotten: ${urlsGone.join(', ')}.`)
  const settings = missingUrls.length === 0 ? restored : { ...restored, customEndpoints: restored.customEndpoints.filter((key) => here.endpoint(key)) }
  return { settings, notes }
}

function parseBackup(json: string): { settings: unknown } {
  let document: unknown
  try {
    document = JSON.parse(json)
  } catch {
    refuse('the file is not valid JSON, so it is not a DePIN Desk settings backup.')
  }
  if (!isRecord(document) || document.app !== app || document.kind !== kind) {
    refuse('the file is not a DePIN Desk settings backup (one made with "Back up settings" starts with "app": "DePIN Desk", "kind": "settings-backup").')
  }
  return { settings: document.settings }
}

type Found = { where: string; what: string }

/**
 * How deep a backup's settings may nest. The real ones go about six levels (profit.costs.<network>
 * .monthlyCosts.<n>.label); a hostile file can go 20,000, which is why the search below keeps its
 * own stack instead of recursing.
 */
const maxDepth = 32

/** What is left to look at: a value, or one entry of a record (its key first, then its value). */
type Pending = { value: unknown; where: string; depth: number; key?: string }

/** The first string, value or key, anywhere under `value` that is a seed phrase or a private key. */
function findSecretIn(value: unknown, where: string): Found | null {
  const pending: Pending[] = [{ value, where, depth: 0 }]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.key !== undefined) {
      // A key is named by its parent only: echoing it would echo the secret.
      const inKey = findSecret(next.key)
      if (inKey) return { where: `a name in ${next.where}`, what: inKey.what }
      pending.push({ value: next.value, where: `${next.where}.${next.key}`, depth: next.depth })
      continue
    }
    if (typeof next.value === 'string') {
      const finding = findSecret(next.value)
      if (finding) return { where: next.where, what: finding.what }
      continue
    }
    if (!Array.isArray(next.value) && !isRecord(next.value)) continue
    if (next.depth >= maxDepth) refuse(`the settings nest more than ${String(maxDepth)} levels deep; DePIN Desk's own never do.`)
    pending.push(...children(next.value, next.where, next.depth + 1).reverse())
  }
  return null
}

/** An array's items or a record's entries, in order, one level down. */
function children(value: unknown[] | Record<string, unknown>, where: string, depth: number): Pending[] {
  if (Array.isArray(value)) return value.map((item, index) => ({ value: item, where: `${where}.${String(index)}`, depth }))
  return Object.entries(value).map(([key, item]) => ({ value: item, where, depth, key }))
}

/** How core names the secret of a plug and of an endpoint key (their capabilities decide). */
export type SecretNames = {
  plug: (plugId: string) => string
  endpoint: (key: EndpointKey) => string
}

/**
 * The plug and endpoint secrets no setting points at any more: those of plugs and custom endpoints
 * a restored backup does not have, and any a refused add left behind before adds checked first.
 * Other secrets (names neither capability would make) are not this function's to judge.
 */
export function secretsLeftBehind(names: readonly string[], settings: Settings, secretName: SecretNames): string[] {
  const plugs = new Set(settings.power.plugs.map((plug) => secretName.plug(plug.id)))
  const endpoints = new Set(settings.customEndpoints.map((key) => secretName.endpoint(key)))
  const endpointNames = new Set(EndpointKey.options.map((key) => secretName.endpoint(key)))
  return names.filter((name) => {
    const plugId = /^plug-[a-z0-9]{8}/.exec(name)?.[0]
    if (plugId !== undefined && secretName.plug(plugId) === name) return !plugs.has(name)
    return endpointNames.has(name) && !endpoints.has(name)
  })
}

/** After a restore: forgets the secrets the restored settings no longer use, so none is left behind. */
export async function forgetSecretsLeftBehind(secrets: SecretStore, settings: Settings, secretName: SecretNames): Promise<void> {
  for (const name of secretsLeftBehind(await secrets.names(), settings, secretName)) await secrets.delete(name)
}

function refuse(reason: string): never {
  throw new DeskError('invalid-input', `This backup was not restored, nothing was changed: ${reason}`, { field: 'json' })
}
