import type { ReactNode } from 'react'
import type { PostureFinding } from '../../../shared/contract/nodes.ts'
import { severityWords } from '../alerts/alert-words.ts'
import { worstFirst } from './node-words.ts'

const severityIcons: Record<PostureFinding['severity'], string> = { critical: '✖', warning: '▲', info: 'ℹ' }

/** A node's security posture as core judged it, worst first: what, why it matters, how to fix it, and the evidence. */
export function PostureList({ findings, nodeName }: { findings: readonly PostureFinding[]; nodeName: string }): ReactNode {
  if (findings.length === 0) {
    return (
      <p className="detail posture-clear" data-testid="posture-clear">
        <span aria-hidden="true">✓ </span>No posture finding: core's checks found nothing to fix.
      </p>
    )
  }
  return (
    <ul className="posture-list" aria-label={`Security posture of ${nodeName}`}>
      {worstFirst(findings).map((finding) => (
        <li key={`${finding.rule}-${finding.evidence}`} className={`posture-finding posture-${finding.severity}`} data-testid="posture-finding" data-rule={finding.rule}>
          <div className="posture-head">
            <span className={`pill pill-${finding.severity}`}>
              <span aria-hidden="true">{severityIcons[finding.severity]} </span>
              {severityWords[finding.severity]}
            </span>
            <strong>{finding.title}</strong>
          </div>
          <dl className="posture-facts">
            <div>
              <dt>Why</dt>
              <dd>{finding.why}</dd>
            </div>
            <div>
              <dt>Fix</dt>
              <dd>{finding.fix}</dd>
            </div>
            <div>
              <dt>Evidence</dt>
              <dd>
                <code>{finding.evidence}</code>
              </dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
  )
}
