import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { postureOf, postureRuleIds, postureRules } from '../../../../src/main/core/nodes/posture/index.ts'
import { containerFacts, inputOf, listening, processFacts } from './posture-input.ts'

const postureDir = new URL('../../../../src/main/core/nodes/posture/', import.meta.url)

describe('the posture rule list', () => {
  it('registers one rule per file in rules/, under the id it is named for', () => {
    const files = readdirSync(new URL('rules/', postureDir)).filter((file) => file.endsWith('.ts'))
    expect(Object.keys(postureRules).map((id) => `${id}.ts`).sort()).toEqual(files.sort())
    expect(Object.keys(postureRules).sort()).toEqual([...postureRuleIds].sort())
  })

  it('makes no network call: no posture file imports a network module', () => {
    const sources = [...readdirSync(postureDir), ...readdirSync(new URL('rules/', postureDir)).map((file) => `rules/${file}`)].filter((file) => file.endsWith('.ts'))
    for (const file of sources) {
      const text = readFileSync(new URL(file, postureDir), 'utf8')
      expect(text, file).not.toMatch(/from '(node:)?(https?|http2|dgram|tls|dns)'|net\/http-exchange|getBuiltinModule|\bfetch\(/)
      // node:net is used for its address arithmetic only.
      const fromNet = /import \{([^}]*)\} from 'node:net'/.exec(text)?.[1]
      if (fromNet !== undefined) expect(fromNet.trim(), file).toBe('BlockList, isIP')
    }
  })
})

describe('postureOf', () => {
  it('finds nothing for a node that runs well', () => {
    expect(postureOf(inputOf())).toEqual([])
  })

  it('runs every rule and lists the worst first, each finding under its own rule', () => {
    const findings = postureOf(
      inputOf({
        processes: [processFacts({ uid: 1000, exe: '/home/ana/Downloads/grass' })],
        listening: [listening('0.0.0.0', 8080)],
        binary: { path: '/home/ana/Downloads/grass', sha256Now: 'b'.repeat(64), sha256First: 'a'.repeat(64), firstSeenAt: 0 },
        machine: { kind: 'everyday', evidence: 'DISPLAY=:0' },
      }),
    )
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([
      ['binary-outside-install-places', 'critical'],
      ['binary-changed', 'warning'],
      ['listens-publicly', 'warning'],
      ['everyday-machine', 'warning'],
    ])
  })

  it('puts a bad container in order: critical, then warning, then info', () => {
    const container = containerFacts({ user: '', privileged: false, networkMode: 'host', mountSources: ['/var/run/docker.sock'] })
    const findings = postureOf(inputOf({ container, processes: [processFacts({ uid: 100000, containerId: container.id })], listening: [listening('::', 9090)] }))
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([
      ['container-docker-socket', 'critical'],
      ['listens-publicly', 'warning'],
      ['container-host-network', 'warning'],
      ['runs-as-root', 'info'],
    ])
    for (const finding of findings) {
      expect(finding.title).not.toContain('\n')
      expect(finding.why.length).toBeGreaterThan(0)
      expect(finding.fix.length).toBeGreaterThan(0)
    }
  })
})
