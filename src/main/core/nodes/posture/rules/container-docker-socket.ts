import type { PostureFinding, PostureInput } from '../posture-types.ts'
import { isUnder, segmentsOf } from '../paths.ts'

/*
 * The Docker socket is root on the machine: whoever can write to it can start a privileged
 * container that mounts /. A bind of a folder above it ('/var/run', '/') hands it over too,
 * as does a rootless Docker's socket ($XDG_RUNTIME_DIR/docker.sock).
 */

const sockets = ['/var/run/docker.sock', '/run/docker.sock']

function exposesSocket(source: string): boolean {
  return segmentsOf(source).at(-1) === 'docker.sock' || sockets.some((socket) => isUnder(socket, source))
}

export function containerDockerSocket(input: PostureInput): PostureFinding[] {
  const mounts = input.container?.mountSources.filter(exposesSocket) ?? []
  if (input.container === null || mounts.length === 0) return []
  return [
    {
      rule: 'container-docker-socket',
      severity: 'critical',
      title: 'Its container can control Docker',
      why: 'With the Docker socket mounted, the node (or anyone who breaks into it) can start a privileged container that mounts the whole disk: that is root on this machine.',
      fix: 'Remove the mount (`-v /var/run/docker.sock:…`, or the `volumes:` line in compose). If the node must talk to Docker, put a socket proxy in between that allows only the calls it needs, read-only where it can.',
      evidence: `container ${input.container.name} mounts ${mounts.join(', ')}`,
    },
  ]
}
