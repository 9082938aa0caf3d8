import { detailHash } from '../app/route.ts'

/** Settings' sections in the order the list shows them; each id is its address: #/settings/<id>. */
export const settingsSections = ['wallets', 'endpoints', 'prices', 'tariff', 'costs', 'attribution', 'plugs', 'alerts', 'channels', 'remote', 'data', 'about'] as const
export type SettingsSection = (typeof settingsSections)[number]

export const sectionLabels: Record<SettingsSection, string> = {
  wallets: 'Wallets',
  endpoints: 'Endpoints',
  prices: 'Prices',
  tariff: 'Electricity tariff',
  costs: 'Hardware and running costs',
  attribution: 'Power attribution',
  plugs: 'Smart plugs',
  alerts: 'Alert rules',
  channels: 'Push channels',
  remote: 'Remote access',
  data: 'Export and backup',
  about: 'About',
}

export const sectionHash = (section: SettingsSection): string => detailHash('settings', section)

export type ShownSection = {
  section: SettingsSection
  /** True when the address named this section: then its heading takes the focus. */
  named: boolean
  /** A section the address named that does not exist ('#/settings/foo'), to say so. */
  unknown: string | null
}

/** The section the address names; none, or one that does not exist, shows the first. */
export function shownSection(detail: string | null): ShownSection {
  const section = settingsSections.find((s) => s === detail)
  if (section) return { section, named: true, unknown: null }
  return { section: settingsSections[0], named: false, unknown: detail }
}
