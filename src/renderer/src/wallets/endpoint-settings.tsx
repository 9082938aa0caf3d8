import { useState, type ReactNode } from 'react'
import type { EndpointInfo } from '../../../shared/contract/wallets.ts'
import { useDesk } from '../common/store-context.tsx'

/** Where core reads each chain: public endpoints by default, or the operator's own RPC URL first. */
export function EndpointSettings(): ReactNode {
  const endpoints = useDesk((s) => s.endpoints)
  return (
    <section aria-labelledby="endpoints-heading">
      <h2 id="endpoints-heading">Endpoints</h2>
      <article className="card">
        <p className="detail">
          Balances are read from public endpoints, which are slow and rate-limited. Your own RPC URL is used first when set; it may hold an API key, so it goes
          to the secret store and only its host is shown here.
        </p>
        {endpoints.length === 0 ? (
          <p className="empty">Waiting for the endpoints core reads…</p>
        ) : (
          <ul className="endpoint-list" aria-label="Endpoints">
            {endpoints.map((endpoint) => (
              <EndpointRow key={endpoint.key} endpoint={endpoint} />
            ))}
          </ul>
        )}
      </article>
    </section>
  )
}

function EndpointRow({ endpoint }: { endpoint: EndpointInfo }): ReactNode {
  const setEndpoint = useDesk((s) => s.setEndpoint)
  const [url, setUrl] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const save = async (next: string | null): Promise<void> => {
    setBusy(true)
    const failure = await setEndpoint(endpoint.key, next)
    setBusy(false)
    setError(failure?.message ?? null)
    // Saved, the URL (and any key in it) leaves the page.
    if (!failure) setUrl('')
  }
  const { label, customHost, defaults } = endpoint
  return (
    <li className="endpoint-row" data-testid="endpoint" data-key={endpoint.key}>
      <div className="endpoint-facts">
        <strong>{label}</strong>
        <p className="detail">public: {defaults.length > 0 ? defaults.join(', ') : 'none'}</p>
        <p className={customHost ? 'detail endpoint-custom' : 'detail'} data-testid="endpoint-custom">
          {customHost ? `yours: ${customHost} (used first)` : 'yours: none set'}
        </p>
      </div>
      <form
        className="endpoint-form"
        onSubmit={(event) => {
          event.preventDefault()
          void save(url.trim())
        }}
      >
        <input
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://…"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          aria-label={`Your own URL for ${label}`}
          aria-invalid={error !== null}
        />
        <button type="submit" className="button button-small" aria-label={`Save URL for ${label}`} disabled={busy || url.trim() === ''}>
          Save
        </button>
        {customHost && (
          <button type="button" className="button button-small button-quiet" aria-label={`Use public ones for ${label}`} disabled={busy} onClick={() => void save(null)}>
            Use public ones
          </button>
        )}
      </form>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </li>
  )
}
