import { useEffect, type ReactNode } from 'react'
import { formatWatts } from '../common/format.ts'
import { useDesk } from '../common/store-context.tsx'
import { formatFiat } from '../common/token-format.ts'
import { figuresOf, moneyOr, netTone } from '../profit/profit-words.ts'
import { useChosenInfo } from './networks-step.tsx'
import { missingInputs, type MissingInput } from './wizard-steps.ts'

const toneWords = { gain: 'profit', loss: 'loss', even: 'even', unknown: 'not known yet' } as const

/**
 * Step 9: the first figures core has (what the wallets hold, today's net, the machine's watts), and
 * each input the figures still lack, with a link to where it is given. Finish goes to the dashboard.
 */
export function DoneStep({ active }: { active: boolean }): ReactNode {
  const loadProfit = useDesk((s) => s.loadProfit)
  useEffect(() => {
    if (active) void loadProfit()
  }, [active, loadProfit])
  return (
    <>
      <FirstFigures />
      <MissingList missing={useMissingInputs()} />
    </>
  )
}

function FirstFigures(): ReactNode {
  const wallets = useDesk((s) => s.walletsSnapshot)
  const profit = useDesk((s) => s.profit)
  const sample = useDesk((s) => s.latest)
  const currency = useDesk((s) => s.currency)
  const today = profit && profit.networks.length > 0 ? figuresOf(profit.total, 'today') : null
  const net = today?.net ?? null
  const power = sample?.power.total ?? null
  return (
    <dl className="wizard-figures" aria-label="First figures">
      <div>
        <dt>Wallets hold</dt>
        <dd data-testid="setup-balances">
          {wallets === null || wallets.wallets.length === 0
            ? 'no wallet yet'
            : wallets.total.fiat === null
              ? 'being read…'
              : `${formatFiat(wallets.total.fiat, wallets.currency)}${wallets.total.partial ? ' (partial: some holdings have no price)' : ''}`}
        </dd>
      </div>
      <div>
        <dt>Net today</dt>
        <dd data-testid="setup-net" data-tone={netTone(net)}>
          {today === null ? 'not known yet' : `${moneyOr(net, profit?.currency ?? currency)} (${toneWords[netTone(net)]})`}
        </dd>
      </div>
      <div>
        <dt>Machine power</dt>
        <dd data-testid="setup-watts">{power?.totalWatts == null ? 'no reading yet' : `${formatWatts(power.totalWatts)}, ${power.kind}`}</dd>
      </div>
    </dl>
  )
}

function useMissingInputs(): MissingInput[] {
  const networks = useChosenInfo()
  const wallets = useDesk((s) => s.walletSettings)
  const profitSettings = useDesk((s) => s.profitSettings)
  const plugs = useDesk((s) => s.plugs)
  const powerKind = useDesk((s) => s.latest?.power.total.kind ?? null)
  const channels = useDesk((s) => s.alertsSettings?.channels.length ?? null)
  return missingInputs({
    networks,
    wallets: wallets ?? [],
    tariff: profitSettings?.tariff ?? null,
    costs: profitSettings?.costs ?? null,
    idleBaselineWatts: profitSettings?.idleBaselineWatts ?? null,
    plugs: plugs.length,
    powerKind,
    channels,
  })
}

function MissingList({ missing }: { missing: MissingInput[] }): ReactNode {
  if (missing.length === 0) {
    return (
      <p className="wizard-complete" data-testid="setup-missing-none">
        <span aria-hidden="true">✓ </span>Nothing missing: every figure has what it needs.
      </p>
    )
  }
  return (
    <section className="wizard-missing" aria-labelledby="setup-missing-heading">
      <h3 id="setup-missing-heading">Still missing</h3>
      <p className="detail">The figures work without these, with what each leaves unknown. Each can be given at any time in Settings.</p>
      <ul aria-labelledby="setup-missing-heading">
        {missing.map((m) => (
          <li key={m.id} data-testid="setup-missing" data-missing={m.id}>
            <span>{m.text}</span> <a href={m.href}>{m.fix}</a>
          </li>
        ))}
      </ul>
    </section>
  )
}
