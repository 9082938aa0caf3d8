import { describe, expect, it } from 'vitest'
import { counterRate, interfaceRates } from '../../../src/main/core/hardware/rates.ts'

describe('counterRate', () => {
  it('divides the increase by the elapsed seconds', () => {
    expect(counterRate(1_000, 3_000, 2_000)).toBe(1_000)
    expect(counterRate(0, 1_500, 500)).toBe(3_000)
  })

  it('takes the new value as the increase after a reset', () => {
    expect(counterRate(4_000_000_000, 1_000, 1_000)).toBe(1_000)
  })

  it('answers 0 when no time passed', () => {
    expect(counterRate(0, 100, 0)).toBe(0)
    expect(counterRate(0, 100, -5)).toBe(0)
  })
})

describe('interfaceRates', () => {
  it('pairs interfaces by name and skips ones seen once', () => {
    const before = [
      { name: 'eth0', rxBytes: 100, txBytes: 50 },
      { name: 'wlan0', rxBytes: 0, txBytes: 0 },
    ]
    const after = [
      { name: 'eth0', rxBytes: 1_100, txBytes: 250 },
      { name: 'tun0', rxBytes: 9_999, txBytes: 9_999 },
    ]
    expect(interfaceRates(before, after, 1_000)).toEqual([
      { name: 'eth0', rxBytesPerSecond: 1_000, txBytesPerSecond: 200 },
    ])
  })
})
