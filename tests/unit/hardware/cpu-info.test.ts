import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCpuinfo, readCpuInfo } from '../../../src/main/core/hardware/linux/cpu-info.ts'
import { ProcFormatError } from '../../../src/main/core/hardware/linux/parse-proc.ts'

// Two logical cores of an x86 VM (trimmed: the flags lines are long).
const x86 = `processor\t: 0
vendor_id\t: AuthenticAMD
cpu family\t: 25
model\t\t: 17
model name\t: AMD EPYC 9654 96-Core Processor
stepping\t: 1
cpu MHz\t\t: 2596.128
flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic
power management:

processor\t: 1
vendor_id\t: AuthenticAMD
cpu family\t: 25
model\t\t: 17
model name\t: AMD EPYC 9654 96-Core Processor
stepping\t: 1
power management:

`

// A Raspberry Pi 4 on a 64-bit kernel (trimmed): no model name, the board in a trailing block.
const raspberryPi = `processor\t: 0
BogoMIPS\t: 108.00
Features\t: fp asimd evtstrm crc32 cpuid
CPU implementer\t: 0x41
CPU architecture: 8
CPU variant\t: 0x0
CPU part\t: 0xd08
CPU revision\t: 3

processor\t: 1
BogoMIPS\t: 108.00
CPU part\t: 0xd08

processor\t: 2
CPU part\t: 0xd08

processor\t: 3
CPU part\t: 0xd08

Revision\t: c03114
Serial\t\t: 10000000a1b2c3d4
Model\t\t: Raspberry Pi 4 Model B Rev 1.4
`

describe('parseCpuinfo', () => {
  it('reads the model name and counts logical cores on x86', () => {
    expect(parseCpuinfo(x86)).toEqual({ model: 'AMD EPYC 9654 96-Core Processor', logicalCores: 2 })
  })

  it('names an ARM board by its Model line', () => {
    expect(parseCpuinfo(raspberryPi)).toEqual({ model: 'Raspberry Pi 4 Model B Rev 1.4', logicalCores: 4 })
  })

  it('has no model where the kernel names none', () => {
    expect(parseCpuinfo('processor\t: 0\nCPU part\t: 0xd0c\n')).toEqual({ model: null, logicalCores: 1 })
  })

  it('squeezes the padding some firmware leaves in the name', () => {
    expect(parseCpuinfo('processor\t: 0\nmodel name\t: Intel(R) Xeon(R) CPU           E5-2680 v4 @ 2.40GHz\n').model).toBe(
      'Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz',
    )
  })

  it.each(['', 'model name\t: CPU\n'])('refuses %j', (text) => {
    expect(() => parseCpuinfo(text)).toThrow(ProcFormatError)
  })
})

describe('readCpuInfo', () => {
  it('reads <procRoot>/cpuinfo', async () => {
    const procRoot = mkdtempSync(join(tmpdir(), 'desk-cpuinfo-'))
    writeFileSync(join(procRoot, 'cpuinfo'), x86)
    await expect(readCpuInfo(procRoot)).resolves.toEqual({ model: 'AMD EPYC 9654 96-Core Processor', logicalCores: 2 })
  })

  it('names the file when it is not there', async () => {
    await expect(readCpuInfo('/nonexistent/proc')).rejects.toThrow(/\/nonexistent\/proc\/cpuinfo/)
  })
})
