import type { ReactNode } from 'react'
import { viewHashes } from '../app/route.ts'
import { CopyButton } from '../common/copy-button.tsx'
import { useDesk } from '../common/store-context.tsx'
import { DesktopSettings } from '../hardware/desktop-settings.tsx'
import { platformWords } from './remote-words.ts'

const startedFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** What runs, where it keeps its data, under which licence; the wizard again; the desktop's own choices. */
export function AboutSection(): ReactNode {
  const info = useDesk((s) => s.info)
  return (
    <>
      <article className="card settings-card" data-testid="about">
        {info === null ? (
          <p className="empty">Waiting for core…</p>
        ) : (
          <dl className="settings-facts">
            <dt>Version</dt>
            <dd data-testid="about-version">{info.version}</dd>
            <dt>Runs as</dt>
            <dd>{info.shell === 'agent' ? 'the headless agent (this page is served over HTTP)' : 'the desktop app'}</dd>
            <dt>Platform</dt>
            <dd>{platformWords(info.platform)}</dd>
            <dt>Core started</dt>
            <dd>
              <time dateTime={new Date(info.startedAt).toISOString()}>{startedFormat.format(info.startedAt)}</time>
            </dd>
            <dt>Data directory</dt>
            <dd data-testid="about-data-dir">
              {info.dataDir === undefined ? (
                'none: settings and history are kept in memory only'
              ) : (
                <>
                  <code>{info.dataDir}</code> <CopyButton text={info.dataDir} label="Copy the data directory" />
                </>
              )}
            </dd>
            <dt>Licence</dt>
            <dd>MIT: free to use, change and share</dd>
          </dl>
        )}
        <p>
          Watch-only: DePIN Desk never asks for a seed phrase or private key. Secrets (RPC keys, plug and channel tokens) stay on the machine core runs on and
          are left out of backups.
        </p>
      </article>
      <article className="card settings-card">
        <h3>First-run setup</h3>
        <p>The wizard from the first run, again: the first settings, step by step.</p>
        <p>
          <a className="button" href={viewHashes.setup}>
            Run the setup wizard again
          </a>
        </p>
      </article>
      <DesktopSettings />
    </>
  )
}
