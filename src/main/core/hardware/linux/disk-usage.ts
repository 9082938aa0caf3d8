import { readFile, statfs } from 'node:fs/promises'
import { join } from 'node:path'
import type { DiskUsage } from '../../../../shared/contract/hardware.ts'
import { Refreshed } from '../refreshed.ts'

/*
 * Space on the volumes that hold data: the root, the app's data dir, and local disks mounted
 * elsewhere (a node's chain data often lives on its own drive). Sizes come from statfs(2), no
 * `df` process; space changes slowly, so it is read every 30 s and cached between.
 */

export type MountEntry = { device: string; mount: string; fsType: string }

/** Filesystems that sit on a local disk; tmpfs, proc, overlay, network mounts and the like do not. */
const localDiskTypes = new Set(['ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'zfs', 'f2fs', 'vfat', 'exfat', 'ntfs', 'ntfs3', 'fuseblk'])
const maxVolumes = 8

/** /proc/self/mounts: `device mountpoint type options dump pass`, spaces in names written as \040. */
export function parseMounts(text: string): MountEntry[] {
  const unescape = (field: string): string => field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)))
  return text
    .split('\n')
    .map((line) => line.split(' '))
    .filter((fields) => fields.length >= 3)
    .map(([device = '', mount = '', fsType = '']) => ({ device: unescape(device), mount: unescape(mount), fsType }))
}

/** The mount a path lives on: the longest mount point that contains it, the latest mounted on a tie. */
export function mountOf(mounts: readonly MountEntry[], path: string): MountEntry | undefined {
  let best: MountEntry | undefined
  for (const entry of mounts) {
    const contains = entry.mount === '/' || path === entry.mount || path.startsWith(`${entry.mount}/`)
    if (contains && entry.mount.length >= (best?.mount.length ?? 0)) best = entry
  }
  return best
}

/**
 * The volumes worth showing, one per device (bind mounts and btrfs subvolumes repeat one):
 * the root and the data dir's whatever they are (overlay in a container), then local disks
 * in mount order, except /boot's small partitions.
 */
export function dataVolumes(mounts: readonly MountEntry[], dataDir: string | undefined): MountEntry[] {
  const local = mounts.filter((m) => localDiskTypes.has(m.fsType) && m.mount !== '/boot' && !m.mount.startsWith('/boot/'))
  const wanted = [mountOf(mounts, '/'), dataDir === undefined ? undefined : mountOf(mounts, dataDir), ...local]
  const byDevice = new Map<string, MountEntry>()
  for (const entry of wanted) {
    if (entry && !byDevice.has(entry.device)) byDevice.set(entry.device, entry)
  }
  return [...byDevice.values()].slice(0, maxVolumes)
}

export type DiskUsageOptions = {
  procRoot?: string
  /** The app's data dir, whose volume is always shown. */
  dataDir?: string
  everyMs?: number
  now?: () => number
}

export class DiskUsageReader {
  readonly #cache: Refreshed<DiskUsage[]>

  constructor(options: DiskUsageOptions = {}) {
    const mountsPath = join(options.procRoot ?? '/proc', 'self/mounts')
    this.#cache = new Refreshed({
      load: async () => usage(dataVolumes(parseMounts(await readFile(mountsPath, 'utf8')), options.dataDir)),
      everyMs: options.everyMs ?? 30_000,
      initial: [],
      now: options.now,
    })
  }

  /** The last measured usage; the first call waits for it, later ones refresh in the background. */
  read(): Promise<DiskUsage[]> {
    return this.#cache.settled()
  }
}

/** A volume statfs cannot read (unmounted since, no permission) is left out. */
async function usage(volumes: readonly MountEntry[]): Promise<DiskUsage[]> {
  const sized = await Promise.all(
    volumes.map(async ({ device, mount }): Promise<DiskUsage | null> => {
      try {
        const fs = await statfs(mount)
        // Used as df counts it: blocks not free, root's reserve included.
        return { mount, device, usedBytes: (fs.blocks - fs.bfree) * fs.bsize, totalBytes: fs.blocks * fs.bsize }
      } catch {
        return null
      }
    }),
  )
  return sized.filter((disk) => disk !== null)
}
