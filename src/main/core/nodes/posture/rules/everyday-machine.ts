import type { PostureFinding, PostureInput } from '../posture-types.ts'

/*
 * The seed article's advice: run nodes on a dedicated machine or a VM, not on the one you use
 * every day, where a flaw or a bad update reaches your browser, your files and your wallets.
 * A node in a container is already walled off (its own rules judge the walls).
 */

export function everydayMachine(input: PostureInput): PostureFinding[] {
  if (input.machine.kind !== 'everyday') return []
  const inContainer = input.container !== null || (input.processes.length > 0 && input.processes.every((p) => p.containerId !== null))
  if (inContainer) return []
  return [
    {
      rule: 'everyday-machine',
      severity: 'warning',
      title: 'It runs on the machine you use every day',
      why: 'Node software comes from third parties and talks to the internet all day. On your everyday machine a flaw in it, or a bad update, reaches your browser sessions, your files and any wallet you use here.',
      fix: 'Move it to a dedicated machine or a VM (VirtualBox, Hyper-V, UTM, or a small cloud or home server), or at least into a container that is not privileged. Keep seed phrases and wallet apps off the machine that runs it.',
      evidence: input.machine.evidence,
    },
  ]
}
