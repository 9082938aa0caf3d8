import type { PostureFinding, PostureInput } from '../posture-types.ts'

/*
 * --privileged gives a container every capability and every host device and lifts its
 * seccomp and AppArmor profiles: root in it is root on the machine.
 */

export function containerPrivileged(input: PostureInput): PostureFinding[] {
  if (input.container?.privileged !== true) return []
  return [
    {
      rule: 'container-privileged',
      severity: 'critical',
      title: 'Its container is privileged',
      why: 'A privileged container sees every device of the machine and keeps every capability: a flaw in the node is a flaw in the machine, and the container is no wall at all.',
      fix: 'Remove `--privileged` (compose: `privileged: true`). Pass the GPU with `--gpus all` (NVIDIA Container Toolkit) or a device with `--device /dev/…`, and add only the capabilities its docs name with `--cap-add`.',
      evidence: `container ${input.container.name}: Privileged`,
    },
  ]
}
