import { useEffect, type ReactNode } from 'react'
import { viewHashes, viewLabels, type View } from '../app/route.ts'
import { AlertRules } from '../alerts/alert-rules.tsx'
import { PushChannels } from '../alerts/push-channels.tsx'
import { QuietHoursForm } from '../alerts/quiet-hours-form.tsx'
import { useDesk } from '../common/store-context.tsx'
import { PlugSettings } from '../hardware/plug-settings.tsx'
import { AttributionForm } from '../profit/attribution-form.tsx'
import { NetworkCostsForms } from '../profit/network-costs-form.tsx'
import { TariffForm } from '../profit/tariff-form.tsx'
import { useProfitNetworks } from '../profit/use-profit-networks.ts'
import { DataExport } from '../wallets/data-export.tsx'
import { EndpointSettings } from '../wallets/endpoint-settings.tsx'
import { PriceTable } from '../wallets/price-table.tsx'
import { WalletForm } from '../wallets/wallet-form.tsx'
import { WalletList } from '../wallets/wallet-list.tsx'
import { AboutSection } from './about-section.tsx'
import { RemoteAccess } from './remote-access.tsx'
import { sectionLabels, type SettingsSection } from './settings-sections.ts'

/**
 * Each section's body. Endpoints, prices, plugs and data are their tabs' own sections, heading
 * and all; the rest are framed here with a heading of their own. The forms are the tabs' forms:
 * a change saved here is core's, so it shows there too.
 */
export const settingsPanels: Record<SettingsSection, () => ReactNode> = {
  wallets: WalletsPanel,
  endpoints: EndpointSettings,
  prices: PriceTable,
  tariff: () => (
    <Framed section="tariff" alsoOn="profit">
      <TariffForm />
    </Framed>
  ),
  costs: CostsPanel,
  attribution: AttributionPanel,
  plugs: PlugSettings,
  alerts: AlertRulesPanel,
  channels: ChannelsPanel,
  remote: () => (
    <Framed section="remote">
      <RemoteAccess />
    </Framed>
  ),
  data: DataExport,
  about: () => (
    <Framed section="about">
      <AboutSection />
    </Framed>
  ),
}

/** A section's heading (focused when the address names it, see SettingsView) and, where the form lives on a tab too, which. */
function Framed({ section, alsoOn, children }: { section: SettingsSection; alsoOn?: View; children: ReactNode }): ReactNode {
  const headingId = `settings-${section}-heading`
  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h2 id={headingId} tabIndex={-1}>
        {sectionLabels[section]}
      </h2>
      {alsoOn && (
        <p className="detail">
          The same settings are on the <a href={viewHashes[alsoOn]}>{viewLabels[alsoOn]} tab</a> too.
        </p>
      )}
      {children}
    </section>
  )
}

function WalletsPanel(): ReactNode {
  const loadBackfill = useDesk((s) => s.loadBackfill)
  useEffect(() => {
    void loadBackfill()
  }, [loadBackfill])
  return (
    <Framed section="wallets" alsoOn="wallets">
      <WalletList />
      <article className="card" aria-labelledby="settings-add-wallet-heading">
        <h3 id="settings-add-wallet-heading">Add a wallet</h3>
        <WalletForm />
      </article>
    </Framed>
  )
}

function CostsPanel(): ReactNode {
  const networks = useProfitNetworks()
  return (
    <Framed section="costs" alsoOn="profit">
      <NetworkCostsForms networks={networks} />
    </Framed>
  )
}

function AttributionPanel(): ReactNode {
  const networks = useProfitNetworks()
  return (
    <Framed section="attribution" alsoOn="profit">
      <AttributionForm networks={networks} />
    </Framed>
  )
}

function AlertRulesPanel(): ReactNode {
  const loadRules = useDesk((s) => s.loadAlertRules)
  useEffect(() => {
    void loadRules()
  }, [loadRules])
  return (
    <Framed section="alerts" alsoOn="alerts">
      <AlertRules />
      <QuietHoursForm />
    </Framed>
  )
}

function ChannelsPanel(): ReactNode {
  const loadChannels = useDesk((s) => s.loadAlertChannels)
  useEffect(() => {
    void loadChannels()
  }, [loadChannels])
  return (
    <Framed section="channels" alsoOn="alerts">
      <PushChannels />
    </Framed>
  )
}
