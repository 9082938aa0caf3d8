import { useState, type ReactNode } from 'react'
import type { Settings } from '../../../shared/contract/settings.ts'
import { useDesk } from '../common/store-context.tsx'

/**
 * Start at login and updates, for the desktop app only: the headless agent has neither. Each
 * choice is saved in settings by core; the desktop shell applies it at once.
 */
export function DesktopSettings(): ReactNode {
  const shell = useDesk((s) => s.info?.shell)
  const desktop = useDesk((s) => s.desktopSettings)
  const save = useDesk((s) => s.setDesktopSettings)
  const [error, setError] = useState<string | null>(null)
  if (shell !== 'desktop' || desktop === null) return null
  const change = async (patch: Partial<Settings['desktop']>): Promise<void> => setError((await save(patch))?.message ?? null)
  return (
    <section aria-labelledby="desktop-settings-heading">
      <h2 id="desktop-settings-heading">On this computer</h2>
      <article className="card">
        <p>
          <label>
            <input type="checkbox" checked={desktop.startAtLogin} onChange={(e) => void change({ startAtLogin: e.target.checked })} /> Start DePIN Desk when I log
            in, hidden in the tray
          </label>
        </p>
        <p>
          <label htmlFor="desktop-updates">Updates</label>{' '}
          <select id="desktop-updates" value={desktop.updates} onChange={(e) => void change({ updates: e.target.value as Settings['desktop']['updates'] })}>
            <option value="check-and-ask">Check, and ask before downloading</option>
            <option value="off">Off</option>
          </select>
        </p>
        <p className="detail">Nothing downloads on a metered connection, and a Windows update without its publisher&apos;s signature is refused.</p>
        {error !== null && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
      </article>
    </section>
  )
}
