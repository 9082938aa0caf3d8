/*
 * Where the Docker Engine API listens on this machine. DOCKER_HOST wins when it names a local
 * socket or pipe (rootless Docker sets it to unix:///run/user/<uid>/docker.sock); a tcp://
 * DOCKER_HOST is a remote daemon, whose containers are not this machine's, so it is ignored.
 * See https://docs.docker.com/engine/security/rootless/ and
 * https://docs.docker.com/reference/cli/docker/#environment-variables.
 */

export function dockerSocketPath(env: Readonly<Record<string, string | undefined>> = process.env, platform: NodeJS.Platform = process.platform): string {
  const host = env.DOCKER_HOST?.trim() ?? ''
  if (host.startsWith('unix://')) return host.slice('unix://'.length)
  // npipe:////./pipe/docker_engine → \\.\pipe\docker_engine, the form node:net connects to.
  if (host.startsWith('npipe://')) return host.slice('npipe://'.length).replaceAll('/', '\\')
  // Docker Desktop for Windows serves this named pipe; Linux and Docker Desktop for Mac (its
  // default "allow the default Docker socket" setting) serve /var/run/docker.sock.
  return platform === 'win32' ? '\\\\.\\pipe\\docker_engine' : '/var/run/docker.sock'
}
