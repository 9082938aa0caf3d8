import { afterEach, describe, expect, it, vi } from 'vitest'
import { createDeskCore, type DeskCore } from '../../../src/main/core/app.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { TrayController } from '../../../src/main/electron/tray-controller.ts'
import { FakeMenu, FakeTray } from '../../fakes/electron.ts'

let core: DeskCore | undefined
afterEach(() => core?.stop())

function setup() {
  core = createDeskCore({ version: '0.1.0-test', shell: 'desktop', log: silentLogger })
  const trays: FakeTray[] = []
  const onOpen = vi.fn()
  const onQuit = vi.fn()
  const controller = new TrayController({
    Tray: class extends FakeTray {
      constructor(image: string) {
        super(image)
        trays.push(this)
      }
    },
    Menu: { buildFromTemplate: (template) => new FakeMenu(template) },
    iconPath: '/opt/depin-desk/resources/tray.png',
    monitor: core.monitor,
    events: core.events,
    onOpen,
    onQuit,
    log: silentLogger,
  })
  return { core, controller, tray: trays[0]!, onOpen, onQuit }
}

describe('TrayController', () => {
  it('shows the icon with its tooltip and a context menu of three items', () => {
    const { tray } = setup()
    expect(tray.image).toBe('/opt/depin-desk/resources/tray.png')
    expect(tray.tooltip).toBe('DePIN Desk')
    expect(tray.labels()).toEqual(['Open DePIN Desk', 'Pause monitoring', 'Quit'])
    expect(tray.menu?.template.map((item) => item.type)).toEqual([undefined, 'checkbox', 'separator', undefined])
    expect(tray.item('Pause monitoring').checked).toBe(false)
  })

  it('pauses the real monitor and ticks the checkbox, then resumes it', async () => {
    const { core, tray } = setup()
    tray.click('Pause monitoring')
    await vi.waitFor(() => expect(tray.item('Pause monitoring').checked).toBe(true))
    expect(core.monitor.state.paused).toBe(true)
    tray.click('Pause monitoring')
    await vi.waitFor(() => expect(tray.item('Pause monitoring').checked).toBe(false))
    expect(core.monitor.state.paused).toBe(false)
  })

  it('follows a pause that came from the page', async () => {
    const { core, tray } = setup()
    await core.dispatch('monitoring.setPaused', { paused: true })
    expect(tray.item('Pause monitoring').checked).toBe(true)
  })

  it('opens the window from the menu and from a click on the icon', () => {
    const { tray, onOpen } = setup()
    tray.click('Open DePIN Desk')
    tray.emit('click')
    expect(onOpen).toHaveBeenCalledTimes(2)
  })

  it('quits from the menu', () => {
    const { tray, onQuit } = setup()
    tray.click('Quit')
    expect(onQuit).toHaveBeenCalledOnce()
  })

  it('destroys the tray and stops listening on dispose', () => {
    const { core, controller, tray } = setup()
    const listeners = core.events.listenerCount
    controller.dispose()
    expect(tray.destroyed).toBe(true)
    expect(core.events.listenerCount).toBe(listeners - 1)
  })
})
