import type { ReactNode } from 'react'
import type { HardwareSample } from '../../../shared/contract/hardware.ts'
import { BatteryCard } from './battery-card.tsx'
import { CpuCoresCard } from './cpu-cores-card.tsx'
import { DisksCard } from './disks-card.tsx'
import { ProvenanceLine } from '../common/provenance-line.tsx'
import { TemperaturesCard } from './temperatures-card.tsx'
import { useFreshness } from '../common/use-freshness.ts'

/** The live sample's detail: cores, temperatures, disks and, where there is one, the battery. */
export function MachineDetails({ sample }: { sample: HardwareSample }): ReactNode {
  const state = useFreshness(sample.provenance.at)
  const provenance = <ProvenanceLine sample={sample} state={state} />
  return (
    <div className={`cards cards-${state}`}>
      <CpuCoresCard cpu={sample.cpu} provenance={provenance} />
      <TemperaturesCard temperatures={sample.temperatures} provenance={provenance} />
      <DisksCard disks={sample.disks} provenance={provenance} />
      {sample.battery && <BatteryCard battery={sample.battery} provenance={provenance} />}
    </div>
  )
}
