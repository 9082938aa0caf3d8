import type { ConnectionCost } from './updates.ts'

/*
 * Is the connection metered? Electron has no API for it, and Chromium's navigator.connection on the
 * desktop reports neither `type` nor a metered flag, so we ask the OS, once per offered update (never on
 * the 1 s path). Anything we cannot read is 'unknown', which updates.ts treats as "do not download
 * unless the operator, told so, says go".
 * - Windows: the internet profile's NetworkCostType, through Windows PowerShell's WinRT bridge
 *   (https://learn.microsoft.com/en-us/uwp/api/windows.networking.connectivity.networkcosttype):
 *   Unrestricted is unmetered, Fixed and Variable metered, and roaming or a data limit reached counts
 *   as metered too.
 * - Linux: NetworkManager's global `Metered` property over D-Bus (busctl); NMMetered is 0 unknown,
 *   1 yes, 2 no, 3 guess-yes, 4 guess-no, and libnm advises treating guess-yes like yes
 *   (https://valadoc.org/libnm/NM.Metered.html). No NetworkManager: unknown.
 * - macOS: only NWPath (isExpensive/isConstrained) knows, with no command to ask it: unknown.
 */

/** Runs a command and resolves to its stdout; rejects when it cannot run or fails. */
export type RunCommand = (command: string, args: readonly string[]) => Promise<string>

const windowsScript = [
  '$c = [Windows.Networking.Connectivity.NetworkInformation,Windows.Networking.Connectivity,ContentType=WindowsRuntime]',
  '::GetInternetConnectionProfile().GetConnectionCost();',
  '"$($c.NetworkCostType) $($c.Roaming) $($c.OverDataLimit) $($c.ApproachingDataLimit)"',
].join('')

export const costCommands = {
  win32: ['powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', windowsScript]],
  linux: ['busctl', ['--system', 'get-property', 'org.freedesktop.NetworkManager', '/org/freedesktop/NetworkManager', 'org.freedesktop.NetworkManager', 'Metered']],
} as const satisfies Partial<Record<NodeJS.Platform, readonly [string, readonly string[]]>>

/** Windows: "<NetworkCostType> <Roaming> <OverDataLimit> <ApproachingDataLimit>". */
export function parseWindowsCost(output: string): ConnectionCost {
  const [type, ...flags] = output.trim().split(/\s+/)
  if (flags.some((flag) => flag.toLowerCase() === 'true')) return 'metered'
  if (type === 'Unrestricted') return 'unmetered'
  if (type === 'Fixed' || type === 'Variable') return 'metered'
  return 'unknown'
}

/** Linux: busctl prints the property as "u <NMMetered>". */
export function parseNetworkManagerMetered(output: string): ConnectionCost {
  const match = /^u (\d+)$/.exec(output.trim())
  switch (match?.[1]) {
    case '1':
    case '3':
      return 'metered'
    case '2':
    case '4':
      return 'unmetered'
    default:
      return 'unknown'
  }
}

/** Asks the OS; every failure, and every OS we cannot ask, answers 'unknown'. */
export async function connectionCost(platform: NodeJS.Platform, run: RunCommand): Promise<ConnectionCost> {
  try {
    if (platform === 'win32') return parseWindowsCost(await run(...costCommands.win32))
    if (platform === 'linux') return parseNetworkManagerMetered(await run(...costCommands.linux))
  } catch {
    // No PowerShell WinRT bridge, no NetworkManager: we cannot tell.
  }
  return 'unknown'
}
