import { describe, expect, it } from 'vitest'
import { gpuThrottling } from '../../../../src/main/core/alerts/rules/gpu-throttling.ts'
import { gpu, sample, state, thresholds } from './state.ts'

/* Heat and the power brake always count; the software power cap only when asked (powerCap 1). */

const withGpu = (overrides: Parameters<typeof gpu>[0]): ReturnType<typeof state> => state({ hardware: sample({ gpus: [gpu(overrides)] }) })

describe('gpu-throttling', () => {
  it('fires on thermal slowdown and the power brake, not on idle or the cap by default', () => {
    expect(gpuThrottling.evaluate(withGpu({ throttleReasons: ['gpu_idle'] }), thresholds(gpuThrottling))).toEqual([])
    expect(gpuThrottling.evaluate(withGpu({ throttleReasons: ['sw_power_cap'] }), thresholds(gpuThrottling))).toEqual([])
    const [hot] = gpuThrottling.evaluate(withGpu({ throttleReasons: ['sw_thermal_slowdown'], temperatureCelsius: 88 }), thresholds(gpuThrottling))
    expect(hot).toMatchObject({ subject: 'nvidia:GPU-1', figure: 'driver thermal slowdown', view: 'hardware' })
    expect(hot?.message).toMatch(/RTX 4090.*88 °C.*cooling/)
    expect(gpuThrottling.evaluate(withGpu({ throttleReasons: ['hw_power_brake_slowdown'] }), thresholds(gpuThrottling))[0]?.message).toMatch(/PSU/)
  })

  it('counts the power cap when the operator asks', () => {
    expect(gpuThrottling.evaluate(withGpu({ throttleReasons: ['sw_power_cap'] }), thresholds(gpuThrottling, { powerCap: 1 }))).toHaveLength(1)
  })

  it.each([
    [440.9, 0],
    [441, 1],
    [450, 1],
  ])('without reasons (AMD), a draw of %f W of a 450 W limit is at the cap from 98 %%: %i finding', (watts, count) => {
    const state_ = withGpu({ vendor: 'amd', throttleReasons: null, powerWatts: watts, powerLimitWatts: 450 })
    expect(gpuThrottling.evaluate(state_, thresholds(gpuThrottling, { powerCap: 1 }))).toHaveLength(count)
    expect(gpuThrottling.evaluate(state_, thresholds(gpuThrottling))).toEqual([])
  })

  it('says how the GPUs run now', () => {
    expect(gpuThrottling.current(withGpu({}), thresholds(gpuThrottling))).toBe('1 GPU at full clocks')
    expect(gpuThrottling.current(state(), thresholds(gpuThrottling))).toBeNull()
  })
})
