import { useRef, useState, type ChangeEvent, type ReactNode } from 'react'
import type { ExportedFile } from '../store/backup-slice.ts'
import { useDesk } from '../common/store-context.tsx'

type Outcome = { tone: 'ok' | 'error'; text: string } | null

const csvType = 'text/csv;charset=utf-8'

/** Hands core's file to the browser as a download; the Blob URL lives only for the click. */
function download(file: ExportedFile, type: string): void {
  const url = URL.createObjectURL(new Blob([file.text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = file.filename
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  // Revoked on the next task: the download has taken its copy by then.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

/** Earnings for tax tools, and settings to keep or move to another machine; secrets never leave core. */
export function DataExport(): ReactNode {
  const exportRewardsCsv = useDesk((s) => s.exportRewardsCsv)
  const exportSettingsBackup = useDesk((s) => s.exportSettingsBackup)
  const restoreSettingsBackup = useDesk((s) => s.restoreSettingsBackup)
  const [outcome, setOutcome] = useState<Outcome>(null)
  const [busy, setBusy] = useState(false)
  const picker = useRef<HTMLInputElement>(null)

  const run = async (work: () => Promise<Outcome>): Promise<void> => {
    setBusy(true)
    setOutcome(await work())
    setBusy(false)
  }
  const save = (ask: () => ReturnType<typeof exportSettingsBackup>, type: string, what: string) => (): Promise<void> =>
    run(async () => {
      const result = await ask()
      if (!result.ok) return { tone: 'error', text: result.error.message }
      download(result.file, type)
      return { tone: 'ok', text: `${what} saved as ${result.file.filename}.` }
    })
  const restore = (event: ChangeEvent<HTMLInputElement>): void => {
    const input = event.currentTarget
    const file = input.files?.[0]
    // The same file may be picked again after fixing it.
    input.value = ''
    if (!file) return
    void run(async () => {
      const result = await restoreSettingsBackup(await file.text())
      if (!result.ok) return { tone: 'error', text: result.error.message }
      return { tone: 'ok', text: [`Settings restored from ${file.name}.`, ...result.notes].join(' ') }
    })
  }

  return (
    <section aria-labelledby="data-export-heading">
      <h2 id="data-export-heading">Export and backup</h2>
      <article className="card">
        <p className="detail">
          The earnings CSV lists every reward, tagged as income, in the layout Koinly or CoinTracker imports; the Koinly file also carries its value when
          received. Your own transfers are left out. A settings backup holds no secrets: plug tokens and your own RPC URLs stay on this machine.
        </p>
        <div className="plug-actions">
          <button type="button" className="button" disabled={busy} onClick={() => void save(() => exportRewardsCsv('koinly'), csvType, 'Earnings')()}>
            Earnings for Koinly (CSV)
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => void save(() => exportRewardsCsv('cointracker'), csvType, 'Earnings')()}>
            Earnings for CoinTracker (CSV)
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => void save(exportSettingsBackup, 'application/json', 'Settings backup')()}>
            Back up settings
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => picker.current?.click()}>
            Restore settings
          </button>
          <input ref={picker} type="file" accept=".json,application/json" hidden onChange={restore} aria-label="Settings backup file" data-testid="restore-settings" />
        </div>
        {outcome && (
          <p className={outcome.tone === 'ok' ? 'form-outcome' : 'inline-error'} role={outcome.tone === 'ok' ? 'status' : 'alert'} data-testid="data-export-outcome">
            {outcome.text}
          </p>
        )}
      </article>
    </section>
  )
}
