import { isIPv6 } from 'node:net'
import type { PowerSourceError } from '../power-source.ts'
import { parseEntityId } from './home-assistant.ts'
import { isPlugKind, plugProtocols, type PlugFound, type PlugKind } from './index.ts'
import { redact } from './plug-http.ts'

/*
 * What the operator types into "add a plug": `192.168.1.20`, `shelly-plug.local`,
 * `http://10.0.0.5:8080/`. Parsed by hand rather than by `new URL`, which would quietly turn
 * `192.168.1` into 192.168.0.1 and `0x7f.1` into 127.0.0.1. Messages never repeat the input:
 * it may hold a password someone pasted along with the address.
 */

export type PlugAddress = {
  /** Lowercase host name, dotted IPv4, or IPv6 without brackets. */
  host: string
  port: number
  /** Normalised `host:port` (`[v6]:port`): what settings store. */
  address: string
}

export type AddressResult = { ok: true; value: PlugAddress } | { ok: false; message: string }

const enterAddress = "Enter the plug's address, e.g. 192.168.1.20 or shelly-plug.local"
const ipv4Message = 'An IP address is four numbers from 0 to 255 without leading zeros, e.g. 192.168.1.20'

export function parsePlugAddress(input: unknown, defaultPort: number): AddressResult {
  if (typeof input !== 'string' || input.trim() === '') return refuse(enterAddress)
  const text = input.trim()
  if (text.length > 300) return refuse('That is too long to be an address')
  if (/\s/.test(text)) return refuse('An address has no spaces in it')
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)
  const schemeName = scheme?.[1]?.toLowerCase()
  if (schemeName === 'https') return refuse('https:// is not supported: plugs on the LAN answer plain http://')
  if (schemeName !== undefined && schemeName !== 'http') return refuse('Only http:// addresses work here')
  const rest = scheme ? text.slice(scheme[0].length) : text
  if (!rest.startsWith('[') && (rest.match(/:/g)?.length ?? 0) > 1) return refuse('Put an IPv6 address in brackets, e.g. [fd00::20]')
  if (!scheme && /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(rest)) return refuse('Only http:// addresses work here')
  if (rest.includes('@')) return refuse('Leave the user name and password out of the address')
  const cut = rest.search(/[/?#\\]/)
  const authority = cut === -1 ? rest : rest.slice(0, cut)
  const tail = cut === -1 ? '' : rest.slice(cut)
  if (tail !== '' && tail !== '/') return refuse('Give only the address, without a path or query (no /status, no ?…)')
  if (authority === '') return refuse(enterAddress)
  const split = splitHostPort(authority)
  if ('message' in split) return refuse(split.message)
  const port = split.port === null ? defaultPort : Number(split.port)
  if (split.port !== null && (!/^\d{1,5}$/.test(split.port) || port < 1 || port > 65535)) return refuse('The port must be a number from 1 to 65535')
  const host = split.ipv6 ? checkIpv6(split.host) : checkHost(split.host)
  if ('message' in host) return refuse(host.message)
  const address = split.ipv6 ? `[${host.host}]:${port}` : `${host.host}:${port}`
  return { ok: true, value: { host: host.host, port, address } }
}

function refuse(message: string): AddressResult {
  return { ok: false, message }
}

function splitHostPort(authority: string): { host: string; port: string | null; ipv6: boolean } | { message: string } {
  if (!authority.startsWith('[')) {
    const [host = '', port] = authority.split(':')
    return { host, port: port ?? null, ipv6: false }
  }
  const end = authority.indexOf(']')
  if (end === -1) return { message: 'An IPv6 address needs its closing bracket, e.g. [fd00::20]:80' }
  const after = authority.slice(end + 1)
  if (after !== '' && !after.startsWith(':')) return { message: 'Write a port after an IPv6 address as [fd00::20]:80' }
  return { host: authority.slice(1, end), port: after === '' ? null : after.slice(1), ipv6: true }
}

function checkIpv6(host: string): { host: string } | { message: string } {
  if (host.includes('%')) return { message: "IPv6 addresses with a zone (%eth0) are not supported: use the plug's IPv4 address" }
  if (!isIPv6(host)) return { message: 'That is not an IPv6 address' }
  return { host: new URL(`http://[${host}]/`).hostname.slice(1, -1) }
}

function checkHost(input: string): { host: string } | { message: string } {
  const host = input.toLowerCase().replace(/\.$/, '')
  if (host === '') return { message: enterAddress }
  const labels = host.split('.')
  // URL parsers read a name whose last label is a number as an IPv4 address, so it must be a plain one.
  if (/^(\d+|0x[0-9a-f]*)$/.test(labels.at(-1) ?? '')) return checkIpv4(labels)
  if (host.length > 253 || !labels.every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label))) {
    return { message: "A host name has only letters, digits, dots and dashes, e.g. shelly-plug.local; or use the plug's IP address" }
  }
  return { host }
}

function checkIpv4(octets: string[]): { host: string } | { message: string } {
  if (octets.length !== 4 || !octets.every((octet) => /^(0|[1-9]\d{0,2})$/.test(octet) && Number(octet) <= 255)) return { message: ipv4Message }
  const first = Number(octets[0])
  if (octets.every((octet) => octet === '0') || octets.every((octet) => octet === '255') || first >= 224) {
    return { message: 'That is not the address of one device (it is a broadcast, multicast or "any" address)' }
  }
  return { host: octets.join('.') }
}

export const defaultPlugTimeoutMs = 3000

export type TestConnectionOptions = {
  /** Outlet or switch index, counted from 0. */
  channel?: unknown
  /** Home Assistant only. */
  entityId?: unknown
  /** Home Assistant token or Tasmota web password, from the form; never echoed back. */
  secret?: unknown
  timeoutMs?: number
}

export type TestConnectionResult =
  | { ok: true; kind: PlugKind; address: string; found: PlugFound }
  /** `field` names the form field at fault, or null when the device itself is. */
  | { ok: false; field: 'kind' | 'address' | 'channel' | 'entityId' | 'secret' | null; error: PowerSourceError }

/** "Test connection" in the add-a-plug form: validate every field, then look at the device once. */
export async function testConnection(kind: unknown, address: unknown, options: TestConnectionOptions = {}): Promise<TestConnectionResult> {
  if (!isPlugKind(kind)) {
    const kinds = Object.values(plugProtocols).map((protocol) => protocol.label).join(', ')
    return invalid('kind', `Choose the kind of plug: ${kinds}`)
  }
  const protocol = plugProtocols[kind]
  const parsed = parsePlugAddress(address, protocol.defaultPort)
  if (!parsed.ok) return invalid('address', parsed.message)
  const channel = options.channel ?? 0
  if (typeof channel !== 'number' || !Number.isInteger(channel) || channel < 0 || channel > 63) {
    return invalid('channel', 'The channel is the outlet or switch number, counted from 0')
  }
  const entity = protocol.target === 'entity' ? parseEntityId(options.entityId) : null
  if (entity && !entity.ok) return invalid('entityId', entity.message)
  if (options.secret !== undefined && typeof options.secret !== 'string') return invalid('secret', 'The secret must be text')
  const secret = options.secret === '' ? undefined : options.secret
  if (protocol.secret === 'required' && secret === undefined) return invalid('secret', `${protocol.label} needs a ${protocol.secretLabel ?? 'secret'}`)
  const found = await protocol.probe({
    address: parsed.value,
    channel,
    entityId: entity?.ok ? entity.value : undefined,
    secret,
    label: 'test connection',
    timeoutMs: options.timeoutMs ?? defaultPlugTimeoutMs,
  })
  if (!found.ok) return { ok: false, field: null, error: redact(found.error, secret) }
  return { ok: true, kind, address: parsed.value.address, found: found.value }
}

function invalid(field: 'kind' | 'address' | 'channel' | 'entityId' | 'secret', message: string): TestConnectionResult {
  return { ok: false, field, error: { kind: 'failed', message } }
}
