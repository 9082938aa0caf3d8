import type { ProcessFacts } from '../node-facts.ts'

/*
 * A graphical session is the surest sign of a machine someone sits at. It shows in the app's
 * own environment (the desktop app runs inside the session) or as a display server or desktop
 * shell among the scanned processes (the agent, run by systemd, has no display of its own).
 */

/** By /proc/<pid>/comm, lower-cased: display servers and desktop shells. */
const linuxSessionNames = new Set(['xorg', 'xwayland', 'gnome-shell', 'plasmashell', 'kwin_wayland', 'kwin_x11', 'xfce4-session', 'cinnamon', 'mate-session', 'lxqt-session', 'lxsession', 'budgie-wm', 'sway', 'hyprland', 'enlightenment', 'i3'])
/** macOS's window server and Dock, Windows's shell, as systeminformation names them. */
const otherSessionNames = new Set(['windowserver', 'dock', 'explorer.exe', 'explorer'])

/**
 * What shows a graphical session here ('DISPLAY=:0', 'gnome-shell running'), or null. A display
 * with a host part ('localhost:10.0', from ssh -X) is another machine's screen.
 */
export function graphicalSessionOf(env: Readonly<Record<string, string | undefined>>, processes: readonly ProcessFacts[], system: 'linux' | 'other' = 'linux'): string | null {
  if (env.WAYLAND_DISPLAY !== undefined && env.WAYLAND_DISPLAY !== '') return `WAYLAND_DISPLAY=${env.WAYLAND_DISPLAY}`
  if (env.DISPLAY !== undefined && /^(unix)?:\d/.test(env.DISPLAY)) return `DISPLAY=${env.DISPLAY}`
  const names = system === 'linux' ? linuxSessionNames : otherSessionNames
  const session = processes.find((p) => names.has(p.name.toLowerCase()))
  return session === undefined ? null : `${session.name} running`
}
