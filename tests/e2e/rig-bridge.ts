import type { DeskBridge } from '../../src/shared/contract/bridge.ts'
import type { HardwareSample } from '../../src/shared/contract/hardware.ts'
import type { EnergyAnswer, HistoryAnswer } from '../../src/shared/contract/history.ts'

/**
 * A page-side stand-in for the desktop preload (`window.desk`): a GPU rig with a wall plug,
 * one GPU gone quiet, a plug that fails and RAPL that needs permission, so the Hardware view
 * can be checked against what this test machine does not have. Runs in the page, through
 * `page.addInitScript`, so it must not reference anything outside itself.
 */
export function installRigBridge(): void {
  const hourMs = 3_600_000
  const sample = (now: number): HardwareSample => ({
    provenance: { kind: 'measured', source: 'procfs', at: now },
    durationMs: 2,
    cpu: { loadPercent: 37.5, cores: 8, perCorePercent: [12, 88, 40, 35, 5, 61, 22, 97] },
    memory: { usedBytes: 14 * 2 ** 30, totalBytes: 64 * 2 ** 30 },
    network: { rxBytesPerSecond: 1_250_000, txBytesPerSecond: 310_000, interfaces: [] },
    uptimeSeconds: 86_400 * 3,
    temperatures: [
      { sensor: 'hwmon:k10temp/temp1', label: 'Tctl', kind: 'cpu', celsius: 71 },
      { sensor: 'hwmon:nvme/temp1', label: 'Composite', kind: 'disk', celsius: 44 },
    ],
    disks: [
      { mount: '/', device: '/dev/nvme0n1p2', usedBytes: 380 * 2 ** 30, totalBytes: 931 * 2 ** 30 },
      { mount: '/srv/filecoin', device: '/dev/sda1', usedBytes: 16.8 * 2 ** 40, totalBytes: 18 * 2 ** 40 },
    ],
    battery: { percent: 100, charging: false, onAc: true },
    gpus: [
      {
        id: 'nvidia:GPU-3f1c',
        vendor: 'nvidia',
        name: 'NVIDIA GeForce RTX 4090',
        utilizationPercent: 97,
        temperatureCelsius: 78,
        powerWatts: 402.3,
        powerLimitWatts: 450,
        fanPercent: 64,
        memoryUsedMib: 20_480,
        memoryTotalMib: 24_564,
        clockMhz: 2520,
        throttleReasons: ['sw_power_cap', 'sw_thermal_slowdown'],
        at: now,
        stale: false,
      },
      {
        id: 'nvidia:GPU-77aa',
        vendor: 'nvidia',
        name: 'NVIDIA GeForce RTX 3090',
        utilizationPercent: 0,
        temperatureCelsius: 41,
        powerWatts: 21,
        powerLimitWatts: 350,
        fanPercent: 30,
        memoryUsedMib: 300,
        memoryTotalMib: 24_576,
        clockMhz: 210,
        throttleReasons: ['gpu_idle'],
        at: now - 95_000,
        stale: true,
      },
    ],
    power: {
      total: {
        totalWatts: 612.4,
        kind: 'measured',
        basis: 'wall',
        sources: ['shelly-gen2'],
        readings: [
          { deviceId: 'plug:rig', label: 'Rig plug', scope: 'wall', watts: 612.4, kind: 'measured', source: 'shelly-gen2', at: now },
        ],
        at: now,
        reason: 'wall plug (Rig plug) · measured',
      },
      sources: [
        {
          source: 'shelly-gen2:192.168.1.40#0',
          readings: [
            { deviceId: 'plug:rig', label: 'Rig plug', scope: 'wall', watts: 612.4, kind: 'measured', source: 'shelly-gen2', at: now },
          ],
          error: null,
          lastSuccessAt: now,
          durationMs: 38,
        },
        {
          source: 'nvidia-smi',
          readings: [
            { deviceId: 'nvidia:GPU-3f1c', label: 'RTX 4090', scope: 'gpu', watts: 402.3, kind: 'measured', source: 'nvidia-smi', at: now },
            { deviceId: 'nvidia:GPU-77aa', label: 'RTX 3090', scope: 'gpu', watts: null, kind: 'measured', source: 'nvidia-smi', at: now },
          ],
          error: null,
          lastSuccessAt: now,
          durationMs: 0,
        },
        {
          source: 'rapl',
          readings: [],
          error: {
            kind: 'permission',
            message: 'energy_uj is readable by root only',
            fix: 'sudo chmod 0444 /sys/class/powercap/intel-rapl:0/energy_uj',
          },
          lastSuccessAt: null,
          durationMs: 0,
        },
        {
          source: 'tasmota:192.168.1.41#1',
          readings: [],
          error: { kind: 'failed', message: 'timed out after 2000 ms' },
          lastSuccessAt: now - 600_000,
          durationMs: 2000,
        },
        { source: 'amdgpu-hwmon', readings: [], error: { kind: 'unavailable', message: 'no AMD GPU here' }, lastSuccessAt: null, durationMs: 0 },
      ],
    },
  })

  /** Bucket averages that drift with time, so each series draws as a line. */
  const history = (input: { series: { name: string; labels?: Record<string, string> }; fromMs: number; toMs: number; maxPoints?: number }): HistoryAnswer => {
    const bucketMs = Math.ceil((input.toMs - input.fromMs) / (input.maxPoints ?? 1000) / 1000) * 1000
    const base = { machine_power_watts: 600, cpu_load_percent: 40, temperature_celsius: input.series.labels?.sensor?.includes('nvme') ? 44 : 70 }
    const level = base[input.series.name as keyof typeof base]
    const buckets = []
    for (let at = Math.ceil(input.fromMs / bucketMs) * bucketMs; at < input.toMs; at += bucketMs) {
      const wave = Math.sin(at / (input.toMs - input.fromMs) * 12)
      buckets.push({ at, min: level * (0.85 + 0.1 * wave), avg: level * (0.95 + 0.1 * wave), max: level * (1.05 + 0.1 * wave), count: 4 })
    }
    return { bucketMs, buckets }
  }
  const energy = (input: { fromMs: number; toMs: number }): EnergyAnswer => ({
    kwh: ((input.toMs - input.fromMs) / hourMs) * 0.6,
    hours: [],
    gaps: [],
  })

  const ok = <T>(value: T) => Promise.resolve({ ok: true as const, value })
  // Only what the views call; anything else throws in the page, which the test's problem list catches.
  const call: Partial<DeskBridge['call']> = {
    'app.info': () => ok({ name: 'DePIN Desk' as const, version: '0.1.0', shell: 'desktop' as const, platform: 'linux', startedAt: Date.now() }),
    'hardware.latest': () => ok(sample(Date.now())),
    'monitoring.get': () => ok({ paused: false, sampleIntervalMs: 1000 }),
    'history.query': (input) => ok(history(input)),
    'energy.summary': (input) => ok(energy(input)),
    // Spelled out, not `defaultSettings`: this function runs in the page and can import nothing.
    'settings.get': () =>
      ok({
        settings: {
          schemaVersion: 1 as const,
          monitoring: { paused: false, sampleIntervalMs: 1000 },
          power: { plugs: [] },
          currency: 'usd' as const,
          wallets: [],
          walletRefreshMinutes: 10,
          prices: { overrides: {} },
          customEndpoints: [],
          profit: { tariff: [], timeZone: null, costs: {}, devices: {}, shares: {}, idleBaselineWatts: null, mode: 'manual' as const },
          alerts: { rules: {}, quietHours: null, retentionDays: 90, snoozes: [], channels: [] },
          nodes: { nodes: [], dismissed: [], scanIntervalMs: 5000 },
          desktop: { startAtLogin: true, updates: 'check-and-ask' as const },
          onboarding: { finishedAt: null, step: null, networks: [] },
          fleet: { rigs: [] },
        },
        problem: null,
      }),
    'power.plugKinds': () => ok([]),
    // The rig watches no wallet: the dashboard's wallets card asks for one.
    'networks.list': () => ok([]),
    'wallets.snapshot': () => ok({ currency: 'usd' as const, wallets: [], total: { fiat: null, partial: false }, networks: [], prices: [], refreshing: false, at: Date.now() }),
    'endpoints.list': () => ok([]),
    // No node software on the rig stand-in: the store asks on connect whichever view is open.
    'nodes.list': () => ok({ nodes: [], scannedAt: Date.now(), machine: { kind: 'dedicated' as const, evidence: 'no desktop session' }, problems: [] }),
    'rewards.list': () => ok([]),
    // No wallet, so no backfill: the store asks on connect whichever view is open.
    'history.backfill': () => ok([]),
    // Nothing open: the header's alert badge asks on connect whichever view is open.
    'alerts.snapshot': () => ok({ open: [], counts: { open: 0, snoozed: 0, worst: null }, quiet: false, fresh: [], at: Date.now() }),
    // A rig watching no other rig: the store asks on connect whichever view is open.
    'fleet.list': () =>
      ok({
        rigs: [],
        totals: { rigs: 0, reporting: 0, watts: null, wattsKind: 'none' as const, wattsProvenance: 'no rig added', nodes: { running: 0, restarting: 0, stopped: 0, missing: 0 }, openAlerts: 0, currency: null, networks: [], today: null, last30d: null, partial: false, missing: [] },
        at: Date.now(),
      }),
    // No wallet, so no network to count: the store asks on connect whichever view is open.
    'profit.summary': () =>
      ok({
        currency: 'usd' as const,
        at: Date.now(),
        total: [],
        networks: [],
        daily: [],
        power: { kind: 'measured' as const, reason: 'wall plug (Rig plug) · measured' },
        whatIf: null,
      }),
  }
  const bridge: DeskBridge = {
    call: call as DeskBridge['call'],
    on: (event, listener) => {
      if (event !== 'hardware.sampled') return () => undefined
      const timer = setInterval(() => (listener as (payload: HardwareSample) => void)(sample(Date.now())), 1000)
      return () => clearInterval(timer)
    },
  }
  Object.assign(globalThis, { desk: bridge })
}
