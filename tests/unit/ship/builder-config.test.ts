import { existsSync, readFileSync } from 'node:fs'
import { join, matchesGlob } from 'node:path'
import { FuseV1Options, FuseVersion } from '@electron/fuses'
// electron-builder's own schema check, the one `electron-builder` runs before it packs. A deep
// import of electron-builder's library, so a config it would refuse fails here, not on release day.
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js'
import { DebugLogger } from 'builder-util'
import { describe, expect, it } from 'vitest'
import { config, githubRepository, linuxExecutableName } from '../../../electron-builder.config.ts'
import { afterPack, electronBinaryPath, releaseFuses, type PackedApp } from '../../../scripts/after-pack.ts'

const root = join(import.meta.dirname, '../../..')
const resource = (path: string): Buffer => readFileSync(join(root, path))

type Target = { target: string; arch: string[] }

/** "target/arch" for every installer a platform's section asks for. */
function installers(section: { target: readonly Target[] }): string[] {
  return section.target.flatMap(({ target, arch }) => arch.map((one) => `${target}/${one}`)).sort()
}

/** electron-builder's `files` rule: the last pattern that matches a path decides. */
function packed(path: string): boolean {
  let included = false
  for (const pattern of config.files) {
    const negated = pattern.startsWith('!')
    if (matchesGlob(path, negated ? pattern.slice(1) : pattern)) included = !negated
  }
  return included
}

/** Width and height from a PNG's IHDR, which always comes first. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

/** An .ico's directory (ICONDIR + ICONDIRENTRY): each entry's size, checked against its image. */
function icoSizes(bytes: Buffer): number[] {
  expect(bytes.readUInt16LE(0)).toBe(0)
  expect(bytes.readUInt16LE(2)).toBe(1)
  const sizes: number[] = []
  for (let index = 0; index < bytes.readUInt16LE(4); index++) {
    const at = 6 + index * 16
    // A width or height byte of 0 means 256.
    const size = bytes.readUInt8(at) || 256
    expect(bytes.readUInt8(at + 1) || 256).toBe(size)
    const image = bytes.subarray(bytes.readUInt32LE(at + 12), bytes.readUInt32LE(at + 12) + bytes.readUInt32LE(at + 8))
    expect(image.length).toBe(bytes.readUInt32LE(at + 8))
    if (image.subarray(1, 4).toString('latin1') === 'PNG') {
      expect(pngSize(image)).toEqual({ width: size, height: size })
    } else {
      // BITMAPINFOHEADER: the height counts the colour rows and the mask rows.
      expect([image.readUInt32LE(0), image.readInt32LE(4), image.readInt32LE(8), image.readUInt16LE(14)]).toEqual([40, size, size * 2, 32])
    }
    sizes.push(size)
  }
  return sizes.sort((a, b) => a - b)
}

/** The OSType of each element in an .icns file, with the pixel size of each PNG element. */
function icnsElements(bytes: Buffer): Map<string, number | undefined> {
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('icns')
  expect(bytes.readUInt32BE(4)).toBe(bytes.length)
  const elements = new Map<string, number | undefined>()
  for (let at = 8; at < bytes.length; at += bytes.readUInt32BE(at + 4)) {
    const length = bytes.readUInt32BE(at + 4)
    expect(length).toBeGreaterThan(8)
    const data = bytes.subarray(at + 8, at + length)
    const png = data.subarray(1, 4).toString('latin1') === 'PNG'
    elements.set(bytes.subarray(at, at + 4).toString('latin1'), png ? pngSize(data).width : undefined)
  }
  return elements
}

describe('the electron-builder configuration', () => {
  it('passes electron-builder’s own validation, which refuses an unknown option', async () => {
    await expect(validateConfiguration({ ...config }, new DebugLogger(false))).resolves.toBeUndefined()
    await expect(validateConfiguration({ ...config, taret: 'nsis' } as never, new DebugLogger(false))).rejects.toThrow(/taret/)
  })

  it('names the app', () => {
    expect(config.appId).toBe('io.depindesk.app')
    expect(config.productName).toBe('DePIN Desk')
    expect(config.directories).toEqual({ output: 'dist', buildResources: 'resources' })
  })

  it('builds NSIS for Windows on x64 and arm64', () => {
    expect(installers(config.win)).toEqual(['nsis/arm64', 'nsis/x64'])
  })

  it('builds a DMG and the updater’s zip for macOS on Apple Silicon and Intel, hardened', () => {
    expect(installers(config.mac)).toEqual(['dmg/arm64', 'dmg/x64', 'zip/arm64', 'zip/x64'])
    expect(config.mac.hardenedRuntime).toBe(true)
    expect(config.mac.category).toMatch(/^public\.app-category\./)
  })

  it('builds an AppImage and a deb for Linux on x64 and arm64, with what a deb needs', () => {
    expect(installers(config.linux)).toEqual(['AppImage/arm64', 'AppImage/x64', 'deb/arm64', 'deb/x64'])
    expect(config.linux.maintainer).toMatch(/^.+ <.+@.+>$/)
    expect(config.linux.category).toBe('Utility')
    expect(config.linux.executableName).toMatch(/^[a-z0-9-]+$/)
  })

  it('packs the built app into an asar, without sources, tests, maps or the agent', () => {
    expect(config.asar).toBe(true)
    for (const path of ['package.json', 'out/main/main.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'resources/icon.png', 'resources/tray-redTemplate@2x.png', 'resources/tray-amber.ico']) {
      expect(packed(path), path).toBe(true)
    }
    for (const path of ['src/main/electron/main.ts', 'tests/unit/ship/builder-config.test.ts', 'scripts/after-pack.ts', 'out/main/main.js.map', 'out/agent/main.js', 'resources/icon-source.png', 'electron-builder.config.ts', 'node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil']) {
      expect(packed(path), path).toBe(false)
    }
  })

  it('publishes to GitHub releases, the updater’s feed', () => {
    expect(config.publish.provider).toBe('github')
  })

  it.each([
    ['github:depin/desk', { owner: 'depin', repo: 'desk' }],
    ['depin/desk', { owner: 'depin', repo: 'desk' }],
    ['https://github.com/depin/desk.git', { owner: 'depin', repo: 'desk' }],
    [{ url: 'git+https://github.com/depin/desk.git' }, { owner: 'depin', repo: 'desk' }],
    ['https://gitlab.com/depin/desk', undefined],
    [undefined, undefined],
  ])('reads the release repository from package.json’s repository %j', (repository, expected) => {
    expect(githubRepository(repository)).toEqual(expected)
  })
})

describe('the afterPack hook', () => {
  it('is wired into the configuration', () => {
    expect(config.afterPack).toBe(afterPack)
  })

  it('sets exactly the release fuses', () => {
    expect(releaseFuses('linux', 1)).toEqual({
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: false,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
    })
  })

  it('re-signs ad hoc only an Apple Silicon or universal macOS binary', () => {
    // builder-util's Arch: 1 x64, 3 arm64, 4 universal.
    expect([1, 3, 4].map((arch) => releaseFuses('darwin', arch).resetAdHocDarwinSignature)).toEqual([false, true, true])
    expect(releaseFuses('win32', 3).resetAdHocDarwinSignature).toBe(false)
    expect(releaseFuses('linux', 3).resetAdHocDarwinSignature).toBe(false)
  })

  it('finds the Electron binary in each platform’s packed app', () => {
    const app = (electronPlatformName: string): PackedApp => ({
      appOutDir: '/dist/unpacked',
      electronPlatformName,
      arch: 1,
      productFilename: 'DePIN Desk',
      linuxExecutableName,
    })
    expect(electronBinaryPath(app('darwin'))).toBe('/dist/unpacked/DePIN Desk.app')
    expect(electronBinaryPath(app('mas'))).toBe('/dist/unpacked/DePIN Desk.app')
    expect(electronBinaryPath(app('win32'))).toBe('/dist/unpacked/DePIN Desk.exe')
    expect(electronBinaryPath(app('linux'))).toBe('/dist/unpacked/depin-desk')
    expect(() => electronBinaryPath(app('aix'))).toThrow(/aix/)
  })
})

describe('the icons', () => {
  it('all come from one 1024 px source image', () => {
    expect(pngSize(resource('resources/icon-source.png'))).toEqual({ width: 1024, height: 1024 })
  })

  it('give Windows an .ico from 16 to 256 px', () => {
    expect(config.win.icon).toBe('resources/icon.ico')
    expect(icoSizes(resource(config.win.icon))).toEqual(expect.arrayContaining([16, 24, 32, 48, 64, 128, 256]))
  })

  it('give macOS an .icns from 16 to 1024 px, at 1x and 2x', () => {
    const elements = icnsElements(resource(config.mac.icon))
    // 16 and 32 as RGB with a mask; the rest as PNG, whose size is checked.
    for (const type of ['is32', 's8mk', 'il32', 'l8mk']) expect(elements.has(type), type).toBe(true)
    const pngs = { ic11: 32, ic12: 64, ic07: 128, ic13: 256, ic08: 256, ic14: 512, ic09: 512, ic10: 1024 }
    for (const [type, size] of Object.entries(pngs)) expect(elements.get(type), type).toBe(size)
  })

  it('give Linux a PNG at each size, named for it', () => {
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
      const path = join(config.linux.icon, `${size}x${size}.png`)
      expect(pngSize(resource(path)), path).toEqual({ width: size, height: size })
    }
  })

  it('give the window and tray the images the shell loads', () => {
    expect(pngSize(resource('resources/icon.png'))).toEqual({ width: 256, height: 256 })
    for (const colour of ['green', 'amber', 'red']) {
      for (const file of [`tray-${colour}.png`, `tray-${colour}@2x.png`, `tray-${colour}Template.png`, `tray-${colour}Template@2x.png`, `tray-${colour}.ico`]) {
        expect(existsSync(join(root, 'resources', file)), file).toBe(true)
      }
    }
  })
})
