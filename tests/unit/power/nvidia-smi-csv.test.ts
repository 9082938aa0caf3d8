import { describe, expect, it } from 'vitest'
import {
  defaultNvidiaSmiFields,
  isMissingCell,
  minimalNvidiaSmiFields,
  nextFieldList,
  NvidiaSmiFormatError,
  parseNumberCell,
  parseNvidiaSmiLine,
  parseThrottleReasons,
  rejectedField,
  type NvidiaSmiField,
} from '../../../src/main/core/hardware/power/nvidia-smi-csv.ts'

// Columns in the order of defaultNvidiaSmiFields, in the shape nvidia-smi prints with nounits.
const rtx4090 =
  '0, GPU-5d8f3c2a-9b1e-4f7a-8c6d-2e4b1a9f0c31, NVIDIA GeForce RTX 4090, 97, 68, 412.35, 410.80, 418.22, 450.00, 0x0000000000000004, 72, 21504, 24564, 2610'
const a100 =
  '1, GPU-a230e637-c9e1-1b61-3830-a437b874d88d, NVIDIA A100-PCIE-40GB, 0, 34, 36.12, [N/A], 36.50, 250.00, 0x0000000000000001, [N/A], 4, 40960, 210'

describe('parseNvidiaSmiLine', () => {
  it('reads every field of the default list', () => {
    expect(parseNvidiaSmiLine(rtx4090, defaultNvidiaSmiFields)).toEqual({
      index: 0,
      uuid: 'GPU-5d8f3c2a-9b1e-4f7a-8c6d-2e4b1a9f0c31',
      name: 'NVIDIA GeForce RTX 4090',
      utilizationPercent: 97,
      temperatureCelsius: 68,
      powerWatts: 410.8,
      powerInstantWatts: 418.22,
      powerLimitWatts: 450,
      throttleReasons: ['sw_power_cap'],
      fanPercent: 72,
      memoryUsedMib: 21504,
      memoryTotalMib: 24564,
      smClockMhz: 2610,
    })
  })

  it('turns [N/A] into null and falls back to power.draw when the average is missing', () => {
    const gpu = parseNvidiaSmiLine(a100, defaultNvidiaSmiFields)
    expect(gpu.fanPercent).toBeNull()
    expect(gpu.powerWatts).toBe(36.12)
    expect(gpu.throttleReasons).toEqual(['gpu_idle'])
  })

  it('reads an older driver line with the legacy throttle field and no average', () => {
    const fields: NvidiaSmiField[] = ['index', 'uuid', 'name', 'power.draw', 'clocks_throttle_reasons.active', 'fan.speed']
    const gpu = parseNvidiaSmiLine('0, GPU-8fe3a97d, NVIDIA GeForce GTX 1080, [Not Supported], 0x0000000000000000, 33', fields)
    expect(gpu).toMatchObject({ powerWatts: null, throttleReasons: [], fanPercent: 33, utilizationPercent: null, smClockMhz: null })
  })

  it('tolerates units left in by a missing nounits', () => {
    const fields: NvidiaSmiField[] = ['index', 'uuid', 'power.draw', 'fan.speed', 'memory.used', 'clocks.sm']
    expect(parseNvidiaSmiLine('0, GPU-1, 26.20 W, 0 %, 596 MiB, 210 MHz', fields)).toMatchObject({
      powerWatts: 26.2,
      fanPercent: 0,
      memoryUsedMib: 596,
      smClockMhz: 210,
    })
  })

  it('names a GPU that does not report its name', () => {
    expect(parseNvidiaSmiLine('2, GPU-2, [N/A], 100.5', minimalNvidiaSmiFields).name).toBe('NVIDIA GPU 2')
  })

  it.each([
    ['a line cut when the child died', rtx4090.slice(0, 60)],
    ['no uuid', rtx4090.replace('GPU-5d8f3c2a-9b1e-4f7a-8c6d-2e4b1a9f0c31', '[N/A]')],
    ['no index', rtx4090.replace(/^0/, '[N/A]')],
    ['a message instead of CSV', 'Unable to determine the device handle for GPU 0000:01:00.0: Unknown Error'],
  ])('throws on %s', (_, line) => {
    expect(() => parseNvidiaSmiLine(line, defaultNvidiaSmiFields)).toThrow(NvidiaSmiFormatError)
  })
})

describe('cells', () => {
  it.each(['[N/A]', 'N/A', '[Not Supported]', '[Unknown Error]', '[Requested functionality has been deprecated]', '[GPU is lost]', ''])(
    '%s is missing',
    (cell) => {
      expect(isMissingCell(cell)).toBe(true)
      expect(parseNumberCell(cell)).toBeNull()
    },
  )

  it('reads numbers and refuses words', () => {
    expect(parseNumberCell('412.35')).toBe(412.35)
    expect(parseNumberCell('Default')).toBeNull()
  })

  it('names the throttle reason bits', () => {
    expect(parseThrottleReasons('0x0000000000000000')).toEqual([])
    expect(parseThrottleReasons('0x0000000000000045')).toEqual(['gpu_idle', 'sw_power_cap', 'hw_thermal_slowdown'])
    expect(parseThrottleReasons('0x00000000000001FF')).toHaveLength(9)
    expect(parseThrottleReasons('0x0000000000001004')).toEqual(['sw_power_cap', 'unknown'])
    expect(parseThrottleReasons('[N/A]')).toBeNull()
    expect(parseThrottleReasons('Not Active')).toBeNull()
  })
})

describe('field fallback for older drivers', () => {
  it('reads the refused field from the message', () => {
    expect(rejectedField('Field "power.draw.average" is not a valid field to query.\n\n')).toBe('power.draw.average')
    expect(rejectedField('No devices were found')).toBeNull()
  })

  it('drops an optional field', () => {
    const next = nextFieldList(defaultNvidiaSmiFields, 'power.draw.average')
    expect(next).not.toContain('power.draw.average')
    expect(next).toHaveLength(defaultNvidiaSmiFields.length - 1)
  })

  it('swaps the renamed throttle field for its old name', () => {
    const next = nextFieldList(defaultNvidiaSmiFields, 'clocks_event_reasons.active')
    expect(next).toContain('clocks_throttle_reasons.active')
    expect(next).not.toContain('clocks_event_reasons.active')
  })

  it('falls back to the minimal list when the refusal names nothing we asked for', () => {
    expect(nextFieldList(defaultNvidiaSmiFields, 'device_minor')).toEqual(minimalNvidiaSmiFields)
    expect(nextFieldList(defaultNvidiaSmiFields, null)).toEqual(minimalNvidiaSmiFields)
  })

  it('gives up when a required field or the minimal list is refused', () => {
    expect(nextFieldList(defaultNvidiaSmiFields, 'uuid')).toBeNull()
    expect(nextFieldList(minimalNvidiaSmiFields, 'device_minor')).toBeNull()
  })
})
