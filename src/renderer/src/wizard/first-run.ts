import { useEffect, useRef } from 'react'
import { routeFromHash, viewHashes, type Page } from '../app/route.ts'
import { useDesk } from '../common/store-context.tsx'
import { opensByItself } from './wizard-steps.ts'

/**
 * Opens the wizard for someone new, once, as soon as settings say so, and only from where the app
 * starts (the dashboard): an address that names a view is where the operator chose to go. The
 * start page is replaced, not stacked, so the browser's Back does not bounce into the wizard again.
 */
export function useFirstRunSetup(page: Page): void {
  const onboarding = useDesk((s) => s.onboarding)
  const wallets = useDesk((s) => s.walletSettings)
  const decided = useRef(false)
  useEffect(() => {
    if (decided.current || onboarding === null || wallets === null) return
    decided.current = true
    // The address as it is now, not as it was rendered: a tab clicked before settings arrived wins.
    if (page === 'dashboard' && routeFromHash(location.hash).page === 'dashboard' && opensByItself(onboarding, wallets)) location.replace(viewHashes.setup)
  }, [page, onboarding, wallets])
}
