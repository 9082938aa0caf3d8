import type { NodeSignature } from '../node-signature.ts'

/*
 * Akash provider: `provider-services run` (older releases: `akash provider run`), normally as
 * the akash-provider StatefulSet in the akash-services namespace of the provider's Kubernetes
 * cluster (k3s in Akash's own guide), so on the host it is a containerd process, not a Docker
 * container: https://akash.network/docs/providers/build-a-cloud-provider/akash-cloud-provider-build-with-helm-charts/
 * and https://akash.network/docs/providers/provider-faq-and-guide/. The checkup guide reads
 * the settings of "the process" inside the pod (`pidof akash`, AKASH_PROVIDER_SERVICE_PORT_API=8443):
 * https://akash.network/docs/providers/build-a-cloud-provider/akash-cli/akash-provider-checkup.
 */
export const akashProvider: NodeSignature = {
  network: 'akash',
  id: 'akash-provider',
  software: 'Akash provider',
  commandLine: [/(?:^|\/)provider-services\s+run(?:\s|$)/, /(?:^|\/)akash\s+provider\s+run(?:\s|$)/],
  // The Helm chart's image (ghcr.io/akash-network/provider); ovrclk/akash was the image before the provider split out.
  images: [/^ghcr\.io\/akash-network\/provider$/, /^ghcr\.io\/ovrclk\/akash$/],
  health: {
    // The provider gateway's public endpoints /status, /version, /address answer without a client certificate.
    url: 'https://127.0.0.1:8443/status',
    healthy: (status) => status === 200,
    note: 'The provider gateway on 8443 (self-signed TLS), reachable on the node that runs the ingress; /status answers JSON without authentication.',
  },
  // provider-services' install.sh leaves it in ./bin; the guides copy it to /usr/local/bin. In the cluster it is the image's.
  installPlaces: ['/usr/local/bin', '/usr/bin'],
  sources: [
    'https://akash.network/docs/providers/build-a-cloud-provider/akash-cloud-provider-build-with-helm-charts/',
    'https://akash.network/docs/providers/build-a-cloud-provider/akash-cli/akash-provider-checkup',
    'https://github.com/akash-network/provider/blob/main/gateway/rest/router.go',
  ],
}

export const akashSignatures: readonly NodeSignature[] = [akashProvider]
