import type { ReactNode } from 'react'
import { useDesk } from '../common/store-context.tsx'

/** Tells the operator, once, that their settings file was not loaded as saved, and what was done. */
export function SettingsProblem(): ReactNode {
  const problem = useDesk((s) => s.settingsProblem)
  const dismiss = useDesk((s) => s.applySettingsProblem)
  if (problem === null) return null
  return (
    <div className="notice" role="alert">
      <p>{problem}</p>
      <button type="button" className="button button-quiet" onClick={() => dismiss(null)}>
        Dismiss
      </button>
    </div>
  )
}
