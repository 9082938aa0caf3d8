import type { ReactNode } from 'react'
import type { Gpu } from '../../../shared/contract/hardware.ts'
import { GpuCard } from './gpu-card.tsx'

export function GpuCards({ gpus, sampledAt }: { gpus: readonly Gpu[]; sampledAt: number }): ReactNode {
  if (gpus.length === 0) return <p className="empty">No GPU reported by the drivers; the power sources above say why.</p>
  return (
    <div className="cards">
      {gpus.map((gpu) => (
        <GpuCard key={gpu.id} gpu={gpu} sampledAt={sampledAt} />
      ))}
    </div>
  )
}
