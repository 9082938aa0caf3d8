import { checkEvmAddress, erc20HoldingsRead, evmChains, type Erc20Deployment } from '../chains/evm.ts'
import { erc20TransferHistory, type RewardSender } from '../chains/evm-history.ts'
import type { NetworkModule } from './network-module.ts'

/*
 * Aethir checker nodes. ATH is an ERC-20 on Ethereum and on Arbitrum One (bridged by Axelar ITS),
 * 18 decimals on both. Checker rewards are vATH in Aethir's portal, off-chain; claiming starts a
 * 180-day vesting, and Withdraw sends the ATH to the wallet on Arbitrum, so watch-only they show
 * as the wallet's ATH balance going up.
 *   https://docs.aethir.com/checker-guide/how-to-manage-checker-nodes/claim-and-withdraw
 *   https://etherscan.io/token/0xbe0Ed4138121EcFC5c0E56B40517da27E6c5226B
 *   https://arbiscan.io/token/0xc87B37a581ec3257B734886d9d3a581F5A9d056c
 */

const athOnEthereum: Erc20Deployment = { ...evmChains.ethereum, token: 'ATH', address: '0xbe0Ed4138121EcFC5c0E56B40517da27E6c5226B', decimals: 18 }
const athOnArbitrum: Erc20Deployment = { ...evmChains.arbitrum, token: 'ATH', address: '0xc87B37a581ec3257B734886d9d3a581F5A9d056c', decimals: 18 }

export const athDeployments: readonly Erc20Deployment[] = [athOnEthereum, athOnArbitrum]

/**
 * Aethir's CheckerClaimAndWithdraw contract on Arbitrum One: Withdraw sends vested ATH from it to
 * the owner's wallet (MetaStreet's mock of it, test/yieldAdapters/aethir/mocks/MockCheckerClaimAndWithdraw.sol,
 * pays `SafeERC20.safeTransfer(IERC20(aethirTokenAdress), msg.sender, totalAmount)`), so a Transfer from it is a checker reward.
 * Aethir's docs name no address; these two are the proxies third-party code calls, not confirmed by Aethir:
 *   0x3EB6…1111: `checkerClaimAndWithdraw` in metastreet-labs/metastreet-yield-pass
 *     test/yieldAdapters/aethir/Base.t.sol, a fork test of Arbitrum One at block 257363089 (Sep 2024);
 *   0xef90…4367: the `AethirCheckerClaimAndWithdraw` data source (EventClaim) of the same repository's
 *     subgraph/networks.json (branch `subgraph`, arbitrum-one from block 312745838, Mar 2025).
 * Four contracts verified on Arbiscan under the name CheckerClaimAndWithdraw (0x13f3…370f,
 * 0x7309…9a22, 0x179b…dcdb, 0xf16f…a130, per third-party contract inventories) look like the
 * proxies' implementations, which never send tokens themselves, and are left out.
 */
export const aethirCheckerClaimContracts: readonly RewardSender[] = [
  { address: '0x3EB64fc76De5D77659387E64951d78d5fCaE1111', words: "Aethir's checker claim-and-withdraw contract" },
  { address: '0xef90d0b328dc5896d10c54eca93f1ab764f64367', words: "Aethir's checker claim-and-withdraw contract" },
]

export const aethir: NetworkModule = {
  info: {
    id: 'aethir',
    name: 'Aethir',
    chain: 'evm',
    tokens: [
      {
        symbol: 'ATH',
        name: 'Aethir Token',
        decimals: 18,
        where: 'ERC-20 on Ethereum (0xbe0E…226B) and Arbitrum One (0xc87B…056c)',
        // CoinPaprika's id for ATH could not be confirmed, so only CoinGecko's is given.
        priceIds: { coingecko: 'aethir' },
      },
    ],
    addressHint: 'the wallet that owns your checker licenses: 0x followed by 40 hex characters',
    rewards: {
      source: 'balance-delta',
      note: 'Checker rewards accrue off-chain as vATH in the Aethir portal. A claim vests for 180 days; then Withdraw sends the ATH to this wallet on Arbitrum One, where it counts as a reward.',
    },
    payout: {
      kind: 'on-claim',
      expectedEveryHours: null,
      note: 'ATH arrives only when you withdraw a vested claim, so weeks without a payout are normal.',
    },
  },
  endpoints: ['ethereum', 'arbitrum'],
  parts: ['ethereum', 'arbitrum'],
  checkAddress: checkEvmAddress,
  read: (ctx, address) => erc20HoldingsRead(ctx, address, athDeployments),
  history: erc20TransferHistory({
    // Arbitrum One first: checker rewards are withdrawn there.
    deployments: [
      { ...athOnArbitrum, rewardSenders: aethirCheckerClaimContracts },
      { ...athOnEthereum, rewardSenders: [] },
    ],
    reach:
      "Every ATH transfer into this wallet on Arbitrum One and Ethereum, from the token's Transfer logs, read block range by block range from the public RPCs. Withdrawals from Aethir's checker claim-and-withdraw contract on Arbitrum One count as rewards (its address comes from third-party code, not from Aethir); every other transfer is listed for you to mark. Vested ATH not yet withdrawn is off-chain and not seen.",
  }),
}
