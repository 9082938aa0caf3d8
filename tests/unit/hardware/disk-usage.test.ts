import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dataVolumes, DiskUsageReader, mountOf, parseMounts, type MountEntry } from '../../../src/main/core/hardware/linux/disk-usage.ts'

// /proc/self/mounts of a Debian node host: root on NVMe, chain data on a second disk, a
// Docker container's overlay, a USB stick whose label has a space (written \040).
const mounts = `sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
udev /dev devtmpfs rw,nosuid,relatime,size=16303524k,nr_inodes=4075881,mode=755,inode64 0 0
tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=3266632k,mode=755,inode64 0 0
/dev/nvme0n1p2 / ext4 rw,relatime,errors=remount-ro 0 0
tmpfs /dev/shm tmpfs rw,nosuid,nodev,inode64 0 0
/dev/nvme0n1p1 /boot/efi vfat rw,relatime,fmask=0077,dmask=0077,codepage=437,iocharset=ascii,shortname=mixed,utf8,errors=remount-ro 0 0
/dev/sda1 /srv/chain xfs rw,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota 0 0
/dev/sda1 /var/lib/docker/volumes xfs rw,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota 0 0
overlay /var/lib/docker/overlay2/9f1c/merged overlay rw,relatime,lowerdir=/var/lib/docker/overlay2/l/ABC,upperdir=/var/lib/docker/overlay2/9f1c/diff 0 0
/dev/loop3 /snap/core22/1748 squashfs ro,nodev,relatime,errors=continue,threads=single 0 0
nas:/export /mnt/nas nfs4 rw,relatime,vers=4.2,rsize=1048576,wsize=1048576 0 0
/dev/sdb1 /media/op/USB\\040STICK exfat rw,nosuid,nodev,relatime,uid=1000,gid=1000 0 0
`

describe('parseMounts', () => {
  it('reads device, mount point and type, unescaping spaces', () => {
    const entries = parseMounts(mounts)
    expect(entries).toHaveLength(13)
    expect(entries[4]).toEqual({ device: '/dev/nvme0n1p2', mount: '/', fsType: 'ext4' })
    expect(entries.at(-1)).toEqual({ device: '/dev/sdb1', mount: '/media/op/USB STICK', fsType: 'exfat' })
  })
})

describe('mountOf', () => {
  const entries = parseMounts(mounts)
  it('finds the deepest mount holding a path', () => {
    expect(mountOf(entries, '/home/op/.config/depin-desk')?.mount).toBe('/')
    expect(mountOf(entries, '/srv/chain/data')?.mount).toBe('/srv/chain')
    expect(mountOf(entries, '/srv/chainsaw')?.mount).toBe('/')
  })
  it('takes the later of two mounts on one point, as the kernel shows it', () => {
    const stacked: MountEntry[] = [
      { device: 'rootfs', mount: '/', fsType: 'rootfs' },
      { device: '/dev/vda', mount: '/', fsType: 'ext4' },
    ]
    expect(mountOf(stacked, '/')?.device).toBe('/dev/vda')
  })
})

describe('dataVolumes', () => {
  it('keeps the root, the data dir and local disks, one per device', () => {
    expect(dataVolumes(parseMounts(mounts), '/srv/chain/depin-desk').map((m) => m.mount)).toEqual(['/', '/srv/chain', '/media/op/USB STICK'])
  })

  it('keeps the root and data dir whatever they are (a container)', () => {
    const container = parseMounts('overlay / overlay rw,lowerdir=/l 0 0\ntmpfs /data tmpfs rw 0 0\nproc /proc proc rw 0 0\n')
    expect(dataVolumes(container, '/data/desk')).toEqual([
      { device: 'overlay', mount: '/', fsType: 'overlay' },
      { device: 'tmpfs', mount: '/data', fsType: 'tmpfs' },
    ])
  })

  it('shows at most eight', () => {
    const many = Array.from({ length: 12 }, (_, i) => `/dev/sd${String.fromCharCode(97 + i)}1 /mnt/d${i} ext4 rw 0 0`).join('\n')
    expect(dataVolumes(parseMounts(`/dev/vda / ext4 rw 0 0\n${many}\n`), undefined)).toHaveLength(8)
  })
})

describe('DiskUsageReader', () => {
  function fakeProc(text: string): string {
    const procRoot = mkdtempSync(join(tmpdir(), 'desk-mounts-'))
    mkdirSync(join(procRoot, 'self'))
    writeFileSync(join(procRoot, 'self/mounts'), text)
    return procRoot
  }

  it('sizes each volume with statfs and leaves out one it cannot read', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'desk-data-'))
    const procRoot = fakeProc(`/dev/vda / ext4 rw 0 0\n/dev/vdb ${dataDir} ext4 rw 0 0\n/dev/vdc /nonexistent/gone xfs rw 0 0\n`)
    const disks = await new DiskUsageReader({ procRoot, dataDir }).read()
    expect(disks.map((d) => [d.mount, d.device])).toEqual([
      ['/', '/dev/vda'],
      [dataDir, '/dev/vdb'],
    ])
    for (const disk of disks) {
      expect(disk.totalBytes).toBeGreaterThan(0)
      expect(disk.usedBytes).toBeGreaterThan(0)
      expect(disk.usedBytes).toBeLessThanOrEqual(disk.totalBytes)
    }
  })

  it('reads the mounts again only every 30 s, in the background', async () => {
    const procRoot = fakeProc('/dev/vda / ext4 rw 0 0\n')
    let now = 0
    const reader = new DiskUsageReader({ procRoot, now: () => now })
    expect((await reader.read()).map((d) => d.device)).toEqual(['/dev/vda'])
    writeFileSync(join(procRoot, 'self/mounts'), '/dev/vdz / xfs rw 0 0\n')
    now = 29_000
    expect((await reader.read()).map((d) => d.device)).toEqual(['/dev/vda'])
    now = 30_000
    expect((await reader.read()).map((d) => d.device)).toEqual(['/dev/vda'])
    await expect.poll(async () => (await reader.read()).map((d) => d.device)).toEqual(['/dev/vdz'])
  })

  it('shows no disks, and does not fail, when the mount table cannot be read', async () => {
    expect(await new DiskUsageReader({ procRoot: '/nonexistent/proc' }).read()).toEqual([])
  })
})
