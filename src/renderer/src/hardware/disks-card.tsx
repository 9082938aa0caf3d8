import type { ReactNode } from 'react'
import type { DiskUsage } from '../../../shared/contract/hardware.ts'
import { formatBytes, formatPercent } from '../common/format.ts'
import { Meter } from '../common/meter.tsx'

/** Space left where data lives: a full disk stops a storage node earning. */
export function DisksCard({ disks, provenance }: { disks: readonly DiskUsage[]; provenance: ReactNode }): ReactNode {
  return (
    <article className="card" aria-labelledby="disks-label">
      <h3 id="disks-label">Disks</h3>
      {disks.length > 0 ? (
        <ul className="rows" data-testid="disks">
          {disks.map((disk) => {
            const share = disk.totalBytes > 0 ? (disk.usedBytes / disk.totalBytes) * 100 : 0
            return (
              <li key={disk.mount} className="disk" title={disk.device}>
                <div className="row">
                  <span className="row-label">{disk.mount}</span>
                  <span className="row-value">{formatPercent(share)}</span>
                </div>
                <Meter percent={share} label={`${disk.mount} used`} />
                <p className="detail">
                  {formatBytes(disk.usedBytes)} of {formatBytes(disk.totalBytes)}
                </p>
              </li>
            )
          })}
        </ul>
      ) : (
        <p className="detail">no disks reported</p>
      )}
      {provenance}
    </article>
  )
}
