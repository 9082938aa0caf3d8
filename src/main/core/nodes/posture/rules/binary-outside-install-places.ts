import type { PostureFinding, PostureInput } from '../posture-types.ts'
import { expandHome, isUnder, segmentsOf } from '../paths.ts'

/*
 * Official installers put a node's binary in known places. One that runs from elsewhere may be
 * a copy from an unofficial source (fake "node" downloads are a common way to steal wallets),
 * a forgotten test build, or something posing as the node. From a temporary or Downloads
 * folder it is worse: that is where a download someone talked you into running lands.
 */

const rule = 'binary-outside-install-places'

// Temporary folders of Linux and macOS ($TMPDIR lives under /var/folders), and of Windows.
const temporaryDirs = ['/tmp', '/var/tmp', '/dev/shm', '/private/tmp', '/private/var/tmp', '/var/folders', '/private/var/folders']

function transient(path: string): string | null {
  const segments = segmentsOf(path)
  if (segments.includes('downloads')) return 'a Downloads folder'
  if (temporaryDirs.some((dir) => isUnder(path, dir))) return 'a temporary folder'
  if (segments.join('/').includes('appdata/local/temp')) return 'a temporary folder'
  return null
}

/**
 * Host processes only: inside a container the path is the image's, and the image is the install.
 * With no known places (a node the operator added by hand), or a '~' place and no home to
 * expand it with, there is nothing sure to compare with.
 */
export function binaryOutsideInstallPlaces(input: PostureInput): PostureFinding[] {
  const places = input.installPlaces.map((place) => expandHome(place, input.homeDir)).filter((place) => place !== null)
  if (input.container !== null || places.length === 0 || places.length < input.installPlaces.length) return []
  // A temporary or Downloads folder is never an install place, even under a broad one such as '~'.
  const outside = [...new Set(input.processes.flatMap((p) => (p.containerId === null && p.exe !== null ? [p.exe] : [])))].filter(
    (exe) => transient(exe) !== null || !places.some((place) => isUnder(exe, place)),
  )
  if (outside.length === 0) return []
  const where = outside.map(transient).find((w) => w !== null) ?? null
  return [
    {
      rule,
      severity: where === null ? 'warning' : 'critical',
      title: where === null ? 'Its binary runs from outside the usual install places' : `Its binary runs from ${where}`,
      why: 'Official installers put the node in known places. A binary elsewhere may be a copy from an unofficial source, a forgotten test build, or something posing as the node; fake node downloads are a common way to steal wallets.',
      fix: `Stop it, install the node with its official installer (it goes under ${input.installPlaces.join(', ')}), check the download against the checksum the project publishes, and delete ${outside.join(', ')}.`,
      evidence: outside.join(', '),
    },
  ]
}
