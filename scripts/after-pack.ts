/**
 * electron-builder's afterPack hook: flips the Electron fuses of the packed app, after the
 * files are in place and before signing, so the signature covers the flipped binary
 * (https://www.electron.build/docs/features/hooks/: afterPack runs "after files are packaged,
 * before signing"). electron-builder.config.ts wires it; the fuse choice is a pure function
 * so tests/unit/ship/builder-config.test.ts can check it without a packed app.
 *
 * Fuses: https://github.com/electron/fuses#readme and
 * https://www.electronjs.org/docs/latest/tutorial/fuses
 */
import { join } from 'node:path'
import { flipFuses, FuseV1Options, FuseVersion, type FuseConfig } from '@electron/fuses'
import type { AfterPackContext } from 'electron-builder'

/** What the hook needs from electron-builder's AfterPackContext, so tests can hand it plain data. */
export type PackedApp = {
  /** The unpacked app folder, e.g. dist/linux-unpacked or dist/mac-arm64. */
  appOutDir: string
  electronPlatformName: string
  /** builder-util's Arch: 0 ia32, 1 x64, 2 armv7l, 3 arm64, 4 universal. */
  arch: number
  /** "DePIN Desk": the .app and .exe name. */
  productFilename: string
  /** Linux names its binary apart (linux.executableName), without spaces. */
  linuxExecutableName: string
}

const archArm64 = 3
const archUniversal = 4

/**
 * The release fuses. Each is set explicitly, so a default Electron changes later cannot
 * reopen one:
 * - RunAsNode off: ELECTRON_RUN_AS_NODE would turn the signed binary into a plain Node.
 * - NODE_OPTIONS and --inspect off: no code injected or debugger attached from outside.
 * - Cookie encryption on: Chromium's cookie store is sealed with the OS keychain.
 * - Embedded asar integrity on, app only from app.asar: the packed code is the code that runs
 *   (electron-builder embeds the asar header hash on macOS and, since Electron 30, Windows:
 *   https://www.electronjs.org/docs/latest/tutorial/asar-integrity).
 */
export function releaseFuses(platform: string, arch: number): FuseConfig {
  return {
    version: FuseVersion.V1,
    // The fuses README (Apple Silicon): an arm64 binary whose ad-hoc signature no longer matches
    // refuses to start, so re-sign ad hoc; a real signature, when there is one, follows anyway.
    resetAdHocDarwinSignature: platform === 'darwin' && (arch === archArm64 || arch === archUniversal),
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
  }
}

/**
 * Where the Electron binary sits in the packed app, as electron-builder's own fuse step
 * finds it (app-builder-lib platformPackager.addElectronFuses): the .app bundle on macOS
 * (flipFuses finds the framework inside it), the .exe on Windows, the bare binary on Linux.
 */
export function electronBinaryPath(app: PackedApp): string {
  switch (app.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(app.appOutDir, `${app.productFilename}.app`)
    case 'win32':
      return join(app.appOutDir, `${app.productFilename}.exe`)
    case 'linux':
      return join(app.appOutDir, app.linuxExecutableName)
    default:
      throw new Error(`after-pack: no Electron binary known for platform ${app.electronPlatformName}`)
  }
}

/** The parts of AfterPackContext the hook reads. */
export function packedApp(context: AfterPackContext): PackedApp {
  const { packager } = context
  const linux = packager as { executableName?: string }
  return {
    appOutDir: context.appOutDir,
    electronPlatformName: context.electronPlatformName,
    arch: context.arch,
    productFilename: packager.appInfo.productFilename,
    linuxExecutableName: linux.executableName ?? packager.appInfo.productFilename,
  }
}

/** The hook itself. */
export async function afterPack(context: AfterPackContext): Promise<void> {
  const app = packedApp(context)
  const binary = electronBinaryPath(app)
  await flipFuses(binary, releaseFuses(app.electronPlatformName, app.arch))
  process.stdout.write(`  • fuses flipped for release  path=${binary}\n`)
}
