import { useState, type ReactNode } from 'react'
import { currencies } from '../../../shared/contract/wallet-lists.ts'
import type { Currency, PriceQuote } from '../../../shared/contract/wallets.ts'
import { formatPrice } from '../common/token-format.ts'
import { priceTokens } from './wallet-views.ts'
import { priceProvenance, priceSourceName } from './wallet-words.ts'
import { useDesk } from '../common/store-context.tsx'
import { useNow } from '../common/use-now.ts'

const currencyNames = new Intl.DisplayNames(undefined, { type: 'currency' })

/** The prices every value stands on, where each came from and how fresh it is; and the operator's own. */
export function PriceTable(): ReactNode {
  const snapshot = useDesk((s) => s.walletsSnapshot)
  const overrides = useDesk((s) => s.priceOverrides)
  const currency = useDesk((s) => s.currency)
  const now = useNow(15_000)
  const tokens = priceTokens(snapshot, overrides)
  return (
    <section aria-labelledby="prices-heading">
      <div className="section-head">
        <h2 id="prices-heading">Prices</h2>
        <CurrencySelect />
      </div>
      <article className="card">
        {tokens.length === 0 ? (
          <p className="empty">Prices appear here for the tokens your wallets hold.</p>
        ) : (
          <table className="prices" aria-label="Prices">
            <thead>
              <tr>
                <th scope="col">Token</th>
                <th scope="col" className="num">
                  Price
                </th>
                <th scope="col">Source</th>
                <th scope="col">Freshness</th>
                <th scope="col">Your price ({currency.toUpperCase()})</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <PriceRow key={token} token={token} quote={snapshot?.prices.find((q) => q.token === token) ?? null} override={overrides[token] ?? null} now={now} />
              ))}
            </tbody>
          </table>
        )}
        <p className="detail">Your own price wins over every feed, in the currency chosen here, until you clear it.</p>
      </article>
    </section>
  )
}

function PriceRow({ token, quote, override, now }: { token: string; quote: PriceQuote | null; override: string | null; now: number }): ReactNode {
  const setPriceOverride = useDesk((s) => s.setPriceOverride)
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const save = async (price: string | null): Promise<void> => {
    setBusy(true)
    const failure = await setPriceOverride(token, price)
    setBusy(false)
    setError(failure?.message ?? null)
    if (!failure) setText('')
  }
  const state = quote?.freshness ?? 'none'
  return (
    <tr className={`price-${state}`} data-testid="price-row">
      <th scope="row">{token}</th>
      <td className="num" data-testid="price">
        {quote ? formatPrice(quote.price, quote.currency) : 'no price'}
      </td>
      <td>{quote ? priceSourceName(quote.source) : '—'}</td>
      <td className={`price-freshness provenance-${quote === null || quote.freshness === 'cached' ? 'stale' : 'live'}`}>
        {quote ? priceProvenance(quote, now) : 'no feed has it: set your own'}
        {quote?.warning && (
          <span className="price-warning" role="note">
            {quote.warning}
          </span>
        )}
      </td>
      <td>
        <form
          className="price-override"
          onSubmit={(event) => {
            event.preventDefault()
            void save(text.trim())
          }}
        >
          <input
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={override ?? 'e.g. 1.25'}
            inputMode="decimal"
            aria-label={`Your price for ${token}`}
            aria-invalid={error !== null}
          />
          <button type="submit" className="button button-small" aria-label={`Set ${token} price`} disabled={busy || text.trim() === ''}>
            Set
          </button>
          {override !== null && (
            <button type="button" className="button button-small button-quiet" aria-label={`Clear ${token} price`} disabled={busy} onClick={() => void save(null)}>
              Clear
            </button>
          )}
        </form>
        {error && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
      </td>
    </tr>
  )
}

/** The currency every figure is valued in; core values everything again in the new one. */
function CurrencySelect(): ReactNode {
  const currency = useDesk((s) => s.currency)
  const setCurrency = useDesk((s) => s.setCurrency)
  const [error, setError] = useState<string | null>(null)
  const choose = async (next: Currency): Promise<void> => setError((await setCurrency(next))?.message ?? null)
  return (
    <span className="inline-field">
      <label htmlFor="currency-select">Currency</label>
      <select
        id="currency-select"
        value={currency}
        onChange={(e) => {
          const next = currencies.find((c) => c === e.target.value)
          if (next) void choose(next)
        }}
      >
        {currencies.map((c) => (
          <option key={c} value={c}>
            {c.toUpperCase()} · {currencyNames.of(c.toUpperCase())}
          </option>
        ))}
      </select>
      {error && (
        <span className="inline-error" role="alert">
          {error}
        </span>
      )}
    </span>
  )
}
