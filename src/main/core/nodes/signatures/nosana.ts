import type { NodeSignature } from '../node-signature.ts'

/*
 * Nosana GPU host: `bash <(wget -qO- https://nosana.com/start.sh)` starts two containers, the
 * node (`docker run --name nosana-node … nosana/nosana-cli:latest node start --network mainnet`)
 * and the Podman service it runs jobs in (container "podman", image nosana/podman):
 * https://github.com/nosana-ci/nosana-kit/blob/main/docs/hosts/grid-run.md ("Running the Host",
 * "Launching the GPU Host with Custom Parameters"). The CLI also runs outside Docker
 * (`npx @nosana/cli node start`), which leaves `nosana node start` on the node process.
 * No local health endpoint is documented.
 */
export const nosanaNode: NodeSignature = {
  network: 'nosana',
  id: 'nosana-node',
  software: 'Nosana GPU host node',
  commandLine: [/(?:^|[\s/])nosana(?:\.js)?\s+node\s+(?:start|join|run)(?:\s|$)/],
  images: [/^(?:docker\.io\/)?nosana\/nosana-cli$/],
  containerNames: ['nosana-node'],
  installPlaces: [],
  sources: ['https://github.com/nosana-ci/nosana-kit/blob/main/docs/hosts/grid-run.md', 'https://docs.nosana.com/hosts/grid-run.html'],
}

/** The job runtime the node drives; part of the same host, counted with it by network. */
export const nosanaPodman: NodeSignature = {
  network: 'nosana',
  id: 'nosana-podman',
  software: 'Nosana job runtime (Podman in Docker)',
  images: [/^(?:docker\.io\/)?nosana\/podman$/],
  installPlaces: [],
  sources: ['https://github.com/nosana-ci/nosana-kit/blob/main/docs/hosts/grid-run.md'],
}

export const nosanaSignatures: readonly NodeSignature[] = [nosanaNode, nosanaPodman]
