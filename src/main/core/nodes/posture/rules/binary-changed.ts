import type { PostureFinding, PostureInput } from '../posture-types.ts'

/*
 * Trust on first use: the binary's sha256 when the node was first seen (or when the operator
 * last confirmed an update) is the one trusted. A different file since then is either an
 * update the operator has not confirmed, or a binary someone replaced.
 */

const rule = 'binary-changed'

const prefix = (sha256: string): string => `${sha256.slice(0, 12)}…`
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

export function binaryChanged(input: PostureInput): PostureFinding[] {
  const binary = input.binary
  if (binary === null || binary.sha256Now === binary.sha256First) return []
  const since = binary.confirmedAt === undefined ? `it was first seen on ${day(binary.firstSeenAt)}` : `you confirmed it on ${day(binary.confirmedAt)}`
  return [
    {
      rule,
      severity: 'warning',
      title: 'Its binary changed and the change is not confirmed',
      why: `${binary.path} is not the file it was when ${since}. An update does that, and so does someone who replaced the node with their own build to take its keys or rewards.`,
      fix: `If you updated the node, check the new file against the checksum its project publishes (\`sha256sum ${binary.path}\`) and confirm the change here. If you did not, stop the node, reinstall it from the official source and look for what else changed on the machine.`,
      evidence: `sha256 ${prefix(binary.sha256First)} → ${prefix(binary.sha256Now)}`,
    },
  ]
}
