import type { ReactNode } from 'react'
import type { AgentReach } from '../../../shared/contract/app.ts'
import { CopyButton } from '../common/copy-button.tsx'
import { CopyableCode } from '../common/copyable-code.tsx'
import { useDesk } from '../common/store-context.tsx'
import { heldToken, HeldToken } from './held-token.tsx'
import { listenWords, networkAgentCommand, tunnelCommand } from './remote-words.ts'

/**
 * Where this page's core is and how another machine reaches it. Only the agent knows its bind
 * and token file (app.info's `agent`); the page knows the address it used and the token it holds.
 */
export function RemoteAccess(): ReactNode {
  const info = useDesk((s) => s.info)
  if (!info) return <p className="empty">Waiting for core…</p>
  if (info.shell === 'desktop' || !info.agent) return <DesktopRemote />
  return <AgentRemote reach={info.agent} />
}

/** The desktop page talks to core inside the app: nothing listens; a rig runs the agent instead. */
function DesktopRemote(): ReactNode {
  return (
    <article className="card settings-card" data-testid="remote-desktop">
      <h3>This window</h3>
      <p>This window talks to core inside the app, not over the network: nothing here listens for other machines.</p>
      <h3>Watching a rig from elsewhere</h3>
      <p>Run the headless agent on the rig, bound to its network:</p>
      <CopyableCode text={networkAgentCommand} label="Command to run the agent on a rig" />
      <p className="detail">
        It prints the address to open and, on its first run, a bearer token, kept in its data directory as <code>agent-token</code>. Open that address with
        its <code>#token=</code> in a browser on your network once; the browser keeps the token.
      </p>
    </article>
  )
}

function AgentRemote({ reach }: { reach: AgentReach }): ReactNode {
  const pageUrl = new URL('/', location.href).href
  const token = heldToken()
  return (
    <>
      <article className="card settings-card" data-testid="remote-agent">
        <h3>This page</h3>
        <dl className="settings-facts">
          <dt>Talks to the agent at</dt>
          <dd>
            <code data-testid="remote-url">{pageUrl}</code> <CopyButton text={pageUrl} label="Copy the agent's address" />
          </dd>
          <dt>The agent listens on</dt>
          <dd data-testid="remote-listen">{listenWords(reach)}</dd>
          <dt>Token</dt>
          <dd data-testid="remote-token-rule">{reach.tokenRequired ? 'required of every caller' : 'not asked: only this machine can call'}</dd>
        </dl>
      </article>
      <article className="card settings-card">
        <h3>From another machine</h3>
        {reach.loopbackOnly ? <LoopbackWays port={reach.port} /> : <NetworkWays reach={reach} />}
      </article>
      {token !== null && (
        <article className="card settings-card">
          <h3>Your token</h3>
          <HeldToken token={token} pageUrl={pageUrl} />
        </article>
      )}
    </>
  )
}

function LoopbackWays({ port }: { port: number }): ReactNode {
  return (
    <>
      <p>Only this machine can reach the agent as it runs now. Either tunnel to it over SSH from the other machine, then open http://127.0.0.1:{port}/ there:</p>
      <CopyableCode text={tunnelCommand(port)} label="SSH tunnel command" />
      <p>Or start it again bound to the network; it then asks every caller for its token, which it prints:</p>
      <CopyableCode text={networkAgentCommand} label="Command to run the agent bound to the network" />
    </>
  )
}

function NetworkWays({ reach }: { reach: AgentReach }): ReactNode {
  return (
    <>
      {reach.urls.length === 0 ? (
        <p className="inline-warning">The agent found no network address on its machine: check its network, then open its address from another machine.</p>
      ) : (
        <>
          <p>Open one of these addresses in a browser on your network:</p>
          <ul className="remote-urls" aria-label="Addresses of this agent">
            {reach.urls.map((url) => (
              <li key={url}>
                <code>{url}</code> <CopyButton text={url} label={`Copy ${url}`} />
              </li>
            ))}
          </ul>
        </>
      )}
      {reach.tokenRequired && (
        <p className="detail">
          Each browser needs the token once: open the address with <code>#token=</code> and the token after it. The token is kept on the agent’s machine in{' '}
          <code data-testid="remote-token-path">{reach.tokenPath ?? 'its data directory'}</code>.
        </p>
      )}
      <p className="detail">Plain http: on a network you do not trust, use an SSH tunnel or a reverse proxy with TLS in front of the agent.</p>
    </>
  )
}
