import type { Agent, IncomingMessage } from 'node:http'

/*
 * The Docker Engine API over its local socket, read-only: GET only, and only the paths the
 * container scanner asks for. On node:http with `socketPath`, as core/net/http-exchange.ts
 * explains, never fetch. The module is taken from process.getBuiltinModule so undici is not
 * loaded (eslint.config.js).
 *
 * Version: the first call asks GET /_ping, whose API-Version header is the daemon's newest
 * API, and every later path is prefixed /v<min(that, maxApiVersion)>, as the docker CLI
 * negotiates. Unversioned paths are deprecated ("will be removed in a future release",
 * https://docs.docker.com/reference/api/engine/#versioned-api-and-sdk), and a fixed old prefix
 * breaks on daemons that raised their minimum (Docker 29 refuses below 1.44). Every field read
 * here has kept its shape since 1.24; the API's schema is open, so unknown fields are ignored.
 */

/** The newest API whose bodies this client was checked against (Docker 28.x). */
export const maxApiVersion = '1.51'

export type DockerFailure = 'absent' | 'denied' | 'refused' | 'timeout' | 'http' | 'malformed'

/** Why the daemon could not be asked. `absent` (no socket) is a machine without Docker, not a fault. */
export class DockerUnavailableError extends Error {
  override readonly name = 'DockerUnavailableError'
  readonly failure: DockerFailure
  readonly status: number | null

  constructor(failure: DockerFailure, message: string, status: number | null = null) {
    super(message)
    this.failure = failure
    this.status = status
  }
}

export type DockerApiOptions = {
  socketPath: string
  /** Per request, connection included. */
  timeoutMs?: number
  /** A body larger than this is dropped and reported. */
  maxBodyBytes?: number
}

type Answer = { status: number; headers: IncomingMessage['headers']; body: string }

/** "1.47" < "1.51" as versions, not as strings. */
function olderVersion(a: string, b: string): string {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number)
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number)
  return aMajor < bMajor || (aMajor === bMajor && aMinor <= bMinor) ? a : b
}

export class DockerApi {
  readonly socketPath: string
  readonly #timeoutMs: number
  readonly #maxBodyBytes: number
  readonly #agent: Agent
  #version: Promise<string> | undefined

  constructor(options: DockerApiOptions) {
    this.socketPath = options.socketPath
    this.#timeoutMs = options.timeoutMs ?? 5000
    this.#maxBodyBytes = options.maxBodyBytes ?? 8 * 1024 * 1024
    // Kept alive: a scan asks a few paths back to back on the same socket.
    this.#agent = new (process.getBuiltinModule('node:http').Agent)({ keepAlive: true, maxSockets: 4, timeout: 4000 })
  }

  /** GET a versioned path ('/containers/json?all=true') and parse its JSON body. */
  async get(path: string): Promise<unknown> {
    const version = await this.#negotiated()
    const answer = await this.#request(`/v${version}${path}`, path)
    if (answer.status >= 400) throw new DockerUnavailableError('http', `Docker answered ${String(answer.status)} to GET ${path}: ${errorMessage(answer.body)}`, answer.status)
    try {
      return JSON.parse(answer.body) as unknown
    } catch {
      throw new DockerUnavailableError('malformed', `Docker answered GET ${path} with a body that is not JSON`)
    }
  }

  /** Closes kept-alive sockets. */
  close(): void {
    this.#agent.destroy()
  }

  #negotiated(): Promise<string> {
    this.#version ??= this.#request('/_ping').then((answer) => {
      const header = answer.headers['api-version']
      const daemon = typeof header === 'string' && /^\d+\.\d+$/.test(header) ? header : null
      if (answer.status >= 400 || daemon === null) throw new DockerUnavailableError('malformed', `${this.socketPath} answered /_ping without an API-Version: is it a Docker Engine?`, answer.status)
      return olderVersion(daemon, maxApiVersion)
    })
    // A failed negotiation is asked again next time (the daemon may start later).
    this.#version.catch(() => (this.#version = undefined))
    return this.#version
  }

  /** `shown` is the path as errors name it, without the version prefix. */
  #request(path: string, shown = path): Promise<Answer> {
    const http = process.getBuiltinModule('node:http')
    return new Promise<Answer>((resolve, reject) => {
      const request = http.request({ socketPath: this.socketPath, path, method: 'GET', agent: this.#agent, headers: { host: 'docker', accept: 'application/json' } })
      const timer = setTimeout(() => request.destroy(new DockerUnavailableError('timeout', `Docker did not answer GET ${shown} within ${String(this.#timeoutMs / 1000)} s on ${this.socketPath}`)), this.#timeoutMs)
      request.on('error', (error) => {
        clearTimeout(timer)
        reject(error instanceof DockerUnavailableError ? error : socketError(error, this.socketPath))
      })
      request.on('response', (response) => {
        const chunks: Buffer[] = []
        let size = 0
        response.on('data', (chunk: Buffer) => {
          size += chunk.byteLength
          if (size > this.#maxBodyBytes) request.destroy(new DockerUnavailableError('malformed', `Docker's answer to GET ${shown} is over ${String(this.#maxBodyBytes)} bytes`))
          else chunks.push(chunk)
        })
        response.on('end', () => {
          clearTimeout(timer)
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') })
        })
        response.on('error', () => undefined)
      })
      request.end()
    })
  }
}

/** The Engine's error body is {"message": "..."}; anything else is shown cut short. */
function errorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown }
    if (typeof parsed.message === 'string') return parsed.message
  } catch {
    // Not JSON: the text itself.
  }
  return body.slice(0, 200)
}

/** What a connect failure means to the operator, with what to do about it. */
export function socketError(error: unknown, socketPath: string): DockerUnavailableError {
  const code = (error as { code?: unknown }).code
  if (code === 'ENOENT') return new DockerUnavailableError('absent', `no Docker socket at ${socketPath}: Docker is not installed, or not running`)
  if (code === 'EACCES' || code === 'EPERM') {
    return new DockerUnavailableError(
      'denied',
      `Docker socket ${socketPath} refused: permission denied. Add your user to the docker group (\`sudo usermod -aG docker $USER\`, then log out and in) or run the DePIN Desk agent as a user that may read it; note that access to the Docker socket is as strong as root`,
    )
  }
  if (code === 'ECONNREFUSED') return new DockerUnavailableError('refused', `Docker socket ${socketPath} is there but nothing answers: the Docker daemon is stopped (\`sudo systemctl start docker\`)`)
  const detail = error instanceof Error ? error.message : String(error)
  return new DockerUnavailableError('malformed', `Docker socket ${socketPath}: ${detail}`)
}
