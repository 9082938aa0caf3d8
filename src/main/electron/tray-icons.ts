import { join } from 'node:path'
import type { AlertSeverity } from '../../shared/contract/alerts.ts'

/** The tray's state: no open alert worth a look, a warning, something critical. */
export type TrayColour = 'green' | 'amber' | 'red'

/** The colour of the worst open alert not snoozed; an info alert leaves the tray green. */
export function trayColour(worst: AlertSeverity | null): TrayColour {
  if (worst === 'critical') return 'red'
  if (worst === 'warning') return 'amber'
  return 'green'
}

/**
 * Each OS's own tray image, drawn by scripts/make-icons.ts: macOS a template image (black
 * and alpha, recoloured for the menu bar; Electron treats a name ending in Template as one
 * and finds the @2x beside it), Windows an .ico with every small-icon size, Linux a PNG.
 */
export function trayIconFile(platform: NodeJS.Platform, colour: TrayColour): string {
  if (platform === 'darwin') return `tray-${colour}Template.png`
  if (platform === 'win32') return `tray-${colour}.ico`
  return `tray-${colour}.png`
}

export function trayIconPaths(resources: string, platform: NodeJS.Platform): (colour: TrayColour) => string {
  return (colour) => join(resources, trayIconFile(platform, colour))
}
