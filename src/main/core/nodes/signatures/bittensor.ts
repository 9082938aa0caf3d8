import type { NodeSignature } from '../node-signature.ts'

/*
 * Bittensor: a miner or validator is a Python script from the subnet's repository, started as
 * `python neurons/miner.py --netuid 1 --wallet.name miner --wallet.hotkey default --logging.debug`
 * (https://github.com/opentensor/bittensor-subnet-template/blob/main/docs/running_on_mainnet.md),
 * often under pm2 (`pm2 start neurons/miner.py --interpreter python3 -- --netuid …`), which
 * leaves the same command line on the python process. Subnets rename their scripts, so the
 * second pattern is the bittensor config flags every neuron takes: a netuid with a wallet
 * (`btcli subnet register --netuid 1 --wallet.name …` takes them too, and is left out).
 *
 * There is no installer: the interpreter is the system's, or a virtualenv anywhere in the
 * operator's home, so the install places are broad.
 */
export const bittensorNeuron: NodeSignature = {
  network: 'bittensor',
  id: 'bittensor-neuron',
  software: 'Bittensor subnet miner or validator',
  commandLine: [
    /(?:^|[\s/])neurons\/(?:miner|validator)\.py(?:\s|$)/,
    // A netuid and a wallet, in any order, on anything but btcli (which takes the same flags to register or stake).
    /^(?!(?:\S*python[\d.]*\s+)?(?:\S*\/)?btcli(?:\s|$))(?=.*\s--netuid[= ]\d)(?=.*\s--wallet\.(?:name|hotkey)[= ]\S)/,
  ],
  installPlaces: ['/usr/bin', '/usr/local/bin', '/opt', '~'],
  sources: ['https://github.com/opentensor/bittensor-subnet-template/blob/main/docs/running_on_mainnet.md'],
}

/*
 * A local subtensor (the chain) that miners point at: `node-subtensor`, or the image
 * ghcr.io/opentensor/subtensor (https://github.com/opentensor/subtensor/blob/main/docs/running-subtensor-locally.md).
 * It earns nothing itself; it is watched because the neurons stop earning when it stops.
 * Its RPC port 9944 answers Substrate's GET /health (polkadot-sdk's rpc-servers NodeHealthProxyLayer).
 */
export const subtensorNode: NodeSignature = {
  network: 'bittensor',
  id: 'subtensor-node',
  software: 'Subtensor chain node (local)',
  processNames: ['node-subtensor'],
  commandLine: [/(?:^|\/)node-subtensor(?:\s|$)/],
  images: [/^ghcr\.io\/opentensor\/subtensor$/],
  health: { url: 'http://127.0.0.1:9944/health', note: "Substrate's RPC server: GET /health answers the node's peers and sync state as JSON." },
  installPlaces: ['/usr/local/bin', '~'],
  sources: ['https://github.com/opentensor/subtensor/blob/main/docs/running-subtensor-locally.md', 'https://github.com/opentensor/developer-docs/blob/main/docs/getting-started/running-a-public-subtensor.md'],
}

export const bittensorSignatures: readonly NodeSignature[] = [bittensorNeuron, subtensorNode]
