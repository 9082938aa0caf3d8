/**
 * How `npm run dist` packs DePIN Desk into installers (electron-builder 26). A TypeScript
 * config so the afterPack hook is a function imported beside it; electron-builder loads .ts
 * configs through jiti and reads the default export. The scripts pass `--config
 * electron-builder.config.ts`, since electron-builder only looks for `electron-builder.*`
 * on its own.
 *
 * Reference: https://www.electron.build/docs/api/electron-builder.interface.configuration/
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Configuration } from 'electron-builder'
import { afterPack } from './scripts/after-pack.ts'

/** Linux's binary and package name: no spaces or capitals, as Debian and desktop files want. */
export const linuxExecutableName = 'depin-desk'

type PackageJson = { repository?: string | { url?: string } }

/**
 * owner/repo from package.json's `repository` ("github:o/r", "o/r" or a github.com URL).
 * Undefined when there is none: electron-builder then reads the git remote, and says so.
 */
export function githubRepository(repository: PackageJson['repository']): { owner: string; repo: string } | undefined {
  const text = typeof repository === 'string' ? repository : repository?.url
  const match = text?.match(/^(?:github:|(?:git\+)?https:\/\/github\.com\/|git@github\.com:)?([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/)
  if (match?.[1] === undefined || match[2] === undefined) return undefined
  return { owner: match[1], repo: match[2] }
}

const packageJson = JSON.parse(readFileSync(join(import.meta.dirname, 'package.json'), 'utf8')) as PackageJson

/** The updater's feed: GitHub releases (electron-updater reads it from app-update.yml). */
const publish = { provider: 'github' as const, ...githubRepository(packageJson.repository), releaseType: 'release' as const }

export const config = {
  appId: 'io.depindesk.app',
  productName: 'DePIN Desk',
  copyright: 'Copyright © DePIN Desk contributors',
  directories: { output: 'dist', buildResources: 'resources' },
  // Only what the packed app runs: the built bundles and the images the window, tray and
  // notifications load from resources/ at run time. Installer-only icons stay outside, and
  // the headless agent (out/agent) ships apart. Production dependencies are added by
  // electron-builder itself. https://www.electron.build/docs/configuration/contents/#files
  files: [
    'package.json',
    'out/**/*',
    '!out/agent/**',
    '!**/*.map',
    'resources/icon.png',
    'resources/tray-*',
    // Never the sources or tests, even if a pattern above grows.
    '!{src,tests,scripts}/**',
    // The tests' local EVM node, an optionalDependency only so npm ci passes off Linux x64.
    '!node_modules/@foundry-rs/**',
  ],
  asar: true,
  // No spaces in file names: GitHub renames them on upload, and the updater's feed would then
  // point at a file that is not there. One NSIS installer holds both Windows arches, and
  // electron-builder drops `-${arch}` from its name.
  artifactName: '${name}-${version}-${os}-${arch}.${ext}',
  afterPack,
  publish,
  win: {
    target: [{ target: 'nsis', arch: ['x64', 'arm64'] }],
    icon: 'resources/icon.ico',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    artifactName: '${name}-setup-${version}-${arch}.${ext}',
  },
  mac: {
    target: [
      { target: 'dmg', arch: ['arm64', 'x64'] },
      // The zip is what electron-updater downloads on macOS.
      { target: 'zip', arch: ['arm64', 'x64'] },
    ],
    icon: 'resources/icon.icns',
    category: 'public.app-category.finance',
    hardenedRuntime: true,
  },
  linux: {
    target: [
      { target: 'AppImage', arch: ['x64', 'arm64'] },
      { target: 'deb', arch: ['x64', 'arm64'] },
    ],
    icon: 'resources/icons',
    executableName: linuxExecutableName,
    // The freedesktop.org main category, for the .desktop file and the deb's section.
    category: 'Utility',
    synopsis: 'Is each of my DePIN nodes making money?',
    maintainer: 'DePIN Desk contributors <maintainers@depindesk.io>',
    vendor: 'DePIN Desk',
  },
  deb: { packageName: linuxExecutableName, priority: 'optional' },
} satisfies Configuration

// electron-builder reads a .ts config's default export, which is only allowed in *.config.ts.
export default config
