import type { ReactNode } from 'react'
import { TariffForm } from '../profit/tariff-form.tsx'

/**
 * Step 4: the electricity price, read off the bill. The Profit view's own form: one flat rate, or
 * time-of-use periods with the time zone their hours are in; core checks and saves it (profit.setTariff).
 */
export function TariffStep(): ReactNode {
  return (
    <>
      <dl className="wizard-bill" aria-label="Where it is on your bill">
        <div>
          <dt>Flat rate</dt>
          <dd>
            Your bill shows one <em>unit rate</em> or <em>energy charge</em> per kWh, the same at every hour. Type it as it is printed, taxes included if the
            bill adds them per kWh.
          </dd>
        </div>
        <div>
          <dt>Time of use</dt>
          <dd>
            Your bill lists <em>peak</em> and <em>off-peak</em> (or day and night, weekday and weekend) rates with their hours: add one period for each,
            with its days and hours, and the time zone those hours are in.
          </dd>
        </div>
      </dl>
      <TariffForm />
    </>
  )
}
