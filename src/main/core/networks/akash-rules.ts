import type { FactView, WalletView } from '../../../shared/contract/wallets.ts'
import type { AlertRule, AlertState, Finding } from '../alerts/rule.ts'
import { akashProviderLink } from '../alerts/rules/explorer-links.ts'
import { hourMs, liveWallets, minuteMs, num, span, threshold, walletWhere, when } from '../alerts/rules/rule-kit.ts'

/*
 * Akash's own alert rules, over the lease facts akash.ts reads for a provider address: one
 * summary of its leases ('akash.leases': how many active, overdrawn, closed for lack of funds)
 * and one fact per troubled lease ('akash.lease': an escrow payment overdrawn, or a lease the
 * chain closed as insufficient_funds), the most recent first. An address with no lease at all is
 * no provider and has no lease facts, so a plain wallet never fires.
 *
 * How a lease runs dry (akash-network/node x/escrow/keeper/keeper.go, x/market/hooks/hooks.go):
 * the tenant's deployment escrow pays the provider at each settlement (a withdrawal); when it
 * cannot, the payment turns 'overdrawn' with what it still owes as `unsettled`, and the lease is
 * closed with state 'insufficient_funds'. The longer nobody settles, the longer a provider serves
 * a deployment whose escrow is empty.
 */

/** The fact kinds akash.ts reports and these rules read. */
export const leasesKind = 'akash.leases'
export const leaseKind = 'akash.lease'

const akashFacts = (view: WalletView, kind: string): FactView[] => (view.facts ?? []).filter((fact) => fact.kind === kind)

/** A troubled lease's fact says whether the lease is still active (figures.active 1): serving a tenant whose escrow is empty. */
const activeOverdrawn = (fact: FactView): boolean => fact.figures.active === 1

/** A lease fact that turned up, or changed state, at the wallet's latest read: not one already so at its first read. */
const newAtLastRead = (view: WalletView, fact: FactView): boolean => !fact.sinceFirstRead && view.fetchedAt !== null && fact.since === view.fetchedAt

type Dry = { view: WalletView; leases: FactView[] }

function dryLeases(state: AlertState): Dry[] {
  return liveWallets(state)
    .filter((view) => view.wallet.network === 'akash')
    .flatMap((view): Dry[] => {
      const leases = akashFacts(view, leaseKind).filter((fact) => activeOverdrawn(fact) || newAtLastRead(view, fact))
      return leases.length === 0 ? [] : [{ view, leases }]
    })
}

/**
 * A lease whose escrow payment is overdrawn, or that the chain closed as insufficient_funds,
 * since the last read (an event: it stays open half a day so that it is seen); or, for as long
 * as it lasts, an active lease whose escrow is overdrawn.
 */
export const escrowOverdrawn: AlertRule = {
  id: 'akash.escrow-overdrawn',
  name: 'Akash lease ran out of escrow',
  explanation: 'A lease of your provider whose tenant escrow is overdrawn, or that the chain closed for insufficient funds: what it could not pay you is unsettled.',
  severity: 'warning',
  network: 'akash',
  thresholds: [{ key: 'leases', label: 'At least', unit: 'leases at one read', default: 1, min: 1, max: 100 }],
  openAfterMs: () => 0,
  resolveAfterMs: 12 * hourMs,
  cooldownMs: hourMs,
  evaluate(state, thresholds) {
    const limit = threshold(thresholds, 'leases')
    return dryLeases(state).flatMap(({ view, leases }): Finding[] => {
      if (leases.length < limit) return []
      const serving = leases.filter(activeOverdrawn).length
      const named = leases.slice(0, 3).map((fact) => fact.words).join('; ')
      const more = leases.length > 3 ? `; and ${leases.length - 3} more` : ''
      const where = walletWhere(state, view)
      return [
        {
          subject: view.wallet.id,
          ...(serving > 0 ? { severity: 'critical' as const } : {}),
          title: `${where}: ${leases.length} ${leases.length === 1 ? 'lease' : 'leases'} ran out of escrow`,
          message: `${leases.length} ${leases.length === 1 ? 'lease' : 'leases'} of ${where} ran out of tenant escrow (${named}${more}), at or over your limit of ${num(limit, 0)}. ${serving > 0 ? `${serving} still ${serving === 1 ? 'runs' : 'run'} unpaid. ` : ''}What an overdrawn escrow could not pay stays unsettled: you are paid it only if the tenant deposits again. Let provider-services withdraw often (its --withdrawal-period) so that a deployment that ran dry is settled and closed sooner, and look at the tenant's leases on Akash Console.`,
          figure: `${leases.length} ${leases.length === 1 ? 'lease' : 'leases'} overdrawn`,
          threshold: `${num(limit, 0)} ${limit === 1 ? 'lease' : 'leases'}`,
          view: 'wallets',
          network: 'akash',
          walletId: view.wallet.id,
          link: akashProviderLink(view.wallet.address),
        },
      ]
    })
  },
  current(state) {
    const providers = liveWallets(state).filter((view) => akashFacts(view, leasesKind).length > 0)
    if (providers.length === 0) return null
    const dry = dryLeases(state).reduce((sum, entry) => sum + entry.leases.length, 0)
    return dry === 0 ? 'no lease ran out of escrow at the last read' : `${dry} ${dry === 1 ? 'lease' : 'leases'} ran out of escrow at the last read`
  },
}

type Idle = { view: WalletView; fact: FactView; idleMs: number }

function idleProviders(state: AlertState, hours: number): Idle[] {
  return liveWallets(state)
    .filter((view) => view.wallet.network === 'akash')
    .flatMap((view): Idle[] => {
      const fact = akashFacts(view, leasesKind)[0]
      if (fact === undefined || fact.status !== 'idle') return []
      const idleMs = state.now - fact.since
      return idleMs >= hours * hourMs ? [{ view, fact, idleMs }] : []
    })
}

/** A provider address (one with leases on record) with no active lease for N hours. */
export const noActiveLease: AlertRule = {
  id: 'akash.no-active-lease',
  name: 'Akash provider without leases',
  explanation: 'A provider address of yours with no active lease for several hours: no tenant is deploying on it, so it earns nothing.',
  severity: 'warning',
  network: 'akash',
  thresholds: [{ key: 'hours', label: 'No active lease for', unit: 'h', default: 6, min: 1, max: 720 }],
  openAfterMs: () => 0,
  resolveAfterMs: 30 * minuteMs,
  cooldownMs: 6 * hourMs,
  evaluate(state, thresholds) {
    const hours = threshold(thresholds, 'hours')
    return idleProviders(state, hours).map(({ view, fact, idleMs }): Finding => {
      const where = walletWhere(state, view)
      const since = fact.sinceFirstRead ? `at least since ${when(fact.since)}, when it was first read` : `since ${when(fact.since)}`
      const closed = fact.figures.total ?? 0
      return {
        subject: view.wallet.id,
        title: `${where}: no active lease for ${span(idleMs)}`,
        message: `The provider ${where} has had no active lease for ${span(idleMs)} (${since}), past your ${num(hours, 0)} h limit; ${num(closed, 0)} ${closed === 1 ? 'lease' : 'leases'} on record, none active. No tenant is deploying on it. Check that provider-services is running and bidding (its logs show each bid), that its prices are competitive and that its attributes and audit are in place; its status is on Akash Console.`,
        figure: `${span(idleMs)} without an active lease`,
        threshold: `${num(hours, 0)} h`,
        view: 'wallets',
        network: 'akash',
        walletId: view.wallet.id,
        link: akashProviderLink(view.wallet.address),
      }
    })
  },
  current(state, thresholds) {
    const providers = liveWallets(state).filter((view) => akashFacts(view, leasesKind).length > 0)
    if (providers.length === 0) return null
    const active = providers.reduce((sum, view) => sum + (akashFacts(view, leasesKind)[0]?.figures.active ?? 0), 0)
    const idle = idleProviders(state, threshold(thresholds, 'hours')).length
    return `${num(active, 0)} active ${active === 1 ? 'lease' : 'leases'} over ${providers.length} ${providers.length === 1 ? 'provider' : 'providers'}${idle === 0 ? '' : `, ${idle} idle past the limit`}`
  },
}
