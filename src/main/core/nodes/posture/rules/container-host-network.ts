import type { PostureFinding, PostureInput } from '../posture-types.ts'

/*
 * NetworkMode 'host' puts the container on the machine's own network stack: every port it
 * opens is open on the machine's addresses, and it reaches services that listen on the
 * machine's 127.0.0.1 only because they trust local callers.
 */

export function containerHostNetwork(input: PostureInput): PostureFinding[] {
  if (input.container?.networkMode !== 'host') return []
  return [
    {
      rule: 'container-host-network',
      severity: 'warning',
      title: "Its container uses the machine's network",
      why: "With the host network the container's ports are the machine's ports, and it can talk to every local-only service of this machine (databases, admin pages, other nodes' APIs).",
      fix: 'Drop `--network host` (compose: `network_mode: host`) and publish only the ports it needs: `-p 8443:8443` for a public one, `-p 127.0.0.1:9090:9090` for one that is only for you. If its docs require host networking, keep it on a dedicated machine or VM.',
      evidence: `container ${input.container.name}: NetworkMode host`,
    },
  ]
}
