import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { coreRules, networkRules } from '../../../../src/main/core/alerts/rules/index.ts'
import { networks } from '../../../../src/main/core/networks/index.ts'
import type { NetworkModule } from '../../../../src/main/core/networks/network-module.ts'
import { AlertRuleId } from '../../../../src/shared/contract/alerts.ts'

/* Every rule file is listed; ids are valid and unique; thresholds have sane bounds and keys settings accept. */

const helpers = new Set(['index.ts', 'rule-kit.ts', 'node-kit.ts', 'explorer-links.ts'])

describe('the rule list', () => {
  it('lists one rule per file in rules/', () => {
    const files = readdirSync(new URL('../../../../src/main/core/alerts/rules/', import.meta.url)).filter((file) => file.endsWith('.ts') && !helpers.has(file))
    expect(coreRules.map((rule) => `${rule.id}.ts`).sort()).toEqual(files.sort())
  })

  it('gives every rule a valid id, sane thresholds and a default within its bounds', () => {
    const all = [...coreRules, ...networkRules(networks)]
    expect(new Set(all.map((rule) => rule.id)).size).toBe(all.length)
    for (const rule of all) {
      expect(AlertRuleId.safeParse(rule.id).success).toBe(true)
      for (const spec of rule.thresholds) {
        expect(spec.key).toMatch(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/)
        expect(spec.min <= spec.default && spec.default <= spec.max).toBe(true)
      }
    }
    expect(networkRules(networks).map((rule) => rule.id)).toEqual([
      'helium.rewards-flat',
      'akash.escrow-overdrawn',
      'akash.no-active-lease',
      'bittensor.emission-zero',
      'bittensor.uid-lost',
      'filecoin.power-dropped',
      'filecoin.fee-debt',
    ])
  })

  it('refuses a network rule that does not name its network', () => {
    const grass = networks.get('grass')
    if (grass === undefined) throw new Error('grass is registered')
    const [borrowed] = networkRules(networks)
    const wrong: NetworkModule = { ...grass, alertRules: borrowed === undefined ? [] : [borrowed] }
    expect(() => networkRules([wrong])).toThrow(/must name network "grass"/)
  })
})
