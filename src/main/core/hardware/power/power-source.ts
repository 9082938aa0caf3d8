/**
 * What every power source reports, one module per source (nvidia-smi, amdgpu hwmon, RAPL,
 * each smart plug protocol, the estimate). An error is data: a source that cannot read says
 * why in `error` and stays in the list, so the UI can show it and the fix.
 */

import type { PowerSourceStatus } from '../../../../shared/contract/power.ts'

export type { PowerReading, PowerScope, PowerSourceError, PowerSourceStatus } from '../../../../shared/contract/power.ts'

/** A polled source: one `read()` per tick. Streaming sources (nvidia-smi) keep their latest state and answer from it. */
export type PowerSource = {
  readonly id: string
  read(): Promise<PowerSourceStatus>
  dispose(): Promise<void>
}
