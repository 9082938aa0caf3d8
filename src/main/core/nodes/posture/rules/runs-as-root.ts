import type { ContainerFacts, ProcessFacts } from '../../node-facts.ts'
import type { PostureFinding, PostureInput } from '../posture-types.ts'

/*
 * A node is internet-facing software written by others: run as root, one flaw in it is the
 * whole machine. In a container, root inside is still uid 0 on the host unless Docker maps
 * users (rootless Docker, userns-remap); the container's walls hold it back unless privileged.
 */

const rule = 'runs-as-root'

/** Config.User names root: '' (the image default), 'root' or '0', with or without a group. */
const isRootUser = (user: string): boolean => ['', 'root', '0'].includes(user.trim().split(':')[0] ?? '')

const describe = (p: ProcessFacts): string => `${p.name} (pid ${p.pid})`

export function runsAsRoot(input: PostureInput): PostureFinding[] {
  if (input.container !== null) return containerRoot(input.container, input.processes)
  const root = input.processes.filter((p) => p.uid === 0)
  const [first] = root
  if (first === undefined) return []
  const unit = first.systemdUnit
  return [
    {
      rule,
      severity: 'critical',
      title: 'It runs as root',
      why: 'Anyone who finds a flaw in the node, or ships a bad update of it, gets full control of this machine: its files, its other services and any wallet on it.',
      fix:
        unit === null
          ? 'Create a user for it (`sudo useradd --system --create-home node-runner`), give that user the node\'s data folder (`sudo chown -R node-runner: <data folder>`), and start the node as that user (`sudo -u node-runner …`).'
          : `Create a user for it (\`sudo useradd --system --create-home node-runner\`), give it the node's data folder (\`sudo chown -R node-runner: <data folder>\`), then \`sudo systemctl edit ${unit}\`, add \`[Service]\` and \`User=node-runner\`, and \`sudo systemctl restart ${unit}\`.`,
      evidence: `uid 0: ${root.map(describe).join(', ')}`,
    },
  ]
}

function containerRoot(container: ContainerFacts, processes: readonly ProcessFacts[]): PostureFinding[] {
  const rootOnHost = processes.filter((p) => p.uid === 0)
  if (!isRootUser(container.user) && rootOnHost.length === 0) return []
  const user = container.user === '' ? "no user set (the image's default: root)" : `user ${container.user}`
  const fix =
    'Run it as an ordinary user: `docker run --user 1000:1000 …`, or `user: "1000:1000"` in compose (give that uid its data volume with `chown`). Better still, run Docker rootless (`dockerd-rootless-setuptool.sh install`), which maps root in containers to your own user.'
  if (rootOnHost.length === 0 && processes.length > 0) {
    const uids = [...new Set(processes.map((p) => p.uid))].join(', ')
    return [
      {
        rule,
        severity: 'info',
        title: 'It runs as root inside its container only',
        why: 'Docker maps root in this container to an ordinary user on the machine, so a flaw in the node stays within that user. Root inside can still change everything in the container and its volumes.',
        fix,
        evidence: `${user}; uid ${uids} on the host`,
      },
    ]
  }
  return [
    {
      rule,
      severity: container.privileged ? 'critical' : 'warning',
      title: 'It runs as root in its container',
      why: container.privileged
        ? 'Root in a privileged container is root on this machine: a flaw in the node takes the whole machine.'
        : 'Root in a container is uid 0 on this machine: only the container\'s walls (namespaces, dropped capabilities) stand between a flaw in the node and the machine, and kernel flaws that break those walls do turn up.',
      fix,
      evidence: rootOnHost.length > 0 ? `${user}; uid 0 on the host: ${rootOnHost.map(describe).join(', ')}` : user,
    },
  ]
}
