import { describe, expect, it } from 'vitest'
import { assertValidPoint, seriesKey } from '../../../src/main/core/store/history-store.ts'

describe('seriesKey', () => {
  it('writes Prometheus syntax with the labels sorted, whatever order they came in', () => {
    expect(seriesKey({ name: 'power_watts', labels: { device: 'gpu0', source: 'nvidia-smi' } })).toBe(
      'power_watts{device="gpu0",source="nvidia-smi"}',
    )
    expect(seriesKey({ name: 'power_watts', labels: { source: 'nvidia-smi', device: 'gpu0' } })).toBe(
      seriesKey({ name: 'power_watts', labels: { device: 'gpu0', source: 'nvidia-smi' } }),
    )
  })

  it('is the bare name without labels', () => {
    expect(seriesKey({ name: 'memory_used_bytes', labels: {} })).toBe('memory_used_bytes')
  })

  it('escapes label values, so no value can forge another series', () => {
    const forged = seriesKey({ name: 'm', labels: { a: 'x",b="y' } })
    expect(forged).toBe('m{a="x\\",b=\\"y"}')
    expect(forged).not.toBe(seriesKey({ name: 'm', labels: { a: 'x', b: 'y' } }))
    expect(seriesKey({ name: 'm', labels: { a: 'back\\slash\nline' } })).toBe('m{a="back\\\\slash\\nline"}')
  })

  it.each([
    [{ name: '', labels: {} }, /invalid metric name ""/],
    [{ name: '1watts', labels: {} }, /invalid metric name/],
    [{ name: 'power watts', labels: {} }, /invalid metric name/],
    [{ name: 'power_watts', labels: { 'dev-ice': 'gpu0' } }, /invalid label name "dev-ice" on power_watts/],
    [{ name: 'power_watts', labels: { __proto__x: 'a', '': 'b' } }, /invalid label name/],
  ])('refuses %j', (series, message) => {
    expect(() => seriesKey(series)).toThrow(message)
  })
})

describe('assertValidPoint', () => {
  const series = { name: 'power_watts', labels: { device: 'gpu0' } }

  it('accepts whole seconds and finite values', () => {
    expect(() => assertValidPoint({ series, tsSeconds: 1_767_225_600, value: -3.5 })).not.toThrow()
  })

  it.each([
    [1.5, 1, /tsSeconds must be whole non-negative seconds, got 1.5/],
    [-1, 1, /got -1/],
    [Number.NaN, 1, /got NaN/],
    [2 ** 60, 1, /tsSeconds/],
    [10, Number.NaN, /value must be a finite number, got NaN for power_watts\{device="gpu0"\}/],
    [10, Number.POSITIVE_INFINITY, /got Infinity/],
  ])('refuses tsSeconds %s with value %s', (tsSeconds, value, message) => {
    expect(() => assertValidPoint({ series, tsSeconds, value })).toThrow(message)
  })
})
