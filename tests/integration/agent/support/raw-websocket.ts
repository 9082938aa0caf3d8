import { randomBytes } from 'node:crypto'
import { connect, type Socket } from 'node:net'

/**
 * A WebSocket client written on a bare TCP socket, so a test can behave as no library would
 * let it: stop reading (`socket.pause()`) while it keeps sending.
 */
export async function openRawWebSocket(port: number, path = '/ws'): Promise<Socket> {
  const socket = connect(port, '127.0.0.1')
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: desk.v1\r\n\r\n`,
  )
  const head = await new Promise<string>((resolve, reject) => {
    let seen = ''
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString('latin1')
      const end = seen.indexOf('\r\n\r\n')
      if (end === -1) return
      socket.off('data', onData)
      socket.pause()
      // Bytes after the handshake are frames already; hand them back to whoever reads next.
      if (end + 4 < seen.length) socket.unshift(Buffer.from(seen.slice(end + 4), 'latin1'))
      resolve(seen.slice(0, end))
    }
    socket.on('data', onData).once('error', reject)
  })
  if (!head.startsWith('HTTP/1.1 101')) throw new Error(`handshake refused: ${head.split('\r\n')[0] ?? ''}`)
  return socket
}

/** One masked text frame, as a client must send it. */
export function textFrame(text: string): Buffer {
  const payload = Buffer.from(text)
  const length = payload.length < 126 ? Buffer.of(0x80 | payload.length) : Buffer.of(0x80 | 126, payload.length >> 8, payload.length & 0xff)
  const mask = randomBytes(4)
  const masked = payload.map((byte, i) => byte ^ (mask[i % 4] ?? 0))
  return Buffer.concat([Buffer.of(0x81), length, mask, masked])
}

/** Splits the server's unmasked frames out of `buffer`; returns the texts and the bytes left over. */
export function readTextFrames(buffer: Buffer): { texts: string[]; rest: Buffer } {
  const texts: string[] = []
  let at = 0
  for (;;) {
    if (buffer.length < at + 2) break
    const short = (buffer[at + 1] ?? 0) & 0x7f
    const headerBytes = short === 126 ? 4 : short === 127 ? 10 : 2
    if (buffer.length < at + headerBytes) break
    const length = short === 126 ? buffer.readUInt16BE(at + 2) : short === 127 ? Number(buffer.readBigUInt64BE(at + 2)) : short
    if (buffer.length < at + headerBytes + length) break
    if (((buffer[at] ?? 0) & 0x0f) === 0x1) texts.push(buffer.toString('utf8', at + headerBytes, at + headerBytes + length))
    at += headerBytes + length
  }
  return { texts, rest: buffer.subarray(at) }
}
