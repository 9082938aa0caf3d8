import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { builtinModules, createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/*
 * resources/docker: the agent's image and its compose files, read statically (no Docker daemon
 * runs where the tests do, so no image is built here): the runtime stage runs as a non-root user
 * with a health check and holds only the build's output; compose runs it read-only with nothing
 * of the host, and the host's /proc, /sys and Docker socket come, read-only, from the opt-in file.
 */

// js-yaml ships no types: typed here for load() only.
const { load } = createRequire(import.meta.url)('js-yaml') as { load: (text: string) => unknown }

const repo = join(import.meta.dirname, '../../..')
const dir = join(repo, 'resources/docker')
const text = (name: string): string => readFileSync(join(dir, name), 'utf8')

type Instruction = { keyword: string; args: string; flags: Record<string, string>; rest: string }
type Stage = { from: string; name: string | undefined; instructions: Instruction[] }

/** A Dockerfile's instructions by stage: continuation lines joined, comments dropped, --flags apart. */
function parseDockerfile(source: string): Stage[] {
  const lines: string[] = []
  let pending = ''
  for (const raw of source.split('\n')) {
    if (/^\s*#/.test(raw) && pending === '') continue
    if (raw.endsWith('\\')) {
      pending += `${raw.slice(0, -1)} `
      continue
    }
    const line = (pending + raw).trim()
    pending = ''
    if (line !== '') lines.push(line)
  }
  const stages: Stage[] = []
  for (const line of lines) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? []
    const flags: Record<string, string> = {}
    let rest = args
    for (let flag = /^--([\w-]+)=(\S+)\s*/.exec(rest); flag; flag = /^--([\w-]+)=(\S+)\s*/.exec(rest)) {
      flags[flag[1] ?? ''] = flag[2] ?? ''
      rest = rest.slice(flag[0].length)
    }
    const instruction = { keyword: keyword.toUpperCase(), args, flags, rest }
    if (instruction.keyword === 'FROM') {
      const [from = '', as, name] = rest.split(/\s+/)
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] })
    } else {
      const stage = stages.at(-1) ?? expect.unreachable(`${keyword} before FROM`)
      stage.instructions.push(instruction)
    }
  }
  return stages
}

const stages = parseDockerfile(text('Dockerfile'))
const build = stages[0] ?? expect.unreachable('no stage')
const runtime = stages.at(-1) ?? expect.unreachable('no stage')
const all = (stage: Stage, keyword: string): Instruction[] => stage.instructions.filter((i) => i.keyword === keyword)
const one = (stage: Stage, keyword: string): Instruction => {
  const found = all(stage, keyword)
  expect(found, keyword).toHaveLength(1)
  return found[0] ?? expect.unreachable(keyword)
}
const execForm = (instruction: Instruction): string[] => JSON.parse(instruction.rest) as string[]

describe('resources/docker/Dockerfile', () => {
  it('builds with npm ci and npm run build, then runs on the same node:24-slim', () => {
    expect(stages).toHaveLength(2)
    expect(build.name).toBe('build')
    expect(build.from).toBe('node:24-slim')
    expect(runtime.from).toBe('node:24-slim')
    const runs = all(build, 'RUN').map((i) => i.args)
    expect(runs.some((r) => r.startsWith('npm ci'))).toBe(true)
    expect(runs).toContain('npm run build')
  })

  it('copies into the runtime stage only the built agent, the built UI and package.json', () => {
    const copies = runtime.instructions.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')
    expect(copies.every((c) => c.keyword === 'COPY' && c.flags.from === 'build')).toBe(true)
    expect(copies.map((c) => c.rest)).toEqual([
      '/src/package.json /app/package.json',
      '/src/out/agent /app/out/agent',
      '/src/out/renderer /app/out/renderer',
    ])
    // Nothing installed at run time: no npm, no node_modules.
    expect(all(runtime, 'RUN').some((r) => /\bnpm\b|node_modules/.test(r.args))).toBe(false)
  })

  it('needs no node_modules at run time: the Linux bundle imports only node built-ins', () => {
    // What out/agent/*.js imports by bare name, less what is loaded only off Linux or optionally.
    const offLinuxOrOptional = new Set(['systeminformation', 'bufferutil', 'utf-8-validate'])
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
    const bundle = join(repo, 'out/agent')
    if (!existsSync(join(bundle, 'main.js'))) expect.unreachable('out/agent/main.js is not built: run `npm run build:agent` (npm test builds it)')
    const imported = new Set<string>()
    for (const file of readdirSync(bundle).filter((f) => f.endsWith('.js'))) {
      const source = readFileSync(join(bundle, file), 'utf8')
      for (const match of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|require\s*\(\s*)(["'])([^"'./\s][^"'\s]*)\1/g)) imported.add(match[2] ?? '')
    }
    expect(imported.size).toBeGreaterThan(0)
    expect([...imported].filter((name) => !builtins.has(name) && !offLinuxOrOptional.has(name))).toEqual([])
  })

  it('runs as a non-root user, bound to 0.0.0.0 on 7420 with its data in /data, and checks /healthz', () => {
    const user = one(runtime, 'USER').rest
    expect(user.split(':')[0]).not.toMatch(/^(root|0)$/)
    expect(Number(user.split(':')[0])).toBeGreaterThanOrEqual(1000)
    expect(one(runtime, 'EXPOSE').rest).toBe('7420')
    expect(one(runtime, 'VOLUME').rest).toBe('/data')
    const health = one(runtime, 'HEALTHCHECK')
    expect(health.rest).toMatch(/^CMD /)
    expect(health.rest).toContain('http://127.0.0.1:7420/healthz')
    expect(execForm(one(runtime, 'ENTRYPOINT'))).toEqual(['node', '/app/out/agent/main.js'])
    expect(execForm(one(runtime, 'CMD'))).toEqual(['--host', '0.0.0.0', '--port', '7420', '--data-dir', '/data'])
  })

  it('has an ignore file beside it that keeps node_modules, out, .git and tokens out of the context', () => {
    const ignored = text('Dockerfile.dockerignore').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'))
    for (const pattern of ['**/node_modules', 'out', '.git', 'test-artifacts', '**/agent-token']) expect(ignored).toContain(pattern)
  })
})

type Service = {
  build?: { context: string; dockerfile: string }
  read_only?: boolean
  tmpfs?: string[]
  volumes?: string[]
  ports?: string[]
  cap_drop?: string[]
  security_opt?: string[]
  pid?: string
  cgroup?: string
  group_add?: string[]
  network_mode?: string
  privileged?: boolean
}
type Compose = { services: Record<string, Service>; volumes?: Record<string, unknown> }

const compose = load(text('compose.yaml')) as Compose
const hostReadings = load(text('compose.host-readings.yaml')) as Compose
const agent = compose.services.agent ?? expect.unreachable('no agent service')
const agentHost = hostReadings.services.agent ?? expect.unreachable('no agent service in the override')

describe('resources/docker/compose.yaml', () => {
  it('builds this Dockerfile from the repository root', () => {
    expect(agent.build).toEqual({ context: '../..', dockerfile: 'resources/docker/Dockerfile' })
  })

  it('runs it read-only, with /tmp in memory, no capabilities and no privilege gain', () => {
    expect(agent.read_only).toBe(true)
    expect(agent.tmpfs?.map((t) => t.split(':')[0])).toEqual(['/tmp'])
    expect(agent.cap_drop).toEqual(['ALL'])
    expect(agent.security_opt).toEqual(['no-new-privileges:true'])
    expect(agent.privileged).toBeUndefined()
  })

  it('mounts nothing of the host: the data dir is a named volume', () => {
    expect(agent.volumes).toEqual(['depin-desk-data:/data'])
    expect(Object.keys(compose.volumes ?? {})).toEqual(['depin-desk-data'])
    expect(agent.pid).toBeUndefined()
    expect(agent.cgroup).toBeUndefined()
    expect(agent.network_mode).toBeUndefined()
    expect(agent.group_add).toBeUndefined()
  })

  it("publishes 7420 on the host's loopback unless DESK_PUBLISH says otherwise", () => {
    expect(agent.ports).toEqual(['${DESK_PUBLISH:-127.0.0.1}:7420:7420'])
  })
})

describe('resources/docker/compose.host-readings.yaml', () => {
  const binds = (agentHost.volumes ?? []).map((v) => v.split(':'))

  it('adds only the host readings, every host path read-only', () => {
    expect(Object.keys(hostReadings.services)).toEqual(['agent'])
    expect(binds.map(([source, target]) => `${source ?? ''}:${target ?? ''}`)).toEqual(['/sys:/sys', '/var/run/docker.sock:/var/run/docker.sock'])
    for (const bind of binds) expect(bind[2], bind.join(':')).toBe('ro')
    // /proc cannot be mounted over: the host's processes come with its PID namespace.
    expect(agentHost.pid).toBe('host')
    expect(agentHost.cgroup).toBe('host')
    expect(agentHost.group_add).toEqual([expect.stringMatching(/^\$\{DOCKER_GID:\?/)])
  })

  it('loosens none of the base hardening', () => {
    for (const key of ['read_only', 'cap_drop', 'security_opt', 'privileged', 'network_mode', 'tmpfs', 'ports'] as const) {
      expect(agentHost[key], key).toBeUndefined()
    }
  })
})
