import { describe, expect, it } from 'vitest'
import { runsAsRoot } from '../../../../../src/main/core/nodes/posture/rules/runs-as-root.ts'
import { containerFacts, inputOf, processFacts } from '../posture-input.ts'

describe('runs-as-root on the host', () => {
  it('says nothing of uid 1, and is critical at uid 0', () => {
    expect(runsAsRoot(inputOf({ processes: [processFacts({ uid: 1 })] }))).toEqual([])
    const [finding] = runsAsRoot(inputOf({ processes: [processFacts({ uid: 0 })] }))
    expect(finding).toMatchObject({ rule: 'runs-as-root', severity: 'critical', evidence: 'uid 0: lotus-miner (pid 4242)' })
  })

  it('names only the processes that run as root', () => {
    const processes = [processFacts({ pid: 1, uid: 0, name: 'curio' }), processFacts({ pid: 2, uid: 1000, name: 'curio-worker' }), processFacts({ pid: 3, uid: 0, name: 'curio-seal' })]
    expect(runsAsRoot(inputOf({ processes }))[0]?.evidence).toBe('uid 0: curio (pid 1), curio-seal (pid 3)')
  })

  it('tells how to change the systemd unit it runs under', () => {
    const [withUnit] = runsAsRoot(inputOf({ processes: [processFacts({ uid: 0, systemdUnit: 'lotus-miner.service' })] }))
    expect(withUnit?.fix).toContain('sudo systemctl edit lotus-miner.service')
    expect(withUnit?.fix).toContain('User=node-runner')
    const [bare] = runsAsRoot(inputOf({ processes: [processFacts({ uid: 0 })] }))
    expect(bare?.fix).not.toContain('systemctl')
  })

  it('says nothing of a node with no process running', () => {
    expect(runsAsRoot(inputOf({ processes: [] }))).toEqual([])
  })
})

describe('runs-as-root in a container', () => {
  const inContainer = (user: string, privileged = false, uid = 0): ReturnType<typeof runsAsRoot> =>
    runsAsRoot(inputOf({ container: containerFacts({ user, privileged }), processes: [processFacts({ uid, containerId: 'c0ffee'.padEnd(64, '0') })] }))

  it.each(['', 'root', '0', 'root:root', '0:0', ' root '])('is root inside with Config.User %j', (user) => {
    expect(inContainer(user)[0]).toMatchObject({ severity: 'warning', title: 'It runs as root in its container' })
  })

  it('explains that no user set means the image default, root', () => {
    expect(inContainer('')[0]?.evidence).toBe("no user set (the image's default: root); uid 0 on the host: lotus-miner (pid 4242)")
  })

  it.each(['1000', '1000:1000', 'node', 'rootless', '1000:0'])('says nothing of Config.User %j running as that user', (user) => {
    expect(inContainer(user, false, 1000)).toEqual([])
  })

  it('is critical when the container is also privileged', () => {
    expect(inContainer('', true)[0]?.severity).toBe('critical')
  })

  it('lowers to info when Docker maps container root to an ordinary host uid (rootless, userns-remap)', () => {
    const [finding] = inContainer('', false, 100000)
    expect(finding).toMatchObject({ severity: 'info', title: 'It runs as root inside its container only', evidence: "no user set (the image's default: root); uid 100000 on the host" })
  })

  it('sees root on the host even when Config.User names another user', () => {
    expect(inContainer('1000', false, 0)[0]).toMatchObject({ severity: 'warning', evidence: 'user 1000; uid 0 on the host: lotus-miner (pid 4242)' })
  })

  it('warns on a root container whose processes are not known', () => {
    const [finding] = runsAsRoot(inputOf({ container: containerFacts({ user: 'root' }), processes: [] }))
    expect(finding).toMatchObject({ severity: 'warning', evidence: 'user root' })
  })
})
