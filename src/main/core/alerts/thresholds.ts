import type { AlertRuleInfo, RulesChange, RuleSetting } from '../../../shared/contract/alerts.ts'
import type { Settings } from '../../../shared/contract/settings.ts'
import { DeskError } from '../errors.ts'
import type { AlertRule, AlertState, Thresholds } from './rule.ts'

/*
 * The operator's side of the rules: which are on and at what thresholds. Settings keep only
 * what differs from a rule's defaults; reading fills in the rest and clamps to the bounds,
 * since a hand-edited file may hold anything. Writing refuses what is out of bounds instead,
 * so the operator hears why their value was not taken.
 */

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value))

/** A rule not listed in settings runs, with its defaults: rules are useful on day one. */
export function ruleEnabled(rule: Pick<AlertRule, 'id'>, settings: Settings): boolean {
  return settings.alerts.rules[rule.id]?.enabled ?? true
}

/** The rule's thresholds: the operator's values over the defaults, each within its bounds. Keys the rule no longer reads are ignored. */
export function thresholdsFor(rule: Pick<AlertRule, 'id' | 'thresholds'>, settings: Settings): Thresholds {
  const saved = settings.alerts.rules[rule.id]?.thresholds ?? {}
  const values: Record<string, number> = {}
  for (const spec of rule.thresholds) {
    const value = saved[spec.key]
    values[spec.key] = value === undefined || !Number.isFinite(value) ? spec.default : clamp(value, spec.min, spec.max)
  }
  return values
}

/** The rule as the settings page shows it; `current` from the last state gathered, null before the first or when the rule cannot say. */
export function ruleInfo(rule: AlertRule, settings: Settings, state: AlertState | null): AlertRuleInfo {
  const thresholds = thresholdsFor(rule, settings)
  let current: string | null = null
  if (state !== null) {
    try {
      current = rule.current(state, thresholds)
    } catch {
      // The page still lists the rule; a rule that throws is logged where it is evaluated.
      current = null
    }
  }
  return {
    id: rule.id,
    name: rule.name,
    explanation: rule.explanation,
    severity: rule.severity,
    network: rule.network ?? null,
    enabled: ruleEnabled(rule, settings),
    thresholds: rule.thresholds.map((spec) => ({
      key: spec.key,
      label: spec.label,
      unit: spec.unit,
      value: thresholds[spec.key] ?? spec.default,
      default: spec.default,
      min: spec.min,
      max: spec.max,
    })),
    current,
  }
}

const formatBound = (value: number, unit: string): string => (unit === '' ? String(value) : `${String(value)} ${unit}`)

/**
 * Settings with `change` applied: rules' enabled flags and thresholds merged over what is
 * saved (a change names only what it changes), quiet hours replaced (null: off). Refuses an
 * unknown rule or threshold, or a value out of its bounds, naming the field.
 */
export function applyRulesChange(settings: Settings, change: RulesChange, rules: readonly AlertRule[]): Settings {
  const byId = new Map(rules.map((rule) => [rule.id, rule]))
  const saved: Record<string, RuleSetting> = { ...settings.alerts.rules }
  for (const [id, setting] of Object.entries(change.rules ?? {})) {
    const rule = byId.get(id)
    if (rule === undefined) throw new DeskError('invalid-input', `rules.${id}: there is no rule "${id}"`, { field: `rules.${id}` })
    const thresholds: Record<string, number> = { ...saved[id]?.thresholds }
    for (const [key, value] of Object.entries(setting.thresholds ?? {})) {
      const field = `rules.${id}.thresholds.${key}`
      const spec = rule.thresholds.find((s) => s.key === key)
      if (spec === undefined) {
        const known = rule.thresholds.map((s) => s.key).join(', ')
        throw new DeskError('invalid-input', `${field}: ${rule.name} has no threshold "${key}"${known === '' ? '' : ` (it has ${known})`}`, { field })
      }
      if (value < spec.min || value > spec.max) {
        throw new DeskError('invalid-input', `${field}: ${spec.label} must be between ${formatBound(spec.min, spec.unit)} and ${formatBound(spec.max, spec.unit)}`, {
          field,
        })
      }
      thresholds[key] = value
    }
    const enabled = setting.enabled ?? saved[id]?.enabled
    saved[id] = {
      ...(enabled === undefined ? {} : { enabled }),
      ...(Object.keys(thresholds).length === 0 ? {} : { thresholds }),
    }
  }
  const quietHours = change.quietHours === undefined ? settings.alerts.quietHours : change.quietHours
  return { ...settings, alerts: { ...settings.alerts, rules: saved, quietHours } }
}
