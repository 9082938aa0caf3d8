import { createLogger } from '../core/log.ts'
import { startAgent } from './agent.ts'
import { resolveAgentOptions, usage, UsageError } from './options.ts'

let options
try {
  options = resolveAgentOptions(process.argv.slice(2))
} catch (error) {
  if (!(error instanceof UsageError)) throw error
  process.stderr.write(`depin-desk agent: ${error.message}\n`)
  process.exit(2)
}
if (options === 'help') {
  process.stdout.write(`${usage}\n`)
  process.exit(0)
}

const log = createLogger(options.logLevel)
const agent = await startAgent(options, log).catch((error: unknown) => {
  const { code, message } = error as NodeJS.ErrnoException
  const hint = code === 'EADDRINUSE' ? ` (port ${options.port} is taken; pass --port)` : ''
  process.stderr.write(`depin-desk agent: cannot start: ${message}${hint}\n`)
  process.exit(1)
})

process.stdout.write(`DePIN Desk agent listening on ${agent.url}\n`)
if (agent.token?.created) {
  process.stdout.write(
    `Bearer token (shown once, kept in ${agent.token.path}):\n  ${agent.token.token}\n` +
      `Open ${agent.url}#token=${agent.token.token} in a browser, or send "Authorization: Bearer <token>".\n`,
  )
} else if (agent.token) {
  process.stdout.write(`Calls need the bearer token kept in ${agent.token.path}.\n`)
}

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1)
    stopping = true
    log.info(`${signal}: stopping`)
    agent.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('stop failed', error)
        process.exit(1)
      },
    )
  })
}
