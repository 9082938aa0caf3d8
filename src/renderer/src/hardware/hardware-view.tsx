import './hardware.css'
import type { ReactNode } from 'react'
import { DesktopSettings } from './desktop-settings.tsx'
import { GpuCards } from './gpu-cards.tsx'
import { HistoryPanel } from './history-panel.tsx'
import { MachineDetails } from './machine-details.tsx'
import { PlugSettings } from './plug-settings.tsx'
import { PowerPanel } from './power-panel.tsx'
import { useDesk } from '../common/store-context.tsx'

/** Power first (it is what the operator pays for), then the GPUs that earn, history, and the rest. */
export function HardwareView(): ReactNode {
  const sample = useDesk((s) => s.latest)
  return (
    <div className="view">
      <section aria-labelledby="power-section-heading">
        <h2 id="power-section-heading">Power</h2>
        {sample ? <PowerPanel power={sample.power} sampledAt={sample.provenance.at} /> : <p className="empty">Waiting for the first sample…</p>}
      </section>
      {sample && (
        <section aria-labelledby="gpus-heading">
          <h2 id="gpus-heading">GPUs</h2>
          <GpuCards gpus={sample.gpus} sampledAt={sample.provenance.at} />
        </section>
      )}
      <PlugSettings />
      <DesktopSettings />
      <HistoryPanel />
      {sample && (
        <section aria-labelledby="details-heading">
          <h2 id="details-heading">This machine</h2>
          <MachineDetails sample={sample} />
        </section>
      )}
    </div>
  )
}
