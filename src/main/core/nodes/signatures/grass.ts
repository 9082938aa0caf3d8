import type { NodeSignature } from '../node-signature.ts'

/*
 * Grass: a desktop app (Windows, macOS, Ubuntu .deb) that shares bandwidth; nothing else runs.
 * The docs name the app but not its files: https://wynd-network.gitbook.io/grass-docs/architecture/grass-node
 * ("Download the application"). The Ubuntu package is files.getgrass.io/…/ubuntu-22.04/Grass_<version>_amd64.deb,
 * package "grass", binary /usr/bin/grass, as the community image that installs it shows:
 * https://github.com/MRColorR/get-grass/blob/main/grass-desktop.dockerfile and grass-desktop_main.py.
 *
 * No process name: GRASS GIS also installs /usr/bin/grass, and a script started by its
 * shebang has "grass" as its name too. GRASS GIS runs under python, so its command line starts
 * with the interpreter; the node's starts with the binary itself.
 */
export const grassDesktop: NodeSignature = {
  network: 'grass',
  id: 'grass-desktop',
  software: 'Grass desktop node',
  commandLine: [
    // Linux: /usr/bin/grass from the .deb, or `grass` as its .desktop entry starts it.
    /^(?:\/usr\/bin\/)?grass(?:\s|$)/,
    // macOS: the app bundle's executable (undocumented; the usual bundle layout).
    /\/Grass\.app\/Contents\/MacOS\/Grass(?:\s|$)/,
    // Windows: Grass.exe wherever its installer put it (undocumented).
    /(?:^|\\)Grass\.exe(?:\s|$)/i,
  ],
  // The .deb's /usr/bin; macOS /Applications; on Windows the two places a Tauri installer uses (not documented by Grass).
  installPlaces: ['/usr/bin', '/Applications/Grass.app', 'C:\\Program Files\\Grass', '~\\AppData\\Local\\Grass'],
  sources: ['https://wynd-network.gitbook.io/grass-docs/architecture/grass-node', 'https://github.com/MRColorR/get-grass/blob/main/grass-desktop.dockerfile'],
}

/**
 * Grass has no official Docker image; operators run community ones. Recognised so the node is
 * watched, under a name that says it is not Grass's own build (the security advice is to run
 * official software only).
 */
export const grassCommunityDocker: NodeSignature = {
  network: 'grass',
  id: 'grass-community-docker',
  software: 'Grass in a community Docker image (not made by Grass)',
  images: [
    // https://github.com/MRColorR/get-grass (README: `docker run … mrcolorrain/grass`, also grass-node, grass-desktop flavours)
    /^(?:docker\.io\/)?mrcolorrain\/grass(?:-node|-desktop)?$/,
    // https://github.com/stempst0r/grass (README: `217heidai/grass:latest`)
    /^(?:docker\.io\/)?217heidai\/grass$/,
  ],
  installPlaces: [],
  sources: ['https://github.com/MRColorR/get-grass', 'https://github.com/stempst0r/grass'],
}

export const grassSignatures: readonly NodeSignature[] = [grassDesktop, grassCommunityDocker]
