import type { NodeSignature } from '../node-signature.ts'

/*
 * Aethir Checker node client. The Linux CLI is a tarball (AethirCheckerCLI-linux-<version>.tar.gz)
 * unpacked wherever the operator likes; its install.sh registers AethirCheckerService as the
 * systemd unit aethir-checker.service, and AethirCheckerCLI is the interactive console for the
 * wallet and licenses (not the node). Docs: https://docs.aethir.com/checker-guide/how-to-run-checker-nodes
 * (the guide lists the client but not its file names). The names below are the tarball's, as
 * public deploy scripts use them: the service binary started by ExecStart and checked with
 * `pidof AethirCheckerService` / `systemctl status aethir-checker`
 * (https://github.com/0xQuindar/aethir-checker-node, update.sh in the tarball: ServiceName=AethirCheckerService).
 * Windows has a desktop client whose process name is not documented: not matched.
 */
export const aethirChecker: NodeSignature = {
  network: 'aethir',
  id: 'aethir-checker',
  software: 'Aethir Checker node client',
  // comm keeps 15 bytes: the kernel shows "AethirCheckerSe"; names are compared with that in mind.
  processNames: ['AethirCheckerService'],
  commandLine: [/(?:^|\/)AethirCheckerService(?:\s|$)/],
  systemdUnits: ['aethir-checker.service'],
  // The tarball is unpacked wherever the operator chooses, so there is no usual place to compare with.
  installPlaces: [],
  sources: ['https://docs.aethir.com/checker-guide/how-to-run-checker-nodes', 'https://github.com/0xQuindar/aethir-checker-node'],
}

export const aethirSignatures: readonly NodeSignature[] = [aethirChecker]
