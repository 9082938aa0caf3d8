import { isRecord } from '../is-record.ts'
import { createHash } from 'node:crypto'
import { getBase58Decoder, getBase58Encoder } from '@solana/kit'
import { checkSolanaAddress, splHoldingsRead, splToken } from '../chains/solana.ts'
import { FetchFault, hostOf } from '../net/chain-http.ts'
import type { WalletView } from '../../../shared/contract/wallets.ts'
import type { HistorySource } from '../holdings/history-source.ts'
import type { AddressCheck, Holding, ReadContext } from '../holdings/holding.ts'
import type { AlertRule, AlertState, Finding } from '../alerts/rule.ts'
import { explorerLink } from '../alerts/rules/explorer-links.ts'
import { hourMs, isReward, liveWallets, num, span, threshold, walletWhere, when } from '../alerts/rules/rule-kit.ts'
import type { NetworkModule } from './network-module.ts'

/*
 * Helium: HNT, IOT and MOBILE balances on Solana, plus the Hotspot rewards the HNT oracle holds
 * for the wallet until they are claimed. Mints from https://docs.helium.com/solana/migration/exchange.
 * Since HIP-138 Hotspots earn HNT; IOT and MOBILE are shown as the legacy holdings they are.
 */

const HNT = splToken({
  symbol: 'HNT',
  name: 'Helium',
  decimals: 8,
  mint: 'hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux',
  priceIds: { coingecko: 'helium', coinpaprika: 'hnt-helium' },
})
const IOT = splToken({ symbol: 'IOT', name: 'Helium IOT (legacy)', decimals: 6, mint: 'iotEVVZLEywoTn1QdwNPddxPWszn3zFhEot3MfL9fns', priceIds: { coingecko: 'helium-iot' } })
const MOBILE = splToken({
  symbol: 'MOBILE',
  name: 'Helium Mobile (legacy)',
  decimals: 6,
  mint: 'mb1eu7TzEc71KxDpsmsKoucSSuuoGLv1drys1oP2jh6',
  priceIds: { coingecko: 'helium-mobile', coinpaprika: 'mobile-helium-mobile' },
})
const tokens = [HNT, IOT, MOBILE]

/*
 * Hotspot rewards not growing for a day. The oracle's lifetime figure is income here (rewards
 * source 'native'), so each rise of it is a reward in the ledger: no HNT reward booked for N hours
 * means lifetime, and so pending, stood still. Judged only for a wallet read live (the oracle part
 * answering), watched for longer than N hours, whose Hotspots have earned before.
 */
type Flat = { view: WalletView; last: number | null; quietMs: number }

function flatWallets(state: AlertState, hours: number): Flat[] {
  const windowMs = hours * hourMs
  return liveWallets(state).flatMap((view): Flat[] => {
    const hasEarned = view.holdings.some((h) => h.kind === 'earned' && h.token === HNT.symbol && h.amount !== '0')
    if (view.wallet.network !== 'helium' || !hasEarned || state.now - view.wallet.addedAt < windowMs) return []
    const last = state.rewards.find((entry) => entry.walletId === view.wallet.id && isReward(entry) && entry.source === 'native')?.at ?? null
    const quietMs = state.now - (last ?? view.wallet.addedAt)
    return quietMs >= windowMs ? [{ view, last, quietMs }] : []
  })
}

const rewardsFlat: AlertRule = {
  id: 'helium.rewards-flat',
  name: 'Helium rewards not growing',
  explanation: 'Hotspot rewards (the oracle’s lifetime and pending HNT) not growing for a day: a Hotspot offline, relocated or not witnessed.',
  severity: 'warning',
  network: 'helium',
  thresholds: [{ key: 'hours', label: 'Not growing for', unit: 'h', default: 24, min: 6, max: 168 }],
  openAfterMs: () => 0,
  resolveAfterMs: hourMs,
  cooldownMs: 6 * hourMs,
  evaluate(state, thresholds) {
    const hours = threshold(thresholds, 'hours')
    return flatWallets(state, hours).map(({ view, last, quietMs }): Finding => ({
      subject: view.wallet.id,
      title: `${walletWhere(state, view)}: Hotspot rewards not growing`,
      message: `The Hotspot rewards of ${walletWhere(state, view)} have not grown for ${span(quietMs)}${last === null ? '' : ` (last at ${when(last)})`}, past your ${num(hours, 0)} h limit, while the wallet reads live. Check the Hotspots in Helium Wallet or the Helium explorer: online, asserted location, witnesses and data transfer.`,
      figure: `${span(quietMs)} without growth`,
      threshold: `${num(hours, 0)} h`,
      view: 'wallets',
      network: 'helium',
      walletId: view.wallet.id,
      link: explorerLink('solana', view.wallet.address),
    }))
  },
  current(state, thresholds) {
    const watched = liveWallets(state).filter((view) => view.wallet.network === 'helium')
    if (watched.length === 0) return null
    return `${watched.length - flatWallets(state, threshold(thresholds, 'hours')).length} of ${watched.length} Helium wallets growing`
  },
}

/*
 * Helium's past is the oracle's lifetime figure, the one read the live ledger books rewards from:
 * the oracle keeps no dated history, so what the wallet's Hotspots earned before tracking is one
 * opening entry, dated just before the baseline read. HNT claimed from the lazy distributor
 * (program 1azyuavdMyvsivtNxPoz6SucTQZnJ8y1ZsU1ojkS5Y7) is not read from the chain and booked
 * as well: a claim moves those same rewards from the oracle into the wallet, so booking it
 * would count them twice. IOT and MOBILE have no lifetime figure here (their oracles are not read).
 */
const openingRule = 'opening balance: lifetime rewards the Helium oracle reports from before tracking'

const history: HistorySource = {
  reach:
    'Helium’s rewards oracle keeps no dated history: the HNT your Hotspots earned before tracking (its lifetime figure) is booked as one opening reward, dated just before tracking began and valued at that day’s price. Claims of those rewards into the wallet are not booked again.',
  async page(ctx, address, window) {
    const { value } = await readOracle(ctx, address)
    const inflows =
      value.lifetime > 0n
        ? [{ id: `opening:${HNT.symbol}`, token: HNT.symbol, amount: value.lifetime, decimals: HNT.decimals, at: window.toMs - 1, classification: 'reward' as const, rule: openingRule, opening: true as const }]
        : []
    return { inflows, cursor: null, reachedMs: window.fromMs, requests: 1, outOfReach: 'the rewards oracle gives only a lifetime total, booked as one opening entry; what it holds is not dated' }
  },
}

export const helium: NetworkModule = {
  info: {
    id: 'helium',
    name: 'Helium',
    chain: 'solana',
    tokens,
    addressHint: 'your Solana wallet address (base58, 32–44 characters): in Helium Wallet, Settings → Copy Solana address',
    rewards: {
      source: 'native',
      note: 'Hotspot rewards accrue in Helium’s rewards oracle (pending and lifetime, in HNT) until claimed; a claim moves them into the wallet’s HNT balance.',
    },
    payout: {
      kind: 'on-claim',
      expectedEveryHours: null,
      note: 'Rewards accrue to each Hotspot daily and reach the wallet when claimed (by hand in Helium Wallet, or by automatic claims if set up).',
    },
  },
  endpoints: ['solana', 'helium-oracle'],
  parts: ['main', 'oracle'],
  checkAddress: checkHeliumAddress,
  async read(ctx, address) {
    // The oracle is extra: when it fails the balances still stand, without the reward figures.
    const [balances, oracle] = await Promise.all([
      splHoldingsRead(ctx, address, tokens),
      oracleRewards(ctx, address).catch((error: unknown) => {
        if (error instanceof FetchFault) return error
        throw error
      }),
    ])
    if (oracle instanceof FetchFault) return { ...balances, failed: [{ part: 'oracle', problem: `rewards oracle: ${oracle.message}` }] }
    return { holdings: [...balances.holdings, ...oracle.holdings], hosts: [...balances.hosts, oracle.host] }
  },
  alertRules: [rewardsFlat],
  history,
}

/**
 * `GET {oracle}/rewards?owner=` (helium-program-library, distributor-oracle server.ts) answers
 * `{ lifetime, pending }` as strings of HNT base units over all of the owner's Hotspots.
 */
async function oracleRewards(ctx: ReadContext, owner: string): Promise<{ holdings: Holding[]; host: string }> {
  const { value, host } = await readOracle(ctx, owner)
  return {
    holdings: [
      { token: 'HNT', kind: 'pending-reward', key: 'oracle', amount: value.pending, decimals: HNT.decimals, detail: 'Hotspot rewards not yet claimed', part: 'oracle' },
      { token: 'HNT', kind: 'earned', key: 'oracle', amount: value.lifetime, decimals: HNT.decimals, detail: 'Hotspot rewards to date', part: 'oracle' },
    ],
    host,
  }
}

function readOracle(ctx: ReadContext, owner: string): Promise<{ value: { lifetime: bigint; pending: bigint }; host: string }> {
  return ctx.pool('helium-oracle').call(async (url) => {
    const base = url.replace(/\/+$/, '')
    const body = await ctx.http.getJson(`${base}/rewards?owner=${encodeURIComponent(owner)}`, { signal: ctx.signal })
    const lifetime = isRecord(body) ? baseUnits(body.lifetime) : null
    const pending = isRecord(body) ? baseUnits(body.pending) : null
    if (lifetime === null || pending === null) throw new FetchFault('malformed', hostOf(url), `${hostOf(url)} answered /rewards without lifetime and pending amounts`)
    return { lifetime, pending }
  })
}

/** The oracle sums in SQL and subtracts claims, so a lagging index can give a negative pending: nothing is pending then. */
function baseUnits(value: unknown): bigint | null {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value
  if (typeof text !== 'string' || !/^-?\d{1,40}$/.test(text)) return null
  const amount = BigInt(text)
  return amount < 0n ? 0n : amount
}

const copySolanaAddress = 'In Helium Wallet, Settings → Copy Solana address gives the address to paste.'

/**
 * A Solana address, or a legacy Helium (L1) wallet address: version 0, a net/key-type byte, the
 * 32-byte key and a double-SHA-256 checksum (helium-js packages/address). An L1 ed25519 wallet key
 * is the same key on Solana, so it is accepted and saved as its Solana address.
 */
export function checkHeliumAddress(input: string): AddressCheck {
  const text = input.trim()
  if (!/^1[1-9A-HJ-NP-Za-km-z]{46,52}$/.test(text)) return checkSolanaAddress(input)
  const bytes = getBase58Encoder().encode(text)
  if (bytes.length !== 38 || bytes[0] !== 0) return checkSolanaAddress(input)
  const sum = createHash('sha256').update(createHash('sha256').update(bytes.subarray(0, 34)).digest()).digest()
  if (!sum.subarray(0, 4).equals(bytes.subarray(34))) return { ok: false, message: `This looks like a legacy Helium (L1) address, but its checksum does not match: a character is wrong. ${copySolanaAddress}` }
  const keyByte = bytes[1] ?? 0
  if ((keyByte & 0xf0) !== 0) return { ok: false, message: `This is a Helium testnet address; only mainnet wallets earn. ${copySolanaAddress}` }
  if ((keyByte & 0x0f) === 0) return { ok: false, message: `This is a Hotspot’s key, not a wallet: paste the Solana address of the wallet that owns the Hotspot. ${copySolanaAddress}` }
  if ((keyByte & 0x0f) !== 1) return { ok: false, message: `This legacy Helium address is not a single ed25519 wallet key, so it has no Solana address. ${copySolanaAddress}` }
  const solana = getBase58Decoder().decode(bytes.subarray(2, 34))
  return { ok: true, address: solana, note: `This is a legacy Helium (L1) address; since the Solana migration the same wallet is ${solana}, which is what will be watched.` }
}
