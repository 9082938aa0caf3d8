import type { NetworkId } from '../../../shared/contract/wallets.ts'
import { useDesk } from '../common/store-context.tsx'

/** The networks costs are kept for: core's, then any other a wallet is on, with their names. (Profit and Settings.) */
export function useProfitNetworks(): { id: NetworkId; name: string }[] {
  const profit = useDesk((s) => s.profit)
  const wallets = useDesk((s) => s.walletSettings)
  const known = useDesk((s) => s.networks)
  const ids = [...new Set([...(profit?.networks.map((n) => n.network) ?? []), ...(wallets ?? []).map((w) => w.network)])]
  return ids.map((id) => ({ id, name: profit?.networks.find((n) => n.network === id)?.name ?? known.find((k) => k.id === id)?.name ?? id }))
}
