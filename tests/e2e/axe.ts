import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

// The npm axe-core itself, evaluated in the page: DevTools evaluation is not held to the page's CSP.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

type AxeResult = {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }[]
}

/**
 * axe-core's violations on the page as it is now (every rule it runs by default), one line each:
 * "color-contrast (serious): Elements must meet minimum color contrast ratio thresholds at .pill, .badge".
 * An empty list is a clean page.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(axeSource)
  const result = await page.evaluate<AxeResult>('window.axe.run(document, { resultTypes: ["violations"] })')
  return result.violations.map((v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}
