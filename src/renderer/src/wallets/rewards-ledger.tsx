import { useState, type ReactNode } from 'react'
import type { RewardEntry, WalletSetting } from '../../../shared/contract/wallets.ts'
import { rewardsShown } from '../store/rewards-slice.ts'
import { formatFiat, formatPrice, formatTokenAmount, formatUnits } from '../common/token-format.ts'
import { shortAddress } from './wallet-words.ts'
import { PayoutForm } from './payout-form.tsx'
import { useDesk } from '../common/store-context.tsx'

const whenFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** Where an event came from, as the operator says it; the title says how core found it. */
const sourceWords: Record<RewardEntry['source'], { text: string; title: string }> = {
  native: { text: 'from the network', title: "the network's own rewards counter rose between two reads" },
  'balance-delta': { text: 'balance increase', title: 'the balance grew between two reads' },
  manual: { text: 'entered by you', title: 'recorded by hand with "Record a payout"' },
  backfill: { text: "from the chain's past", title: 'read from the chain by the backfill, before DePIN Desk watched this wallet' },
}

/**
 * The rewards ledger: every reward core found or the operator entered, newest first, valued at
 * the price of its day; a balance increase that was the operator's own transfer stays listed, as
 * not income. Core books after each wallet read; the store reloads this on every update.
 */
export function RewardsLedger(): ReactNode {
  return (
    <section className="rewards-section" aria-labelledby="rewards-heading">
      <div className="section-head">
        <h2 id="rewards-heading">Rewards</h2>
        <WalletFilter />
      </div>
      <article className="card">
        <RewardsTable />
      </article>
      <article className="card" aria-labelledby="payout-heading">
        <h3 id="payout-heading">Record a payout</h3>
        <PayoutForm />
      </article>
    </section>
  )
}

function WalletFilter(): ReactNode {
  const wallets = useDesk((s) => s.walletSettings)
  const chosen = useDesk((s) => s.rewardsWallet)
  const filter = useDesk((s) => s.filterRewards)
  return (
    <span className="inline-field">
      <label htmlFor="rewards-wallet">Wallet</label>
      <select id="rewards-wallet" value={chosen ?? ''} onChange={(e) => filter(e.target.value === '' ? null : e.target.value)}>
        <option value="">All wallets</option>
        {(wallets ?? []).map((w) => (
          <option key={w.id} value={w.id}>
            {w.label}
          </option>
        ))}
      </select>
    </span>
  )
}

function RewardsTable(): ReactNode {
  const rewards = useDesk((s) => s.rewards)
  const loaded = useDesk((s) => s.rewardsLoaded)
  const error = useDesk((s) => s.rewardsError)
  const filtered = useDesk((s) => s.rewardsWallet !== null)
  const wallets = useDesk((s) => s.walletSettings)
  const networks = useDesk((s) => s.networks)
  const problem = error && (
    <p className="inline-error" role="alert">
      Could not read the ledger: {error}
    </p>
  )
  if (!loaded) return problem || <p className="empty">Reading the ledger…</p>
  if (rewards.length === 0) {
    return (
      <>
        {problem}
        <div className="empty" data-testid="rewards-empty">
          <p>{filtered ? 'No reward recorded for this wallet yet.' : 'No reward recorded yet.'}</p>
          <p className="detail">
            DePIN Desk compares each read of a wallet with the one before: a balance that grew, or a network&apos;s own rewards counter that rose,
            is booked here as a reward. A wallet&apos;s first read is the baseline, so its rewards show from the next read on; what it received
            before is read from the chain&apos;s past where the network has a public history (each wallet&apos;s History before its first read).
            Payouts the chain cannot show can be recorded below.
          </p>
        </div>
      </>
    )
  }
  return (
    <>
      {problem}
      <div className="table-scroll">
        <table className="rewards" aria-label="Rewards">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Network</th>
              <th scope="col">Wallet</th>
              <th scope="col">Token</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col" className="num">
                Price then
              </th>
              <th scope="col" className="num">
                Value then
              </th>
              <th scope="col">Source</th>
              <th scope="col">Counts as</th>
            </tr>
          </thead>
          <tbody>
            {rewards.map((entry) => (
              <RewardRow
                key={entry.id}
                entry={entry}
                wallet={wallets?.find((w) => w.id === entry.walletId)}
                networkName={networks.find((n) => n.id === entry.network)?.name ?? entry.network}
              />
            ))}
          </tbody>
        </table>
      </div>
      <p className="detail">
        Each value is at the price when core found the reward (a payout you record: the price when you record it); an entry read from the
        chain&apos;s past is valued at its day&apos;s price and says &ldquo;daily price&rdquo;. A balance that went down is your own doing, never a
        loss, and is not listed. Your own moves between units (alpha unstaked for TAO, ACT burned for AKT) are listed as not income; each
        entry says the rule that decided it. An inflow is a receipt from no known reward source: it is not income until you count it as a
        reward or mark it as your own transfer.
        {rewards.length >= rewardsShown && ` Showing the newest ${rewardsShown}.`}
      </p>
    </>
  )
}

function RewardRow({ entry, wallet, networkName }: { entry: RewardEntry; wallet: WalletSetting | undefined; networkName: string }): ReactNode {
  const transfer = entry.classification === 'transfer'
  const source = sourceWords[entry.source]
  return (
    <tr className={transfer ? 'reward-transfer' : undefined} data-testid="reward-row" data-id={entry.id} data-classification={entry.classification}>
      <td>
        <time dateTime={new Date(entry.at).toISOString()}>{whenFormat.format(entry.at)}</time>
      </td>
      <td>{networkName}</td>
      <td title={entry.address}>{wallet?.label ?? `removed wallet ${shortAddress(entry.address)}`}</td>
      <th scope="row">{entry.token}</th>
      <td className="num reward-money" data-testid="reward-amount" title={`${formatUnits(entry.amount, entry.decimals)} ${entry.token}`}>
        {formatTokenAmount(entry.amount, entry.decimals)}
      </td>
      <td className="num" data-testid="reward-price">
        {entry.price === null ? 'no price' : formatPrice(entry.price, entry.currency)}
        <span className="detail reward-pricing" data-testid="reward-pricing">
          {entry.pricing === 'daily' ? 'daily price' : 'price at receipt'}
        </span>
      </td>
      <td className="num reward-money" data-testid="reward-value">
        {entry.fiat === null ? 'no price' : formatFiat(entry.fiat, entry.currency)}
      </td>
      <td data-testid="reward-source" title={source.title}>
        {source.text}
        {entry.source !== 'manual' && (
          <span className="detail reward-rule" data-testid="reward-rule">
            {entry.rule ?? source.title}
          </span>
        )}
      </td>
      <td>
        <Classification entry={entry} />
      </td>
    </tr>
  )
}

/**
 * Income, or the operator's own transfer in. A network's own counter only counts rewards, so its
 * events have no switch; a balance increase may be either, and a payout entered by mistake is
 * taken back the same way. An inflow from the chain's past is neither until the operator says.
 */
function Classification({ entry }: { entry: RewardEntry }): ReactNode {
  const reclassify = useDesk((s) => s.reclassifyReward)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const transfer = entry.classification !== 'reward'
  const mark = async (classification: 'reward' | 'transfer'): Promise<void> => {
    setBusy(true)
    const failure = await reclassify(entry.id, classification)
    setBusy(false)
    setError(failure?.message ?? null)
  }
  return (
    <div className="reward-class">
      {entry.classification === 'inflow' ? (
        <span className="pill pill-warn" data-testid="reward-class" title="received from no known reward source: mark it a reward if it was one">
          inflow, not yet income
        </span>
      ) : transfer ? (
        <span className="pill pill-warn" data-testid="reward-class">
          not income
        </span>
      ) : (
        <span className="detail" data-testid="reward-class">
          income
        </span>
      )}
      {entry.source !== 'native' && (
        <button
          type="button"
          className="button button-small button-quiet"
          aria-label={transfer ? `Count as reward (#${entry.id})` : `Mark as my own transfer (#${entry.id})`}
          disabled={busy}
          onClick={() => void mark(transfer ? 'reward' : 'transfer')}
        >
          {transfer ? 'Count as reward' : 'Mark as my own transfer'}
        </button>
      )}
      {entry.classification === 'inflow' && (
        <button
          type="button"
          className="button button-small button-quiet"
          aria-label={`Mark as my own transfer (#${entry.id})`}
          disabled={busy}
          onClick={() => void mark('transfer')}
        >
          Mark as my own transfer
        </button>
      )}
      {error && (
        <span className="inline-error" role="alert">
          {error}
        </span>
      )}
    </div>
  )
}
