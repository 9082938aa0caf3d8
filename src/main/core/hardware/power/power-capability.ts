import type { SettingsState } from '../../../../shared/contract/app.ts'
import type { Settings } from '../../../../shared/contract/settings.ts'
import type { Capability, CoreContext } from '../../capability.ts'
import type { PowerMonitor } from './power-monitor.ts'

/** The plug protocols (and their libraries) load only once a plug is configured or tested. */
const plugSupport = async () => {
  const [commands, sources] = await Promise.all([import('./plug-commands.ts'), import('./plug-sources.ts')])
  return { ...commands, ...sources }
}

type PowerMethods = 'power.plugKinds' | 'power.testPlug' | 'power.addPlug' | 'power.removePlug'

/** Smart plugs: added, tested and removed from the UI, polled by the sampler's power monitor. */
export function createPower(ctx: CoreContext, power: PowerMonitor): Capability<PowerMethods> {
  const { settings, secrets } = ctx
  const apply = async (plugs: Settings['power']['plugs']): Promise<void> => {
    await (await plugSupport()).applyPlugs(power, plugs, (name) => secrets.get(name))
  }

  /** Saves the plug list core built, re-reads the plugs and tells every window. */
  async function savePlugs(next: Settings): Promise<SettingsState> {
    const state = ctx.saveSettings(next)
    await apply(settings.current.power.plugs)
    return state
  }

  return {
    handlers: {
      'power.plugKinds': async () => (await plugSupport()).plugKinds(),
      'power.testPlug': async (draft) => (await plugSupport()).testPlug(draft),
      'power.addPlug': async (input) => savePlugs(await (await plugSupport()).addPlug(settings.current, input, secrets)),
      'power.removePlug': async ({ id }) => savePlugs(await (await plugSupport()).removePlug(settings.current, id, secrets)),
    },
    async start() {
      if (settings.current.power.plugs.length > 0) await apply(settings.current.power.plugs)
    },
    async settingsReplaced(next) {
      await apply(next.power.plugs)
      return []
    },
  }
}
