/**
 * Draws the app and tray icons into resources/ (`node scripts/make-icons.ts`): a green
 * node with three linked peers on the window's dark background for the app, and a lone node
 * for the tray in each alert state (green, amber, red), in each OS's own form.
 *
 * App icon: one source image, resources/icon-source.png (1024 x 1024), drawn here from the
 * glyph below. Every other app icon is made from that one file by png2icons (pure JS, so no
 * ImageMagick or iconutil on the build machine):
 *   - Windows: resources/icon.ico, 16 to 256 px (PNG above 48 px, BMP below, as png2icons
 *     writes an icon meant for an .exe);
 *   - macOS: resources/icon.icns, 16 to 1024 px (ic10 is 512@2x);
 *   - Linux: resources/icons/<n>x<n>.png for 16 to 1024 px (electron-builder reads the size
 *     from the file name: https://www.electron.build/docs/linux), taken from png2icons' own
 *     PNG resamples, and resources/icon.png (256 px) for the window.
 * A designer's drawing can replace icon-source.png: `node scripts/make-icons.ts --keep-source`
 * then only derives the rest from it.
 *
 * Tray: drawn from the same glyph at the tray's own sizes, since a 16 px menu-bar image must
 * be a simpler shape than the app icon, not a shrunk copy of it:
 *   - Linux: tray-<colour>.png and @2x, in colour;
 *   - Windows: tray-<colour>.ico, the same drawing at the small-icon sizes Windows asks for;
 *   - macOS: tray-<colour>Template.png and @2x, black and alpha only. macOS recolours a
 *     template for the menu bar, so the state is a shape: a node (ring and dot), a "!" in
 *     the ring, or a solid disc with the "!" cut out.
 * Amber and red also carry the "!" in colour, so the state never rests on hue alone.
 * The files are committed; this only reruns when a glyph changes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import png2icons from 'png2icons'
import { crc32, deflateSync } from 'node:zlib'

type Rgba = readonly [number, number, number, number]
/** A shape in unit coordinates (0..1 across the image): is this point inside? */
type Shape = (x: number, y: number) => boolean
/** `erase` cuts the shape out of what is below instead of painting over it. */
type Layer = { shape: Shape; color: Rgba; erase?: true }

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

/** The alert mark: a bar and a dot, centred in the node. */
const bang: Shape[] = [segment(0.5, 0.27, 0.5, 0.55, 0.075), circle(0.5, 0.74, 0.085)]
const white: Rgba = [255, 255, 255, 255]
const black: Rgba = [0, 0, 0, 255]

type TrayColour = 'green' | 'amber' | 'red'
const trayColours: Record<TrayColour, { rim: Rgba; fill: Rgba }> = {
  green: { rim: darkGreen, fill: green },
  amber: { rim: [180, 83, 9, 255], fill: [245, 158, 11, 255] },
  red: { rim: [153, 27, 27, 255], fill: [239, 68, 68, 255] },
}

/** Linux and Windows: the coloured node; amber and red with a white "!". */
function colourTray(colour: TrayColour): Layer[] {
  const { rim, fill } = trayColours[colour]
  const mark = colour === 'green' ? [] : bang.map((shape) => ({ shape, color: white }))
  return [{ shape: circle(0.5, 0.5, 0.46), color: rim }, { shape: circle(0.5, 0.5, 0.36), color: fill }, ...mark]
}

/** macOS: black shapes only; the state is which shape. */
function templateTray(colour: TrayColour): Layer[] {
  const ring: Layer[] = [
    { shape: circle(0.5, 0.5, 0.46), color: black },
    { shape: circle(0.5, 0.5, 0.34), color: black, erase: true },
  ]
  if (colour === 'green') return [...ring, { shape: circle(0.5, 0.5, 0.17), color: black }]
  if (colour === 'amber') return [...ring, ...bang.map((shape) => ({ shape, color: black }))]
  return [{ shape: circle(0.5, 0.5, 0.46), color: black }, ...bang.map((shape) => ({ shape, color: black, erase: true as const }))]
}

/** Straight-alpha "over" of each layer, with 4x4 supersampling for smooth edges. */
function render(size: number, layers: Layer[]): Buffer {
  const samples = 4
  const pixels = Buffer.alloc(size * size * 4)
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0]
      for (const { shape, color, erase } of layers) {
        let hits = 0
        for (let sy = 0; sy < samples; sy++) {
          for (let sx = 0; sx < samples; sx++) {
            if (shape((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)) hits++
          }
        }
        const alpha = (hits / samples ** 2) * (color[3] / 255)
        if (erase) {
          a *= 1 - alpha
          continue
        }
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

/**
 * A Windows icon of BMP entries (BITMAPINFOHEADER, 32-bit BGRA bottom-up, then the 1-bit AND
 * mask), which every Windows icon loader reads; the alpha channel carries the transparency.
 */
function ico(entries: Array<{ size: number; rgba: Buffer }>): Buffer {
  const header = Buffer.alloc(6)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(entries.length, 4)
  const images = entries.map(({ size, rgba }) => ({ size, bmp: bmpEntry(size, rgba) }))
  const directory = Buffer.alloc(16 * entries.length)
  let offset = header.length + directory.length
  images.forEach(({ size, bmp }, index) => {
    const at = index * 16
    directory.writeUInt8(size % 256, at)
    directory.writeUInt8(size % 256, at + 1)
    directory.writeUInt16LE(1, at + 4)
    directory.writeUInt16LE(32, at + 6)
    directory.writeUInt32LE(bmp.length, at + 8)
    directory.writeUInt32LE(offset, at + 12)
    offset += bmp.length
  })
  return Buffer.concat([header, directory, ...images.map(({ bmp }) => bmp)])
}

function bmpEntry(size: number, rgba: Buffer): Buffer {
  const maskRow = Math.ceil(size / 32) * 4
  const info = Buffer.alloc(40)
  info.writeUInt32LE(40, 0)
  info.writeInt32LE(size, 4)
  // The height counts the colour rows and the mask rows together.
  info.writeInt32LE(size * 2, 8)
  info.writeUInt16LE(1, 12)
  info.writeUInt16LE(32, 14)
  info.writeUInt32LE(size * size * 4 + maskRow * size, 20)
  const pixels = Buffer.alloc(size * size * 4)
  const mask = Buffer.alloc(maskRow * size)
  for (let y = 0; y < size; y++) {
    const row = size - 1 - y
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4
      const [r, g, b, a] = [0, 1, 2, 3].map((channel) => rgba.readUInt8(from + channel)) as [number, number, number, number]
      pixels.set([b, g, r, a], (row * size + x) * 4)
      const maskByte = row * maskRow + (x >> 3)
      if (a === 0) mask.writeUInt8(mask.readUInt8(maskByte) | (0x80 >> (x & 7)), maskByte)
    }
  }
  return Buffer.concat([info, pixels, mask])
}

/** The sizes Windows asks a tray icon for: 16 px at 100 % scale up to 32 px at 200 %, and 48 for large icons. */
const icoSizes = [16, 20, 24, 32, 40, 48]

/** The one source of every app icon. */
const sourcePath = 'resources/icon-source.png'
const sourceSize = 1024
/** What Linux desktops and electron-builder's deb/AppImage icon set look for. */
const linuxSizes = [16, 32, 48, 64, 128, 256, 512, 1024]

/** The PNG images inside an .ico (png2icons with PNG entries), by width. */
function icoPngs(bytes: Buffer): Map<number, Buffer> {
  const found = new Map<number, Buffer>()
  for (let index = 0; index < bytes.readUInt16LE(4); index++) {
    const at = 6 + index * 16
    const image = bytes.subarray(bytes.readUInt32LE(at + 12), bytes.readUInt32LE(at + 12) + bytes.readUInt32LE(at + 8))
    found.set(bytes.readUInt8(at) || 256, image)
  }
  return found
}

/** The PNG images inside an .icns, by width (ic09 is 512, ic10 is 1024 as 512@2x). */
function icnsPngs(bytes: Buffer): Map<number, Buffer> {
  const found = new Map<number, Buffer>()
  for (let at = 8; at < bytes.length; at += bytes.readUInt32BE(at + 4)) {
    const data = bytes.subarray(at + 8, at + bytes.readUInt32BE(at + 4))
    if (data.subarray(1, 4).toString('latin1') === 'PNG') found.set(data.readUInt32BE(16), data)
  }
  return found
}

function appIcons(source: Buffer): Array<[path: string, bytes: Buffer]> {
  const scaling = png2icons.BICUBIC2
  const icns = png2icons.createICNS(source, scaling, 0)
  const exeIco = png2icons.createICO(source, scaling, 0, false, true)
  const pngIco = png2icons.createICO(source, scaling, 0, true)
  if (icns === null || exeIco === null || pngIco === null) throw new Error(`png2icons could not read ${sourcePath}`)
  const resampled = new Map([...icoPngs(pngIco), ...icnsPngs(icns)])
  const pngOf = (size: number): Buffer => {
    const image = size === sourceSize ? source : resampled.get(size)
    if (image === undefined) throw new Error(`png2icons made no ${size} px image`)
    return image
  }
  return [
    ['resources/icon.icns', icns],
    ['resources/icon.ico', exeIco],
    ['resources/icon.png', pngOf(256)],
    ...linuxSizes.map((size): [string, Buffer] => [`resources/icons/${size}x${size}.png`, pngOf(size)]),
  ]
}

const outputs: Array<[path: string, bytes: Buffer]> = []
if (!process.argv.includes('--keep-source')) {
  const source = png(sourceSize, render(sourceSize, appIcon))
  writeFileSync(sourcePath, source)
  process.stdout.write(`wrote ${sourcePath} (${source.length} bytes)\n`)
}
outputs.push(...appIcons(readFileSync(sourcePath)))
for (const colour of Object.keys(trayColours) as TrayColour[]) {
  // Electron picks the @2x file by name on HiDPI screens, and treats a name ending in Template as a template image.
  outputs.push(
    [`resources/tray-${colour}.png`, png(16, render(16, colourTray(colour)))],
    [`resources/tray-${colour}@2x.png`, png(32, render(32, colourTray(colour)))],
    [`resources/tray-${colour}.ico`, ico(icoSizes.map((size) => ({ size, rgba: render(size, colourTray(colour)) })))],
    [`resources/tray-${colour}Template.png`, png(16, render(16, templateTray(colour)))],
    [`resources/tray-${colour}Template@2x.png`, png(32, render(32, templateTray(colour)))],
  )
}
for (const [path, bytes] of outputs) {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, bytes)
  process.stdout.write(`wrote ${path} (${bytes.length} bytes)\n`)
}
