import { bool, capped, type MetricSpec, sample, seconds } from './metric-spec.ts'

/*
 * The machine as the 1 s sample sees it: CPU, memory, temperature sensors and volumes. Sensor
 * ids (`hwmon:k10temp/temp1`, `thermal:thermal_zone0`) and mount points are this machine's, so
 * bounded by it, and capped besides. What node_exporter already exports better (per-core CPU,
 * interface rates) is left to it.
 */

export const hardwareMetrics: readonly MetricSpec[] = [
  {
    name: 'depin_cpu_utilization_ratio',
    help: 'Share of all CPU cores busy over the last sample interval (0 to 1).',
    type: 'gauge',
    labelNames: [],
    samples: (state) => sample({}, state.hardware === null ? null : state.hardware.cpu.loadPercent / 100),
  },
  {
    name: 'depin_memory_used_bytes',
    help: 'Memory in use.',
    type: 'gauge',
    labelNames: [],
    samples: (state) => sample({}, state.hardware?.memory.usedBytes),
  },
  {
    name: 'depin_memory_size_bytes',
    help: 'Memory installed.',
    type: 'gauge',
    labelNames: [],
    samples: (state) => sample({}, state.hardware?.memory.totalBytes),
  },
  {
    name: 'depin_temperature_celsius',
    help: 'Each temperature sensor the machine reports (hwmon, ACPI thermal zones), by kind: cpu, gpu, disk or other.',
    type: 'gauge',
    labelNames: ['sensor', 'kind'],
    samples: (state) => capped('temperatures', state.hardware?.temperatures ?? []).flatMap((t) => sample({ sensor: t.sensor, kind: t.kind }, t.celsius)),
  },
  {
    name: 'depin_disk_used_bytes',
    help: 'Space used on each volume that holds data.',
    type: 'gauge',
    labelNames: ['mount'],
    samples: (state) => capped('disks', state.hardware?.disks ?? []).flatMap((disk) => sample({ mount: disk.mount }, disk.usedBytes)),
  },
  {
    name: 'depin_disk_size_bytes',
    help: 'Size of each volume that holds data.',
    type: 'gauge',
    labelNames: ['mount'],
    samples: (state) => capped('disks', state.hardware?.disks ?? []).flatMap((disk) => sample({ mount: disk.mount }, disk.totalBytes)),
  },
  {
    name: 'depin_sample_duration_seconds',
    help: 'How long the last hardware sample took to read.',
    type: 'gauge',
    labelNames: [],
    samples: (state) => sample({}, seconds(state.hardware?.durationMs)),
  },
  {
    name: 'depin_sample_interval_seconds',
    help: 'The sampling interval: each sample stands for this long in the energy figures.',
    type: 'gauge',
    labelNames: [],
    samples: (state) => sample({}, state.monitoring.sampleIntervalMs / 1000),
  },
  {
    name: 'depin_monitoring_paused',
    help: '1 while the operator paused sampling: hardware figures then stop, and that is no fault.',
    type: 'gauge',
    labelNames: [],
    samples: (state) => sample({}, bool(state.monitoring.paused)),
  },
]
