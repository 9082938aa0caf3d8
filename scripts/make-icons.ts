/**
 * Draws the app and tray icons into resources/ (`node scripts/make-icons.ts`): a green
 * node with three linked peers on the window's dark background for the app, a lone green
 * node for the tray. Written with node:zlib alone, so it needs no image tooling; the PNGs
 * are committed and this only reruns when the glyph changes.
 */
import { writeFileSync } from 'node:fs'
import { crc32, deflateSync } from 'node:zlib'

type Rgba = readonly [number, number, number, number]
/** A shape in unit coordinates (0..1 across the image): is this point inside? */
type Shape = (x: number, y: number) => boolean
type Layer = { shape: Shape; color: Rgba }

const green: Rgba = [34, 197, 94, 255]
const darkGreen: Rgba = [21, 128, 61, 255]
const link: Rgba = [134, 239, 172, 200]
const background: Rgba = [15, 17, 21, 255]

const circle =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r

function segment(ax: number, ay: number, bx: number, by: number, halfWidth: number): Shape {
  const length2 = (bx - ax) ** 2 + (by - ay) ** 2
  return (x, y) => {
    const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / length2))
    return (x - ax - t * (bx - ax)) ** 2 + (y - ay - t * (by - ay)) ** 2 <= halfWidth ** 2
  }
}

function roundedSquare(inset: number, radius: number): Shape {
  return (x, y) => {
    const dx = Math.max(inset + radius - x, x - (1 - inset - radius), 0)
    const dy = Math.max(inset + radius - y, y - (1 - inset - radius), 0)
    return dx * dx + dy * dy <= radius * radius
  }
}

function peers(): Layer[] {
  const layers: Layer[] = []
  for (const angle of [-90, 30, 150]) {
    const px = 0.5 + 0.3 * Math.cos((angle * Math.PI) / 180)
    const py = 0.5 + 0.3 * Math.sin((angle * Math.PI) / 180)
    layers.unshift({ shape: segment(0.5, 0.5, px, py, 0.025), color: link })
    layers.push({ shape: circle(px, py, 0.085), color: green })
  }
  return layers
}

const appIcon: Layer[] = [
  { shape: roundedSquare(0.03, 0.2), color: background },
  ...peers(),
  { shape: circle(0.5, 0.5, 0.17), color: darkGreen },
  { shape: circle(0.5, 0.5, 0.13), color: green },
]

const trayIcon: Layer[] = [
  { shape: circle(0.5, 0.5, 0.44), color: darkGreen },
  { shape: circle(0.5, 0.5, 0.33), color: green },
]

/** Straight-alpha "over" of each layer, with 4x4 supersampling for smooth edges. */
function render(size: number, layers: Layer[]): Buffer {
  const samples = 4
  const pixels = Buffer.alloc(size * size * 4)
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0]
      for (const { shape, color } of layers) {
        let hits = 0
        for (let sy = 0; sy < samples; sy++) {
          for (let sx = 0; sx < samples; sx++) {
            if (shape((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)) hits++
          }
        }
        const alpha = (hits / samples ** 2) * (color[3] / 255)
        const outA = alpha + a * (1 - alpha)
        if (outA === 0) continue
        r = (color[0] * alpha + r * a * (1 - alpha)) / outA
        g = (color[1] * alpha + g * a * (1 - alpha)) / outA
        b = (color[2] * alpha + b * a * (1 - alpha)) / outA
        a = outA
      }
      pixels.set([r, g, b, a * 255].map(Math.round), (py * size + px) * 4)
    }
  }
  return pixels
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** An 8-bit RGBA PNG: every row starts with filter byte 0 (none). */
function png(size: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 6, 0, 0, 0], 8)
  const rows = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const outputs: Array<[path: string, size: number, layers: Layer[]]> = [
  ['resources/icon.png', 256, appIcon],
  ['resources/tray.png', 16, trayIcon],
  // Electron picks the @2x file by name on HiDPI screens.
  ['resources/tray@2x.png', 32, trayIcon],
]
for (const [path, size, layers] of outputs) {
  writeFileSync(path, png(size, render(size, layers)))
  process.stdout.write(`wrote ${path} (${size}x${size})\n`)
}
