import { useEffect, useId, type ReactNode } from 'react'
import type { NetworkProfit, ProfitSnapshot, ProfitWindow } from '../../../shared/contract/profit.ts'
import type { DeskErrorInfo } from '../../../shared/contract/result.ts'
import { breakEvenWords, figuresOf, kwhSliderTop, moneyOr, netTone, sliderScale, sliderText, windowLabels } from './profit-words.ts'
import { formatPrice } from '../common/token-format.ts'
import { errorFor, FieldError } from '../common/field-error.tsx'
import { useDesk } from '../common/store-context.tsx'

/** Core is asked once a slider rests this long: dragging would otherwise send a call per pixel. */
const whatIfDelayMs = 250

type Token = { symbol: string; price: string | null }

/** Each network token once, with today's price core used. */
function tokensOf(networks: readonly NetworkProfit[]): Token[] {
  const tokens = new Map<string, Token>()
  for (const n of networks) if (!tokens.has(n.token)) tokens.set(n.token, { symbol: n.token, price: n.currentPrice })
  return [...tokens.values()]
}

/**
 * "What if": another electricity price or token prices, recomputed by core (the page computes
 * nothing); nothing is saved. The answer is marked as a what-if wherever it shows.
 */
export function WhatIfPanel({ snapshot }: { snapshot: ProfitSnapshot }): ReactNode {
  const draft = useDesk((s) => s.whatIfDraft)
  const whatIf = useDesk((s) => s.whatIf)
  const error = useDesk((s) => s.whatIfError)
  const window = useDesk((s) => s.profitWindow)
  const reference = useDesk((s) => s.profitSettings?.tariff[0]?.pricePerKwh ?? null)
  const periods = useDesk((s) => s.profitSettings?.tariff.length ?? 0)
  const edit = useDesk((s) => s.editWhatIf)
  const run = useDesk((s) => s.runWhatIf)
  const reset = useDesk((s) => s.resetWhatIf)
  const draftKey = JSON.stringify(draft)

  useEffect(() => {
    const timer = setTimeout(() => void run(), whatIfDelayMs)
    return () => clearTimeout(timer)
  }, [draftKey, run])

  const currency = snapshot.currency
  const tariff = reference === null ? null : periods > 1 ? `your ${periods} tariff periods` : `your ${formatPrice(reference, currency)}/kWh`
  const kwhNote = draft.pricePerKwh === null ? (tariff === null ? 'no tariff set' : `now: ${tariff}`) : `flat rate for every hour${tariff === null ? '' : `, instead of ${tariff}`}`
  const active = draft.pricePerKwh !== null || Object.keys(draft.tokenPrices).length > 0
  return (
    <section aria-labelledby="what-if-heading" className="what-if">
      <div className="section-head">
        <h2 id="what-if-heading">What if</h2>
        {whatIf && (
          <span className="badge what-if-badge" role="status" data-testid="what-if-badge">
            what-if — not your real figures
          </span>
        )}
        <button type="button" className="button button-small" disabled={!active} onClick={reset}>
          Reset what-if
        </button>
      </div>
      <article className="card what-if-card">
        <div className="what-if-controls">
          <PriceControl
            label="Electricity price per kWh"
            value={draft.pricePerKwh}
            reference={reference}
            top={kwhSliderTop(reference, currency)}
            note={kwhNote}
            error={errorFor(error, 'pricePerKwh')}
            onChange={(pricePerKwh) => edit({ pricePerKwh })}
          />
          {tokensOf(snapshot.networks).map((token) => (
            <PriceControl
              key={token.symbol}
              label={`${token.symbol} price`}
              value={draft.tokenPrices[token.symbol] ?? null}
              reference={token.price}
              top={5 * Number(token.price ?? '0')}
              note={token.price === null ? 'no price today' : `today: ${formatPrice(token.price, currency)}`}
              error={errorFor(error, `tokenPrices.${token.symbol}`)}
              onChange={(price) => edit({ token: { symbol: token.symbol, price } })}
            />
          ))}
        </div>
        <OtherError error={error} />
        {whatIf ? (
          <WhatIfTable real={snapshot} whatIf={whatIf} window={window} />
        ) : (
          <p className="detail">Move a slider or type a price: core recomputes every figure at it. Nothing is saved.</p>
        )}
      </article>
    </section>
  )
}

type PriceControlProps = {
  label: string
  value: string | null
  /** Where the slider rests while no what-if price is set. */
  reference: string | null
  top: number
  note: string
  error: string | null
  onChange: (value: string | null) => void
}

/** A slider and a field for one price, both named by the same label; empty: the real price. */
function PriceControl({ label, value, reference, top, note, error, onChange }: PriceControlProps): ReactNode {
  const labelId = useId()
  const scale = sliderScale(top)
  const position = Number(value ?? reference ?? '0')
  return (
    <div className={`what-if-control${value === null ? '' : ' what-if-set'}`}>
      <span id={labelId} className="what-if-label">
        {label}
      </span>
      <input
        type="range"
        min={0}
        max={scale.max}
        step={scale.step}
        value={Number.isFinite(position) ? Math.min(position, scale.max) : 0}
        aria-labelledby={labelId}
        onChange={(e) => onChange(sliderText(Number(e.target.value), scale.digits))}
      />
      <input
        type="text"
        inputMode="decimal"
        value={value ?? ''}
        placeholder={reference ?? 'e.g. 0.30'}
        aria-labelledby={labelId}
        aria-invalid={error !== null}
        onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
      />
      <span className="detail">{note}</span>
      <FieldError text={error} />
    </div>
  )
}

function OtherError({ error }: { error: DeskErrorInfo | null }): ReactNode {
  if (!error || error.field === 'pricePerKwh' || error.field?.startsWith('tokenPrices.')) return null
  return <FieldError text={error.message} />
}

/** Core's what-if beside the real figures, for the total and each network. */
function WhatIfTable({ real, whatIf, window }: { real: ProfitSnapshot; whatIf: ProfitSnapshot; window: ProfitWindow }): ReactNode {
  const currency = whatIf.currency
  const span = windowLabels[window]
  const rows = [
    { id: 'total', name: 'Total', real: figuresOf(real.total, window), whatIf: figuresOf(whatIf.total, window), breakEven: null },
    ...whatIf.networks.map((n) => ({
      id: n.network,
      name: n.name,
      real: figuresOf(real.networks.find((r) => r.network === n.network)?.windows ?? [], window),
      whatIf: figuresOf(n.windows, window),
      breakEven: breakEvenWords(n, currency).text,
    })),
  ]
  return (
    <table className="what-if-table" aria-label="What-if figures">
      <thead>
        <tr>
          <th scope="col">Network</th>
          <th scope="col" className="num">
            Net {span}, real
          </th>
          <th scope="col" className="num">
            Net {span}, what-if
          </th>
          <th scope="col" className="num">
            Per day, what-if
          </th>
          <th scope="col">Break-even, what-if</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-testid="what-if-row" data-network={row.id}>
            <th scope="row">{row.name}</th>
            <td className="num">{moneyOr(row.real?.net ?? null, currency)}</td>
            <td className={`num net-${netTone(row.whatIf?.net ?? null)}`} data-testid="what-if-net">
              {moneyOr(row.whatIf?.net ?? null, currency)}
            </td>
            <td className="num">{moneyOr(row.whatIf?.netPerDay ?? null, currency)}</td>
            <td>{row.breakEven ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
