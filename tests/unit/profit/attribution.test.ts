import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { attributeHour, describeAttribution, effectiveAttribution, nodeDeviceId, type AttributionInput } from '../../../src/main/core/profit/attribution.ts'

/*
 * One hour of the machine's kWh handed to networks: devices to their network, the rest by share
 * weights. Full cost hands out every kWh the machine drew (conservation, as a property); owned
 * hardware is charged its share of the kWh above idle; what cannot be known is null.
 */

function input(overrides: Partial<AttributionInput>): AttributionInput {
  return {
    machineKwh: 1,
    deviceKwh: {},
    deviceNetworks: {},
    networks: ['akash', 'grass'],
    shares: {},
    idleBaselineKwh: null,
    owned: new Set(),
    ...overrides,
  }
}

const sum = (values: readonly (number | null)[]): number => values.reduce((total: number, value) => total + (value ?? Number.NaN), 0)
const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b))

const networkIds = ['akash', 'grass', 'aethir', 'nosana']
const kwhArb = fc.double({ min: 0, max: 20, noNaN: true })
const scenarioArb = fc
  .record({
    networks: fc.subarray(networkIds, { minLength: 1 }),
    machineKwh: kwhArb,
    devices: fc.array(fc.record({ kwh: kwhArb, network: fc.option(fc.constantFrom(...networkIds, 'helium'), { nil: undefined }) }), { maxLength: 5 }),
    weights: fc.option(fc.dictionary(fc.constantFrom(...networkIds, 'helium'), fc.double({ min: 0, max: 1000, noNaN: true })), { nil: undefined }),
  })
  .map(({ networks, machineKwh, devices, weights }) => {
    const deviceKwh: Record<string, number> = {}
    const deviceNetworks: Record<string, string> = {}
    devices.forEach(({ kwh, network }, i) => {
      deviceKwh[`nvidia:GPU-${i}`] = kwh
      if (network !== undefined) deviceNetworks[`nvidia:GPU-${i}`] = network
    })
    return input({ networks, machineKwh, deviceKwh, deviceNetworks, shares: weights ?? {} })
  })

describe('attributeHour', () => {
  it("gives a GPU's kWh to its network and splits the rest evenly", () => {
    const hour = attributeHour(input({ deviceKwh: { 'nvidia:GPU-1': 0.4 }, deviceNetworks: { 'nvidia:GPU-1': 'akash' } }))
    expect(hour.akash).toBeCloseTo(0.7, 12)
    expect(hour.grass).toBeCloseTo(0.3, 12)
  })

  it('splits the rest by the share weights, a missing weight being 0', () => {
    const hour = attributeHour(input({ networks: ['akash', 'grass', 'aethir'], shares: { akash: 3, grass: 1 } }))
    expect(hour).toEqual({ akash: 0.75, grass: 0.25, aethir: 0 })
  })

  it('splits evenly when no listed network has a weight', () => {
    expect(attributeHour(input({ shares: { helium: 5 } }))).toEqual({ akash: 0.5, grass: 0.5 })
    expect(attributeHour(input({ shares: { akash: 0, grass: 0 } }))).toEqual({ akash: 0.5, grass: 0.5 })
  })

  it('leaves a device of an unlisted network, or of none, in the rest', () => {
    const hour = attributeHour(
      input({ deviceKwh: { 'nvidia:GPU-1': 0.4, 'amdgpu:0000:03:00.0': 0.2 }, deviceNetworks: { 'nvidia:GPU-1': 'helium' } }),
    )
    expect(hour).toEqual({ akash: 0.5, grass: 0.5 })
  })

  it('scales devices down to the machine when their sensors read more than the machine drew', () => {
    const hour = attributeHour(
      input({ machineKwh: 0.5, deviceKwh: { a: 0.6, b: 0.4 }, deviceNetworks: { a: 'akash', b: 'grass' } }),
    )
    expect(hour.akash).toBeCloseTo(0.3, 12)
    expect(hour.grass).toBeCloseTo(0.2, 12)
  })

  it('is null for every network in an hour without machine power', () => {
    expect(attributeHour(input({ machineKwh: null, deviceKwh: { a: 1 }, deviceNetworks: { a: 'akash' } }))).toEqual({ akash: null, grass: null })
  })

  it('charges owned hardware its share of the kWh above idle, and nulls it without a baseline', () => {
    const owned = new Set(['akash'])
    expect(attributeHour(input({ owned, idleBaselineKwh: 0.2 }))).toEqual({ akash: 0.4, grass: 0.5 })
    expect(attributeHour(input({ owned, idleBaselineKwh: 1.5 }))).toEqual({ akash: 0, grass: 0.5 })
    expect(attributeHour(input({ owned, idleBaselineKwh: 0.2, machineKwh: 0 }))).toEqual({ akash: 0, grass: 0 })
    expect(attributeHour(input({ owned, idleBaselineKwh: null }))).toEqual({ akash: null, grass: 0.5 })
  })

  it('conserves the machine kWh across networks (full cost)', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const hour = attributeHour(scenario)
        expect(Object.keys(hour).sort()).toEqual([...scenario.networks].sort())
        for (const kwh of Object.values(hour)) expect(kwh).toBeGreaterThanOrEqual(0)
        expect(close(sum(Object.values(hour)), scenario.machineKwh ?? 0)).toBe(true)
      }),
    )
  })

  it('charges owned networks their full share times the fraction above idle', () => {
    fc.assert(
      fc.property(scenarioArb, kwhArb, fc.subarray(networkIds), (scenario, idle, ownedList) => {
        const full = attributeHour(scenario)
        const marginal = attributeHour({ ...scenario, idleBaselineKwh: idle, owned: new Set(ownedList) })
        const machine = scenario.machineKwh ?? 0
        const fraction = machine === 0 ? 0 : Math.max(0, machine - idle) / machine
        for (const network of scenario.networks) {
          const expected = ownedList.includes(network) ? (full[network] ?? 0) * fraction : (full[network] ?? 0)
          expect(close(marginal[network] ?? Number.NaN, expected)).toBe(true)
        }
      }),
    )
  })

  it('refuses negative energy', () => {
    expect(() => attributeHour(input({ machineKwh: -1 }))).toThrow('the machine used -1 kWh; energy is a finite number of 0 or more')
    expect(() => attributeHour(input({ deviceKwh: { 'nvidia:GPU-1': Number.POSITIVE_INFINITY } }))).toThrow(
      'device nvidia:GPU-1 used Infinity kWh; energy is a finite number of 0 or more',
    )
  })
})

describe('describeAttribution', () => {
  const rules = { deviceNetworks: {}, networks: ['akash', 'grass'], shares: {}, owned: new Set<string>(), idleBaselineWatts: null }

  it('names the devices and the share of the rest', () => {
    const gpu = { ...rules, deviceNetworks: { 'nvidia:GPU-1': 'akash' } }
    expect(describeAttribution('akash', gpu)).toBe('manual: GPU nvidia:GPU-1 + 50 % of the rest')
    expect(describeAttribution('grass', gpu)).toBe('manual: 50 % of the rest')
  })

  it('says "of the machine" when no device is assigned', () => {
    expect(describeAttribution('akash', { ...rules, networks: ['akash', 'grass', 'aethir'] })).toBe('manual: 33.3 % of the machine')
    expect(describeAttribution('akash', { ...rules, networks: ['akash'] })).toBe('manual: the whole machine')
  })

  it('says what a zero share with no device leaves', () => {
    const weighted = { ...rules, shares: { grass: 1 }, deviceNetworks: { 'rapl:package-0': 'grass' } }
    expect(describeAttribution('akash', weighted)).toBe('manual: nothing: no device and no share of the machine')
    expect(describeAttribution('grass', weighted)).toBe('manual: device rapl:package-0 + all of the rest')
  })

  it('says when only the watts above idle are charged, or that they are unknown', () => {
    const owned = { ...rules, owned: new Set(['akash']) }
    expect(describeAttribution('akash', { ...owned, idleBaselineWatts: 80 })).toBe('manual: 50 % of the machine, only above the 80 W idle baseline (hardware already owned)')
    expect(describeAttribution('akash', owned)).toBe(
      'manual: 50 % of the machine; hardware already owned, but with no idle baseline set its watts above idle are unknown',
    )
  })

  it('says when the network does not share the machine', () => {
    expect(describeAttribution('helium', rules)).toBe('manual: no power attributed: the network does not share this machine')
  })
})

describe('attribution by node (measured)', () => {
  const profit = { devices: { 'nvidia:GPU-1': 'akash' }, mode: 'nodes' as const }
  const nodes = [{ id: 'akash-provider:container:provider', network: 'akash' }, { id: 'grass-desktop:exe:/usr/bin/grass', network: 'grass' }]

  it('replaces the manual devices with each confirmed node’s measured watts, and only in that mode', () => {
    expect(effectiveAttribution(profit, nodes).devices).toEqual({ 'node:akash-provider:container:provider': 'akash', 'node:grass-desktop:exe:/usr/bin/grass': 'grass' })
    expect(effectiveAttribution({ ...profit, mode: 'manual' as const }, nodes)).toEqual({ ...profit, mode: 'manual' })
    // With no confirmed node there is nothing measured to replace the manual split with.
    expect(effectiveAttribution(profit, [])).toBe(profit)
  })

  it('names the mode and the node in each network’s words', () => {
    const rules = { mode: 'nodes' as const, deviceNetworks: effectiveAttribution(profit, nodes).devices, networks: ['akash', 'grass'], shares: {}, owned: new Set<string>(), idleBaselineWatts: null }
    expect(describeAttribution('akash', rules)).toBe('by node (measured): node akash-provider:container:provider (its measured watts) + 50 % of the rest')
    // The mode is named 'manual' when no node's watts are there to use.
    expect(describeAttribution('akash', { ...rules, deviceNetworks: {} })).toBe('manual: 50 % of the machine')
  })

  it('gives a node’s kWh to its network hour by hour, and the rest by the shares', () => {
    const hour = attributeHour({ machineKwh: 1, deviceKwh: { [nodeDeviceId('akash-provider:container:provider')]: 0.4 }, deviceNetworks: effectiveAttribution(profit, nodes).devices, networks: ['akash', 'grass'], shares: { akash: 1, grass: 3 }, idleBaselineKwh: null, owned: new Set() })
    expect(hour.akash).toBeCloseTo(0.4 + 0.6 * 0.25)
    expect(hour.grass).toBeCloseTo(0.6 * 0.75)
  })
})
