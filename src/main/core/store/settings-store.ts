import { readFileSync, renameSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { defaultSettings, Settings, SettingsPatch } from '../../../shared/contract/settings.ts'
import { sweepStaleTemporaries, writeFileAtomic } from './atomic-file.ts'
import { ensurePrivateDir, fallbackLog, tightenPrivateFile, type PrivateLog } from './private-files.ts'
import { migrateSettings, NewerSettingsError } from './settings-migrations.ts'

type Loaded = { settings: Settings; problem: string | null; writable: boolean }

/**
 * The settings file: JSON, validated, migrated, written atomically, with the previous good
 * copy kept beside it. A file that cannot be read is never overwritten: it is set aside
 * (or, when a newer app wrote it, left alone) and the reason is kept for the UI to show.
 */
export class SettingsStore {
  readonly #path: string | null
  #settings: Settings
  readonly #problem: string | null
  readonly #writable: boolean

  private constructor(path: string | null, loaded: Loaded) {
    this.#path = path
    this.#settings = loaded.settings
    this.#problem = loaded.problem
    this.#writable = loaded.writable
  }

  /**
   * Settings open first, so this is where the data dir is made private (whichever shell
   * made it) and where the temporaries of writes a kill interrupted are swept.
   */
  static open(path: string, now: () => Date = () => new Date(), log: PrivateLog = fallbackLog): SettingsStore {
    ensurePrivateDir(dirname(path), log)
    for (const file of [path, backupPath(path)]) {
      tightenPrivateFile(file, log)
      sweepStaleTemporaries(file, log)
    }
    return new SettingsStore(path, load(path, now))
  }

  /** Settings that live only as long as the process: for tests and throwaway runs. */
  static inMemory(): SettingsStore {
    return new SettingsStore(null, { settings: defaultSettings, problem: null, writable: false })
  }

  get current(): Settings {
    return this.#settings
  }

  /** What went wrong while loading, in words for the operator; null when the file was fine. */
  get problem(): string | null {
    return this.#problem
  }

  /** Applies a patch from the UI, validated again here, and persists it; answers the new settings. */
  update(patch: SettingsPatch): Settings {
    const { monitoring, desktop, onboarding, ...rest } = SettingsPatch.parse(patch)
    return this.replace({
      ...this.#settings,
      ...rest,
      monitoring: { ...this.#settings.monitoring, ...monitoring },
      desktop: { ...this.#settings.desktop, ...desktop },
      onboarding: { ...this.#settings.onboarding, ...onboarding },
    })
  }

  /** Saves whole settings built by core (e.g. the plug list), after validating them. */
  replace(settings: Settings): Settings {
    const next = Settings.parse(settings)
    if (this.#writable && this.#path !== null) {
      writeFileAtomic(backupPath(this.#path), serialize(this.#settings))
      writeFileAtomic(this.#path, serialize(next))
    }
    this.#settings = next
    return next
  }
}

export const backupPath = (path: string): string => `${path}.bak`

function load(path: string, now: () => Date): Loaded {
  const main = read(path)
  if (main.kind === 'missing') return { settings: defaultSettings, problem: null, writable: true }
  if (main.kind === 'ok') return { settings: main.settings, problem: null, writable: true }
  if (main.kind === 'newer') {
    return { settings: defaultSettings, problem: `${path} was not loaded: ${main.reason}. It is left as it is; using defaults, which are not saved.`, writable: false }
  }
  const quarantined = `${path}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`
  renameSync(path, quarantined)
  const backup = read(backupPath(path))
  if (backup.kind === 'ok') {
    writeFileAtomic(path, serialize(backup.settings))
    const savedAt = statSync(backupPath(path)).mtime.toISOString()
    return {
      settings: backup.settings,
      problem: `${path} could not be read (${main.reason}); restored the previous copy saved ${savedAt}. The unreadable file is kept as ${quarantined}.`,
      writable: true,
    }
  }
  return {
    settings: defaultSettings,
    problem: `${path} could not be read (${main.reason}) and there is no good backup; started from defaults. The unreadable file is kept as ${quarantined}.`,
    writable: true,
  }
}

type Read =
  | { kind: 'ok'; settings: Settings }
  | { kind: 'missing' }
  | { kind: 'broken'; reason: string }
  | { kind: 'newer'; reason: string }

function read(path: string): Read {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' }
    return { kind: 'broken', reason: (error as Error).message }
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { kind: 'broken', reason: 'it is not valid JSON' }
  }
  try {
    json = migrateSettings(json)
  } catch (error) {
    if (error instanceof NewerSettingsError) return { kind: 'newer', reason: error.message }
    throw error
  }
  const parsed = Settings.safeParse(json)
  if (parsed.success) return { kind: 'ok', settings: parsed.data }
  const issue = parsed.error.issues[0]
  return { kind: 'broken', reason: `${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'invalid'}` }
}

function serialize(settings: Settings): string {
  return `${JSON.stringify(settings, null, 2)}\n`
}
