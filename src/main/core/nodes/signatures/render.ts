import type { NodeSignature } from '../node-signature.ts'

/*
 * Render Network node operators run a Windows client from OTOY: "Download an executable program
 * from OTOY's website → input your wallet ID and run application"
 * (https://know.rendernetwork.com/documentation/rndr-user-manuel/using-the-network-1/8.-miners-receive-and-process-frames).
 * Onboarding is by invitation and the docs name no executable, install folder, service or
 * local endpoint. The patterns are therefore narrow guesses that stay off OctaneRender itself
 * (octane.exe, octane_node.exe): an executable named after RNDR, or one inside an OTOY RNDR
 * folder. An operator whose client is not found adds it by hand.
 */
export const renderClient: NodeSignature = {
  network: 'render',
  id: 'render-client',
  software: 'Render Network node client (OTOY)',
  commandLine: [/(?:^|[\\/])rndr[^\\/\s]*\.exe(?:\s|$)/i, /[\\/]OTOY[\\/][^\\/]*RNDR[^\\/]*[\\/]/i],
  installPlaces: [],
  sources: ['https://know.rendernetwork.com/documentation/rndr-user-manuel/using-the-network-1/8.-miners-receive-and-process-frames'],
}

export const renderSignatures: readonly NodeSignature[] = [renderClient]
