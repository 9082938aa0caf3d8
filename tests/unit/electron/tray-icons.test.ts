import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { trayColour, trayIconFile, trayIconPaths, type TrayColour } from '../../../src/main/electron/tray-icons.ts'

const resources = join(import.meta.dirname, '../../../resources')
const colours: TrayColour[] = ['green', 'amber', 'red']

type Png = { width: number; height: number; colourType: number; rgba: Buffer }

/** Reads an 8-bit RGBA PNG as scripts/make-icons.ts writes it: one IDAT stream, every row unfiltered. */
function readPng(path: string): Png {
  const bytes = readFileSync(path)
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  const width = bytes.readUInt32BE(16)
  const height = bytes.readUInt32BE(20)
  const data: Buffer[] = []
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at)
    if (bytes.toString('ascii', at + 4, at + 8) === 'IDAT') data.push(bytes.subarray(at + 8, at + 8 + length))
    at += 12 + length
  }
  const rows = inflateSync(Buffer.concat(data))
  const rgba = Buffer.alloc(width * height * 4)
  for (let y = 0; y < height; y++) {
    expect(rows[y * (width * 4 + 1)], 'filter byte').toBe(0)
    rows.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1))
  }
  return { width, height, colourType: bytes[25]!, rgba }
}

function pixels(png: Png): Array<[number, number, number, number]> {
  return Array.from({ length: png.width * png.height }, (_, index) => [...png.rgba.subarray(index * 4, index * 4 + 4)] as [number, number, number, number])
}

/** The ICO directory: each entry's size, bit depth, and the BMP header at its offset. */
function readIco(path: string) {
  const bytes = readFileSync(path)
  expect([bytes.readUInt16LE(0), bytes.readUInt16LE(2)]).toEqual([0, 1])
  return Array.from({ length: bytes.readUInt16LE(4) }, (_, index) => {
    const at = 6 + index * 16
    const offset = bytes.readUInt32LE(at + 12)
    const length = bytes.readUInt32LE(at + 8)
    expect(offset + length).toBeLessThanOrEqual(bytes.length)
    return {
      size: bytes[at]!,
      bitCount: bytes.readUInt16LE(at + 6),
      bmp: { headerSize: bytes.readUInt32LE(offset), width: bytes.readInt32LE(offset + 4), height: bytes.readInt32LE(offset + 8) },
      length,
    }
  })
}

describe('trayColour', () => {
  it('is green with no alert or an info one, amber for a warning, red for a critical one', () => {
    expect([null, 'info', 'warning', 'critical'].map((worst) => trayColour(worst as Parameters<typeof trayColour>[0]))).toEqual([
      'green',
      'green',
      'amber',
      'red',
    ])
  })
})

describe('trayIconFile', () => {
  it('picks each OS its own image', () => {
    expect(trayIconFile('darwin', 'amber')).toBe('tray-amberTemplate.png')
    expect(trayIconFile('win32', 'amber')).toBe('tray-amber.ico')
    expect(trayIconFile('linux', 'amber')).toBe('tray-amber.png')
    expect(trayIconFile('freebsd', 'red')).toBe('tray-red.png')
    expect(trayIconPaths('/app/resources', 'linux')('green')).toBe('/app/resources/tray-green.png')
  })

  it('names files that are in resources/', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      for (const colour of colours) expect(existsSync(trayIconPaths(resources, platform)(colour)), `${platform} ${colour}`).toBe(true)
    }
  })
})

describe('the tray images scripts/make-icons.ts drew', () => {
  it.each(colours)('%s: Linux PNGs at 16 px and @2x 32 px, in colour', (colour) => {
    for (const [file, size] of [[`tray-${colour}.png`, 16], [`tray-${colour}@2x.png`, 32]] as const) {
      const png = readPng(join(resources, file))
      expect([png.width, png.height, png.colourType]).toEqual([size, size, 6])
      expect(pixels(png).some(([r, g, b, a]) => a === 255 && (r !== g || g !== b)), `${file} has colour`).toBe(true)
    }
  })

  it.each(colours)('%s: macOS template images at 16 px and @2x 32 px, black and alpha only', (colour) => {
    for (const [file, size] of [[`tray-${colour}Template.png`, 16], [`tray-${colour}Template@2x.png`, 32]] as const) {
      const png = readPng(join(resources, file))
      expect([png.width, png.height]).toEqual([size, size])
      const drawn = pixels(png).filter(([, , , a]) => a > 0)
      expect(drawn.length).toBeGreaterThan(size)
      expect(drawn.every(([r, g, b]) => r === 0 && g === 0 && b === 0), `${file} is black`).toBe(true)
    }
  })

  it('draws a different template shape for each state, since macOS shows no colour', () => {
    const shapes = colours.map((colour) => readPng(join(resources, `tray-${colour}Template@2x.png`)).rgba.toString('base64'))
    expect(new Set(shapes).size).toBe(3)
  })

  it.each(colours)('%s: a Windows .ico with 32-bit images from 16 to 48 px', (colour) => {
    const entries = readIco(join(resources, `tray-${colour}.ico`))
    expect(entries.map((entry) => entry.size)).toEqual([16, 20, 24, 32, 40, 48])
    for (const { size, bitCount, bmp, length } of entries) {
      expect(bitCount).toBe(32)
      // A BMP entry: its height counts the colour rows and the AND mask's.
      expect(bmp).toEqual({ headerSize: 40, width: size, height: size * 2 })
      expect(length).toBe(40 + size * size * 4 + Math.ceil(size / 32) * 4 * size)
    }
  })
})
