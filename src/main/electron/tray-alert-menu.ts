import type { AlertsSnapshot, AlertView } from '../../shared/contract/alerts.ts'
import type { ShellMenuItem } from './shell-electron.ts'
import { isSnoozed, severityWord } from './tray-tooltip.ts'

export const menuAlertLimit = 8
const snoozeLabel = 'Snooze 1 h'
const labelMaxChars = 60

export type AlertMenuActions = {
  snooze: (id: number) => void
  show: (view: AlertView) => void
}

/**
 * The tray menu's alert section: each open alert, worst first and the snoozed ones after
 * them, with Show and "Snooze 1 h"; past the limit, one item that opens the Alerts view.
 */
export function alertMenuItems(alerts: AlertsSnapshot | undefined, actions: AlertMenuActions): ShellMenuItem[] {
  if (alerts === undefined) return []
  if (alerts.open.length === 0) return [{ label: 'No open alerts', enabled: false }]
  const ordered = [
    ...alerts.open.filter((alert) => !isSnoozed(alert, alerts.at)),
    ...alerts.open.filter((alert) => isSnoozed(alert, alerts.at)),
  ]
  const items: ShellMenuItem[] = ordered.slice(0, menuAlertLimit).map((alert) => ({
    label: menuLabel(`${severityWord[alert.severity]}: ${alert.title}${isSnoozed(alert, alerts.at) ? ' (snoozed)' : ''}`),
    submenu: [
      { label: 'Show', click: () => actions.show(alert.view) },
      { label: snoozeLabel, click: () => actions.snooze(alert.id) },
    ],
  }))
  if (ordered.length > menuAlertLimit) items.push({ label: `All ${ordered.length} open alerts…`, click: () => actions.show('alerts') })
  return items
}

/** Shortened to fit a menu, and with `&` doubled: Windows and Linux take a lone `&` for a mnemonic mark. */
export function menuLabel(text: string): string {
  const short = text.length <= labelMaxChars ? text : `${text.slice(0, labelMaxChars - 1)}…`
  return short.replaceAll('&', '&&')
}
