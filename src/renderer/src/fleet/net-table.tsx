import type { ReactNode } from 'react'
import type { FleetNetworkNet } from '../../../shared/contract/fleet.ts'
import type { Currency } from '../../../shared/contract/wallets.ts'
import { moneyOr } from '../profit/profit-words.ts'
import { isPartialNet } from './fleet-words.ts'

type NetFigures = { networks: readonly FleetNetworkNet[]; today: string | null; last30d: string | null; partial: boolean; missing: readonly string[] }

const Partial = (): ReactNode => <span className="pill pill-warn">partial</span>

/** Net today and over 30 days per network and in total, as core computed them, partial ones marked with core's reasons. */
export function NetTable({ caption, figures, currency, testId }: { caption: string; figures: NetFigures; currency: Currency; testId: string }): ReactNode {
  return (
    <div className="fleet-net" data-testid={testId}>
      <table className="figures-table fleet-net-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Network</th>
            <th scope="col">Net today</th>
            <th scope="col">Net, 30 d</th>
          </tr>
        </thead>
        <tbody>
          {figures.networks.map((net) => (
            <tr key={net.network}>
              <th scope="row">
                {net.name} {isPartialNet(net) && <Partial />}
              </th>
              <td>{moneyOr(net.today, currency)}</td>
              <td>{moneyOr(net.last30d, currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">
              Total {figures.partial && <Partial />}
            </th>
            <td data-testid={`${testId}-today`}>{moneyOr(figures.today, currency)}</td>
            <td data-testid={`${testId}-30d`}>{moneyOr(figures.last30d, currency)}</td>
          </tr>
        </tfoot>
      </table>
      {figures.missing.length > 0 && (
        <ul className="fleet-missing" aria-label="What the figures lack" data-testid={`${testId}-missing`}>
          {figures.missing.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
    </div>
  )
}
