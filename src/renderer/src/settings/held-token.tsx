import { useState, type ReactNode } from 'react'
import { agentTokenKey } from '../api/pick-client.ts'
import { CopyButton } from '../common/copy-button.tsx'
import { maskToken, tokenLink } from './remote-words.ts'

/** The token this browser presented to the agent, if it keeps one; core never sends it. */
export function heldToken(): string | null {
  try {
    return localStorage.getItem(agentTokenKey)
  } catch {
    // Storage refused (a locked-down profile): then the page holds none.
    return null
  }
}

/**
 * The token this browser keeps: masked until revealed, and one click from the clipboard, alone
 * or as the address another browser opens once to keep it too.
 */
export function HeldToken({ token, pageUrl }: { token: string; pageUrl: string }): ReactNode {
  const [shown, setShown] = useState(false)
  const link = tokenLink(pageUrl, token)
  const masked = (text: string): string => (shown ? text : text.replace(token, maskToken(token)))
  return (
    <div className="held-token">
      <dl className="settings-facts">
        <dt>Token this browser keeps</dt>
        <dd>
          <code data-testid="held-token">{masked(token)}</code> <CopyButton text={token} label="Copy the token" />
        </dd>
        <dt>Address with the token</dt>
        <dd>
          <code data-testid="held-token-link">{masked(link)}</code> <CopyButton text={link} label="Copy the address with the token" />
        </dd>
      </dl>
      <p>
        <button type="button" className="button button-small" aria-pressed={shown} onClick={() => setShown(!shown)}>
          {shown ? 'Hide token' : 'Reveal token'}
        </button>
      </p>
      <p className="detail">Anyone with the token can read and change this agent’s settings: share it only with your own machines.</p>
    </div>
  )
}
