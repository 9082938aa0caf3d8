import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { judge, parseAccepted, report, type Accepted, type Finding } from '../../../scripts/electronegativity.ts'

const repoRoot = join(import.meta.dirname, '../../..')

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    severity: 'MEDIUM',
    confidence: 'TENTATIVE',
    file: 'src/main/electron/desktop.ts',
    line: 50,
    column: 8,
    sample: 'shell.openExternal(safe)',
    description: 'Review the use of openExternal',
    ...overrides,
  }
}

const openExternalAccepted: Accepted = {
  check: 'OPEN_EXTERNAL_JS_CHECK',
  file: 'src/main/electron/desktop.ts',
  sample: 'shell.openExternal(safe)',
  reason: 'only allowlisted https links reach it',
}

describe('the Electronegativity gate', () => {
  it('accepts a listed finding wherever its line moved', () => {
    const verdict = judge([finding({ line: 97 })], [openExternalAccepted])
    expect(verdict).toEqual({
      accepted: [{ finding: finding({ line: 97 }), reason: openExternalAccepted.reason }],
      unaccepted: [],
      stale: [],
    })
  })

  it('refuses a finding of another check, another file or a changed line', () => {
    const others = [
      finding({ check: 'CONTEXT_ISOLATION_JS_CHECK' }),
      finding({ file: 'src/main/electron/tray-controller.ts' }),
      finding({ sample: 'shell.openExternal(url)' }),
    ]
    const verdict = judge(others, [openExternalAccepted])
    expect(verdict.accepted).toEqual([])
    expect(verdict.unaccepted).toEqual(others)
    expect(verdict.stale).toEqual([openExternalAccepted])
  })

  it('calls an acceptance stale once its finding is gone', () => {
    expect(judge([], [openExternalAccepted]).stale).toEqual([openExternalAccepted])
  })

  it('prints each unaccepted finding with an entry to start from', () => {
    const lines = report(judge([finding({ check: 'SANDBOX_JS_CHECK', sample: 'new BrowserWindow({' })], []))
    expect(lines[0]).toBe(
      '  NOT ACCEPTED  SANDBOX_JS_CHECK (MEDIUM, TENTATIVE) src/main/electron/desktop.ts:50: Review the use of openExternal',
    )
    expect(lines.at(-1)).toContain('"check":"SANDBOX_JS_CHECK"')
  })

  it.each([
    ['{}', /"accepted" must be a list/],
    ['{"accepted":[{"check":"X","file":"a.ts"}]}', /needs "check", "file" and "sample"/],
    ['{"accepted":[{"check":"X","file":"a.ts","sample":null}]}', /needs a "reason"/],
    ['{"accepted":[{"check":"X","file":"a.ts","sample":null,"reason":"fine"}]}', /needs a "reason"/],
  ])('refuses the accepted list %s', (text, error) => {
    expect(() => parseAccepted(text)).toThrow(error)
  })

  it('has a checked-in list whose every entry names a real file and says why', () => {
    const accepted = parseAccepted(readFileSync(join(repoRoot, 'security/electronegativity-accepted.json'), 'utf8'))
    expect(accepted.length).toBeGreaterThan(0)
    for (const entry of accepted) expect(existsSync(join(repoRoot, entry.file)), entry.file).toBe(true)
  })
})
