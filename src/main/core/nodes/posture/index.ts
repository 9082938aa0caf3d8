import type { PostureFinding, PostureInput, PostureRule, PostureRuleId, PostureSeverity } from './posture-types.ts'
import { binaryChanged } from './rules/binary-changed.ts'
import { binaryOutsideInstallPlaces } from './rules/binary-outside-install-places.ts'
import { containerDockerSocket } from './rules/container-docker-socket.ts'
import { containerHostNetwork } from './rules/container-host-network.ts'
import { containerPrivileged } from './rules/container-privileged.ts'
import { everydayMachine } from './rules/everyday-machine.ts'
import { listensPublicly } from './rules/listens-publicly.ts'
import { runsAsRoot } from './rules/runs-as-root.ts'

/*
 * Security posture of one node, from facts already read: no network call is made and nothing
 * is sent anywhere. One rule per file under rules/, registered here once.
 */

export type { BinaryCheck, PostureFinding, PostureInput, PostureRule, PostureRuleId, PostureSeverity } from './posture-types.ts'
export { postureRuleIds } from './posture-types.ts'
export { BinaryHashes, type BinaryHashesOptions } from './binary-hashes.ts'
export { detectMachineKind, type MachineKind, type MachineKindOptions } from './machine-kind.ts'

/** Every rule by its id, in the order a card lists findings of equal severity. */
export const postureRules: Readonly<Record<PostureRuleId, PostureRule>> = {
  'container-docker-socket': containerDockerSocket,
  'container-privileged': containerPrivileged,
  'runs-as-root': runsAsRoot,
  'binary-changed': binaryChanged,
  'binary-outside-install-places': binaryOutsideInstallPlaces,
  'listens-publicly': listensPublicly,
  'container-host-network': containerHostNetwork,
  'everyday-machine': everydayMachine,
}

const severityRank: Record<PostureSeverity, number> = { critical: 0, warning: 1, info: 2 }

/** All findings for one node, worst first. */
export function postureOf(input: PostureInput): PostureFinding[] {
  return Object.values(postureRules)
    .flatMap((rule) => rule(input))
    .sort((a, b) => severityRank[a.severity] - severityRank[b.severity])
}
