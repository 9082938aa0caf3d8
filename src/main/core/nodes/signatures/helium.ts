import type { NodeSignature } from '../node-signature.ts'

/*
 * Helium light gateway (gateway-rs): the binary /usr/bin/helium_gateway, run as
 * `helium_gateway -c /etc/helium_gateway server` by the systemd unit helium_gateway.service that
 * its .deb enables (https://github.com/helium/gateway-rs: README "Installing",
 * config/metadata.deb.toml, package/raspi234/control/service). Hotspot makers ship it as the
 * Docker image quay.io/team-helium/miner:gateway-<version>
 * (https://github.com/NebraLtd/hm-gatewayrs/blob/master/Dockerfile); that repository also held
 * the retired full miner. Its local API (127.0.0.1:4467) is gRPC, not an HTTP status page, so
 * no health endpoint is declared.
 */
export const heliumGateway: NodeSignature = {
  network: 'helium',
  id: 'helium-gateway',
  software: 'Helium gateway (gateway-rs)',
  processNames: ['helium_gateway'],
  commandLine: [/(?:^|\/)helium_gateway(?:\s|$)/],
  images: [/^quay\.io\/team-helium\/miner$/],
  systemdUnits: ['helium_gateway.service'],
  installPlaces: ['/usr/bin'],
  sources: ['https://github.com/helium/gateway-rs', 'https://github.com/NebraLtd/hm-gatewayrs/blob/master/Dockerfile'],
}

export const heliumSignatures: readonly NodeSignature[] = [heliumGateway]
