import type { ReactNode } from 'react'
import type { HardwareSample } from '../../../shared/contract/hardware.ts'
import { useDesk } from '../common/store-context.tsx'
import { PlugForm } from '../hardware/plug-form.tsx'
import { PlugList } from '../hardware/plug-list.tsx'
import { PowerPanel } from '../hardware/power-panel.tsx'

/**
 * Step 5: what core found to measure the machine's watts (GPUs, RAPL, or only an estimate), and
 * an optional smart plug at the wall, tested before it is added (power.testPlug, power.addPlug).
 */
export function PowerStep(): ReactNode {
  const sample = useDesk((s) => s.latest)
  return (
    <>
      {sample ? (
        <>
          <p className="detail" data-testid="setup-gpus">
            {gpuWords(sample.gpus)}
          </p>
          <PowerPanel power={sample.power} sampledAt={sample.provenance.at} />
        </>
      ) : (
        <p className="empty">Waiting for the first sample…</p>
      )}
      <article className="card plug-settings" aria-labelledby="setup-plug-heading">
        <h3 id="setup-plug-heading">A smart plug (optional)</h3>
        <p className="detail">
          A plug between the machine and the wall measures everything it draws, power supply losses included. Test the connection first; add it once it
          answers.
        </p>
        <PlugList />
        <PlugForm />
      </article>
    </>
  )
}

function gpuWords(gpus: HardwareSample['gpus']): string {
  if (gpus.length === 0) return 'GPUs: none found (NVIDIA through nvidia-smi, AMD through the kernel).'
  return `GPUs: ${gpus.map((g) => g.name).join(', ')}.`
}
