import { describe, expect, it } from 'vitest'
import type { AlertRule } from '../../../../src/main/core/alerts/rule.ts'
import { akash } from '../../../../src/main/core/networks/akash.ts'
import type { FactView } from '../../../../src/shared/contract/wallets.ts'
import { fact, hour, minute, now, snapshot, state, thresholds, wallet } from './state.ts'

/*
 * Akash's own rules over the lease facts of a provider's last read: a lease that ran out of
 * escrow since that read (or an active lease overdrawn, for as long as it lasts), and a provider
 * with no active lease for N hours. A wallet without lease facts is no provider and never fires.
 */

function ruleNamed(id: string): AlertRule {
  const rule = akash.alertRules?.find((r) => r.id === id)
  if (rule === undefined) throw new Error(`akash declares ${id}`)
  return rule
}
const escrow = ruleNamed('akash.escrow-overdrawn')
const idle = ruleNamed('akash.no-active-lease')

const readAt = now - 5 * minute
const summary = (overrides: Partial<FactView> = {}): FactView =>
  fact('akash.leases', { status: 'leasing', summary: true, words: '1 active lease', figures: { active: 1, activeOverdrawn: 0, overdrawn: 0, insufficientFunds: 0, total: 4 }, ...overrides })
const dry = (dseq: string, overrides: Partial<FactView> = {}): FactView =>
  fact('akash.lease', {
    key: `akash1tenant/${dseq}/1/1`,
    status: 'insufficient_funds/overdrawn',
    words: `lease ${dseq} of tenant akash1tena…nant: closed for insufficient funds at block 25990000, 2.4133 ACT unsettled`,
    figures: { active: 0, closedOn: 25_990_000 },
    amount: { token: 'ACT', amount: '2413301', decimals: 6 },
    since: readAt,
    ...overrides,
  })
const provider = (facts: FactView[], overrides: Parameters<typeof wallet>[1] = {}): ReturnType<typeof wallet> =>
  wallet('akash', { label: 'Provider', address: 'akash19zzh7whjt4vfwxd5wtj3tjtyatnpntfhldshd8', fetchedAt: readAt, facts, ...overrides })

describe('akash.escrow-overdrawn', () => {
  it.each([
    ['closed for lack of funds at the last read', [dry('1')], 1],
    ['two of them', [dry('1'), dry('2')], 1],
    ['closed so at a read before the last', [dry('1', { since: readAt - hour })], 0],
    ['already so at the provider’s first read', [dry('1', { sinceFirstRead: true })], 0],
  ])('%s: %i finding', (_, leases, count) => {
    expect(escrow.evaluate(state({ wallets: snapshot([provider([summary(), ...leases])]) }), thresholds(escrow))).toHaveLength(count)
  })

  it.each([
    [1, 1],
    [2, 1],
    [3, 0],
  ])('two leases dry against a limit of %i leases: %i finding', (limit, count) => {
    const view = provider([summary(), dry('1'), dry('2')])
    expect(escrow.evaluate(state({ wallets: snapshot([view]) }), thresholds(escrow, { leases: limit }))).toHaveLength(count)
  })

  it('an active lease with its escrow overdrawn fires for as long as it lasts, as critical', () => {
    const serving = dry('7', { status: 'active/overdrawn', figures: { active: 1, closedOn: 0 }, since: readAt - 3 * hour, words: 'lease 7 of tenant akash1tena…nant: active with its escrow overdrawn' })
    const [finding] = escrow.evaluate(state({ wallets: snapshot([provider([summary(), serving])]) }), thresholds(escrow))
    expect(finding).toMatchObject({ severity: 'critical', figure: '1 lease overdrawn' })
    expect(finding?.message).toMatch(/1 still runs unpaid/)
  })

  it('says which leases, against the limit, what unsettled means and what to do, with the provider’s Console page', () => {
    const [finding] = escrow.evaluate(state({ wallets: snapshot([provider([summary(), dry('25900001')])]) }), thresholds(escrow))
    expect(finding).toMatchObject({
      network: 'akash',
      figure: '1 lease overdrawn',
      threshold: '1 lease',
      link: 'https://console.akash.network/providers/akash19zzh7whjt4vfwxd5wtj3tjtyatnpntfhldshd8',
    })
    expect(finding?.severity).toBeUndefined()
    expect(finding?.message).toMatch(/1 lease of Akash wallet “Provider” ran out of tenant escrow \(lease 25900001 .*2\.4133 ACT unsettled\), at or over your limit of 1\..*unsettled.*--withdrawal-period/)
  })

  it('never fires for a wallet with no lease facts, nor one that cannot be read', () => {
    const plain = wallet('akash', { fetchedAt: readAt })
    expect(escrow.evaluate(state({ wallets: snapshot([plain]) }), thresholds(escrow))).toEqual([])
    expect(escrow.current(state({ wallets: snapshot([plain]) }), thresholds(escrow))).toBeNull()
    expect(escrow.evaluate(state({ wallets: snapshot([provider([summary(), dry('1')], { freshness: 'stale' })]) }), thresholds(escrow))).toEqual([])
    expect(escrow.current(state({ wallets: snapshot([provider([summary(), dry('1')])]) }), thresholds(escrow))).toBe('1 lease ran out of escrow at the last read')
  })
})

describe('akash.no-active-lease', () => {
  const idleSince = (ago: number, overrides: Partial<FactView> = {}): ReturnType<typeof state> =>
    state({ wallets: snapshot([provider([summary({ status: 'idle', words: '0 active leases', figures: { active: 0, total: 4 }, since: now - ago, ...overrides })])]) })

  it.each([
    [6 * hour - minute, 0],
    [6 * hour, 1],
    [30 * hour, 1],
  ])('idle for %i ms against the default 6 h: %i finding', (ago, count) => {
    expect(idle.evaluate(idleSince(ago), thresholds(idle))).toHaveLength(count)
  })

  it('takes the operator’s hours, within 1 to 720', () => {
    expect(idle.evaluate(idleSince(7 * hour), thresholds(idle, { hours: 12 }))).toEqual([])
    expect(idle.thresholds[0]).toMatchObject({ key: 'hours', default: 6, min: 1, max: 720 })
  })

  it('a provider with an active lease, or an address with no leases, never fires', () => {
    expect(idle.evaluate(state({ wallets: snapshot([provider([summary({ since: now - 40 * hour })])]) }), thresholds(idle))).toEqual([])
    expect(idle.evaluate(state({ wallets: snapshot([wallet('akash', { addedAt: now - 90 * 24 * hour })]) }), thresholds(idle))).toEqual([])
  })

  it('says how long, since when (at least, when idle at the first read), the limit and what to check', () => {
    const [known] = idle.evaluate(idleSince(7 * hour), thresholds(idle))
    expect(known).toMatchObject({ figure: '7 h without an active lease', threshold: '6 h', link: expect.stringContaining('console.akash.network/providers/') })
    expect(known?.message).toMatch(/The provider Akash wallet “Provider” has had no active lease for 7 h \(since .* UTC\), past your 6 h limit; 4 leases on record, none active\..*provider-services/)
    const [firstRead] = idle.evaluate(idleSince(7 * hour, { sinceFirstRead: true }), thresholds(idle))
    expect(firstRead?.message).toMatch(/at least since .* UTC, when it was first read/)
  })

  it('current sums active leases over the providers', () => {
    expect(idle.current(state({ wallets: snapshot([provider([summary()])]) }), thresholds(idle))).toBe('1 active lease over 1 provider')
    expect(idle.current(idleSince(8 * hour), thresholds(idle))).toBe('0 active leases over 1 provider, 1 idle past the limit')
  })
})
