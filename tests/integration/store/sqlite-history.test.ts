import { mkdtempSync, rmSync } from 'node:fs'
import { DatabaseSync } from 'node:sqlite'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { HistoryBucket, HistoryPoint, Series } from '../../../src/main/core/store/history-store.ts'
import { migrate, migrations } from '../../../src/main/core/store/history-migrations.ts'
import { SqliteHistory } from '../../../src/main/core/store/sqlite-history.ts'

const day = 86_400
const t0 = 1_767_225_600 // 2026-01-01T00:00:00Z, a whole hour
const gpu: Series = { name: 'power_watts', labels: { device: 'gpu0' } }
const cpu: Series = { name: 'power_watts', labels: { device: 'cpu' } }
const machine: Series = { name: 'machine_power_watts', labels: {} }

const dirs: string[] = []
const stores: SqliteHistory[] = []
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'desk-history-'))
  dirs.push(dir)
  return join(dir, 'history.sqlite')
}
function open(path: string): SqliteHistory {
  const store = new SqliteHistory({ path })
  stores.push(store)
  return store
}
afterEach(() => {
  for (const store of stores.splice(0)) store.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** Deterministic noise, so a failure reproduces. */
function noise(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return (state % 100_000) / 100 - 300
  }
}

/** One point a second for `seconds`, with a gap every so often, as a real sampler leaves. */
function samples(series: Series, fromSeconds: number, seconds: number, seed: number): HistoryPoint[] {
  const next = noise(seed)
  const points: HistoryPoint[] = []
  for (let t = fromSeconds; t < fromSeconds + seconds; t++) {
    const value = next()
    if (t % 97 !== 13) points.push({ series, tsSeconds: t, value })
  }
  return points
}

/** What a bucket must hold, computed here and not by SQL; a point without provenance counts as not measured. */
function expectedBuckets(points: HistoryPoint[], widthSeconds: number): HistoryBucket[] {
  const byStart = new Map<number, HistoryPoint[]>()
  for (const p of points) {
    const start = Math.floor(p.tsSeconds / widthSeconds) * widthSeconds
    byStart.set(start, [...(byStart.get(start) ?? []), p])
  }
  const mean = (values: number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length
  return [...byStart.entries()]
    .sort(([a], [b]) => a - b)
    .map(([tsSeconds, bucket]) => ({
      tsSeconds,
      min: Math.min(...bucket.map((p) => p.value)),
      avg: mean(bucket.map((p) => p.value)),
      max: Math.max(...bucket.map((p) => p.value)),
      count: bucket.length,
      measuredAvg: mean(bucket.map((p) => p.provenance?.measured ?? 0)),
    }))
}

function expectBucketsClose(actual: HistoryBucket[], expected: HistoryBucket[]): void {
  expect(actual.map((b) => [b.tsSeconds, b.min, b.max, b.count])).toEqual(expected.map((b) => [b.tsSeconds, b.min, b.max, b.count]))
  actual.forEach((bucket, i) => expect(bucket.avg).toBeCloseTo(expected[i]?.avg ?? Number.NaN, 9))
  actual.forEach((bucket, i) => expect(bucket.measuredAvg).toBeCloseTo(expected[i]?.measuredAvg ?? Number.NaN, 9))
}

function rows(path: string, sql: string): Record<string, unknown>[] {
  const db = new DatabaseSync(path, { readOnly: true })
  try {
    return db.prepare(sql).all()
  } finally {
    db.close()
  }
}

describe('SqliteHistory on a real file', () => {
  it('opens in WAL mode and round-trips raw points', () => {
    const path = tempPath()
    const store = open(path)
    expect(rows(path, 'PRAGMA journal_mode')[0]?.journal_mode).toBe('wal')
    const points = samples(gpu, t0, 600, 1)
    store.append(points)
    expect(store.query({ series: gpu, fromSeconds: t0, toSeconds: t0 + 600, maxPoints: 600 })).toEqual([])
    expect(store.flush()).toBe(points.length)
    expect(store.flush()).toBe(0)
    const answer = store.query({ series: gpu, fromSeconds: t0, toSeconds: t0 + 600, maxPoints: 600 })
    expect(answer).toEqual(points.map((p) => ({ tsSeconds: p.tsSeconds, min: p.value, avg: p.value, max: p.value, count: 1, measuredAvg: 0 })))
    expect(store.query({ series: cpu, fromSeconds: t0, toSeconds: t0 + 600, maxPoints: 600 })).toEqual([])
  })

  it('keeps the series apart, labels in any order naming the same one', () => {
    const store = open(tempPath())
    store.append([
      { series: gpu, tsSeconds: t0, value: 250 },
      { series: cpu, tsSeconds: t0, value: 65 },
      { series: { name: 'power_watts', labels: { device: 'gpu0' } }, tsSeconds: t0 + 1, value: 260 },
    ])
    store.flush()
    const q = (series: Series): number[] =>
      store.query({ series, fromSeconds: t0, toSeconds: t0 + 2, maxPoints: 2 }).map((b) => b.avg)
    expect(q(gpu)).toEqual([250, 260])
    expect(q(cpu)).toEqual([65])
  })

  it('rolls up minutes and hours to the min, avg, max and count of the raw samples', () => {
    const path = tempPath()
    const store = open(path)
    const points = [...samples(gpu, t0, 3 * 3600, 7)]
    store.append(points)
    store.append(samples(cpu, t0, 3 * 3600, 8))
    store.flush()
    expect(store.rollup(t0 + 3 * 3600 + 30)).toEqual({ minuteRows: 2 * 180, hourRows: 2 * 3 })

    const minuteRows = rows(path, `SELECT ts AS tsSeconds, min, avg, max, n AS count, measured AS measuredAvg FROM samples_1m WHERE series_id =
      (SELECT id FROM series WHERE key = 'power_watts{device="gpu0"}') ORDER BY ts`)
    expectBucketsClose(minuteRows as HistoryBucket[], expectedBuckets(points, 60))
    // Served from the tiers: 3 hours in 180 points is the minute tier, in 3 points the hour tier.
    const range = { series: gpu, fromSeconds: t0, toSeconds: t0 + 3 * 3600 }
    expectBucketsClose(store.query({ ...range, maxPoints: 180 }), expectedBuckets(points, 60))
    expectBucketsClose(store.query({ ...range, maxPoints: 3 }), expectedBuckets(points, 3600))
    expectBucketsClose(store.query({ ...range, maxPoints: 10_800 }), expectedBuckets(points, 1))
  })

  it('rolls up only what changed since the last rollup, late points included', () => {
    const store = open(tempPath())
    const points = samples(gpu, t0, 7200, 3)
    store.append(points)
    store.flush()
    expect(store.rollup(t0 + 7200)).toEqual({ minuteRows: 120, hourRows: 2 })
    expect(store.rollup(t0 + 7200)).toEqual({ minuteRows: 0, hourRows: 0 })

    const nextMinute = samples(gpu, t0 + 7200, 60, 4)
    store.append(nextMinute)
    store.flush()
    expect(store.rollup(t0 + 7260)).toEqual({ minuteRows: 1, hourRows: 0 })

    // A late sample replaces the one of its second in minute 10 of the first hour: until the
    // next rollup the answer comes from raw there, and that rollup redoes everything from
    // that minute and hour on.
    const late: HistoryPoint = { series: gpu, tsSeconds: t0 + 600 + 13, value: 10_000 }
    expect(points.some((p) => p.tsSeconds === late.tsSeconds)).toBe(true)
    store.append([late])
    store.flush()
    const all = [...points.filter((p) => p.tsSeconds !== late.tsSeconds), late, ...nextMinute]
    const firstHour = expectedBuckets(all, 3600).slice(0, 1)
    expectBucketsClose(store.query({ series: gpu, fromSeconds: t0, toSeconds: t0 + 3600, maxPoints: 1 }), firstHour)
    expect(store.rollup(t0 + 7260)).toEqual({ minuteRows: 121 - 10, hourRows: 2 })
    expectBucketsClose(store.query({ series: gpu, fromSeconds: t0, toSeconds: t0 + 3600, maxPoints: 1 }), firstHour)
    expectBucketsClose(store.query({ series: gpu, fromSeconds: t0, toSeconds: t0 + 7260, maxPoints: 121 }), expectedBuckets(all, 60))
  })

  it('answers the minutes and hours rollup has not reached from the finer tiers', () => {
    const store = open(tempPath())
    const points = samples(gpu, t0, 2 * 3600, 5)
    store.append(points.filter((p) => p.tsSeconds < t0 + 3600 + 1800))
    store.flush()
    store.rollup(t0 + 3600 + 1800)
    store.append(points.filter((p) => p.tsSeconds >= t0 + 3600 + 1800))
    store.flush()
    // Hour 2 is half in minutes and half only in raw; the answer still counts every sample.
    expectBucketsClose(store.query({ series: gpu, fromSeconds: t0, toSeconds: t0 + 7200, maxPoints: 2 }), expectedBuckets(points, 3600))
  })

  it('never answers more points than asked', () => {
    const store = open(tempPath())
    const points = samples(gpu, t0, 4 * 3600, 9)
    store.append(points)
    store.flush()
    store.rollup(t0 + 2 * 3600 + 17)
    for (const [from, to, maxPoints] of [
      [t0, t0 + 4 * 3600, 1],
      [t0, t0 + 4 * 3600, 7],
      [t0 + 13, t0 + 4 * 3600 - 5, 100],
      [t0 + 59, t0 + 61, 1],
      [t0 + 1234, t0 + 9876, 2000],
      [t0 - day, t0 + day, 500],
    ] as const) {
      const answer = store.query({ series: gpu, fromSeconds: from, toSeconds: to, maxPoints })
      expect(answer.length).toBeLessThanOrEqual(maxPoints)
      expect(answer.length).toBeGreaterThan(0)
    }
    const whole = store.query({ series: gpu, fromSeconds: t0, toSeconds: t0 + 4 * 3600, maxPoints: 7 })
    expect(whole.reduce((sum, b) => sum + b.count, 0)).toBe(points.length)
  })

  it('refuses a bad query and a bad point', () => {
    const store = open(tempPath())
    expect(() => store.query({ series: gpu, fromSeconds: t0, toSeconds: t0 + 10, maxPoints: 0 })).toThrow(/maxPoints must be/)
    expect(() => store.query({ series: gpu, fromSeconds: -5, toSeconds: t0, maxPoints: 10 })).toThrow(/invalid range/)
    expect(store.query({ series: gpu, fromSeconds: t0, toSeconds: t0, maxPoints: 10 })).toEqual([])
    expect(() => store.append([{ series: gpu, tsSeconds: t0, value: Number.NaN }])).toThrow(/finite/)
    expect(store.flush()).toBe(0)
  })

  it('keeps raw 7 days and minutes a year, hours for ever, and still answers old ranges', () => {
    const path = tempPath()
    const store = open(path)
    // Four hundred days of one point an hour, and the last ten days of one a minute.
    const hourly: HistoryPoint[] = []
    for (let t = t0; t < t0 + 390 * day; t += 3600) hourly.push({ series: gpu, tsSeconds: t, value: (t / 3600) % 24 })
    const minutely: HistoryPoint[] = []
    for (let t = t0 + 390 * day; t < t0 + 400 * day; t += 60) minutely.push({ series: gpu, tsSeconds: t, value: (t / 60) % 60 })
    store.append([...hourly, ...minutely])
    store.flush()
    const now = t0 + 400 * day
    store.rollup(now)
    const deleted = store.prune(now)

    const oldest = (table: string): number => Number(rows(path, `SELECT min(ts) AS ts FROM ${table}`)[0]?.ts)
    expect(oldest('samples_raw')).toBe(now - 7 * day)
    expect(oldest('samples_1m')).toBe(now - 365 * day)
    expect(oldest('samples_1h')).toBe(t0)
    const raw = 390 * 24 + 10 * 1440
    expect(deleted).toBe(raw - 7 * 1440 + (35 * 24))
    expect(store.prune(now)).toBe(0)

    // Ten days back is past raw: the minute tier answers, with every sample counted.
    const tenDays = store.query({ series: gpu, fromSeconds: now - 10 * day, toSeconds: now, maxPoints: 1_000_000 })
    expect(tenDays).toHaveLength(10 * 1440)
    expect(tenDays.every((b) => b.count === 1)).toBe(true)
    const everything = store.query({ series: gpu, fromSeconds: t0, toSeconds: now, maxPoints: 400 })
    expect(everything.reduce((sum, b) => sum + b.count, 0)).toBe(hourly.length + minutely.length)

    // A sample older than raw keeps would re-roll a minute whose raw rows are gone: dropped.
    store.append([{ series: gpu, tsSeconds: now - 8 * day, value: 1 }])
    expect(store.flush()).toBe(0)
  })

  it('never prunes raw samples that are not rolled up yet', () => {
    const store = open(tempPath())
    store.append(samples(gpu, t0, 600, 2))
    store.flush()
    expect(store.prune(t0 + 30 * day)).toBe(0)
    store.rollup(t0 + 300)
    expect(store.prune(t0 + 30 * day)).toBe(samples(gpu, t0, 300, 2).length)
  })

  it('reopens with its data, rollup progress and retention intact', () => {
    const path = tempPath()
    const first = new SqliteHistory({ path })
    const points = samples(gpu, t0, 2 * 3600, 11)
    first.append(points)
    first.flush()
    first.rollup(t0 + 3600)
    first.append([{ series: cpu, tsSeconds: t0, value: 1 }])
    first.close() // flushes the buffer on the way out
    first.close()

    const again = open(path)
    expectBucketsClose(again.query({ series: gpu, fromSeconds: t0, toSeconds: t0 + 7200, maxPoints: 2 }), expectedBuckets(points, 3600))
    expect(again.query({ series: cpu, fromSeconds: t0, toSeconds: t0 + 1, maxPoints: 1 })).toHaveLength(1)
    // The cpu sample came after the first hour was rolled up; reopening did not forget that.
    expect(again.rollup(t0 + 7200)).toEqual({ minuteRows: 120 + 1, hourRows: 2 + 1 })
    expect(again.query({ series: cpu, fromSeconds: t0, toSeconds: t0 + 3600, maxPoints: 1 })[0]?.count).toBe(1)
  })

  it('keeps whether each power sample was measured, and by which source, through every tier', () => {
    const path = tempPath()
    const store = open(path)
    // An hour on the wall plug, an hour on the estimate, an hour of a GPU measured + the CPU estimated.
    const parts = [
      { watts: 2000, measured: 2000, origin: 'wall: shelly-gen2' },
      { watts: 65, measured: 0, origin: 'estimate: estimate' },
      { watts: 400, measured: 300, origin: 'components: nvidia-smi + estimate' },
    ]
    const points: HistoryPoint[] = parts.flatMap(({ watts, measured, origin }, hour) =>
      Array.from({ length: 3600 }, (_, i) => ({ series: machine, tsSeconds: t0 + hour * 3600 + i, value: watts, provenance: { measured, origin } })),
    )
    store.append(points)
    store.flush()
    store.rollup(t0 + 3 * 3600)

    const range = { series: machine, fromSeconds: t0, toSeconds: t0 + 3 * 3600 }
    expectBucketsClose(store.query({ ...range, maxPoints: 3 }), expectedBuckets(points, 3600))
    expectBucketsClose(store.query({ ...range, maxPoints: 180 }), expectedBuckets(points, 60))
    expectBucketsClose(store.query({ ...range, maxPoints: 10_800 }), expectedBuckets(points, 1))
    expect(store.query({ ...range, maxPoints: 3 }).map((b) => b.measuredAvg)).toEqual([2000, 0, 300])
    const origins = rows(path, 'SELECT o.label AS origin, count(*) AS n FROM samples_raw r JOIN origins o ON o.id = r.origin GROUP BY o.label ORDER BY o.label')
    expect(origins).toEqual([
      { origin: 'components: nvidia-smi + estimate', n: 3600 },
      { origin: 'estimate: estimate', n: 3600 },
      { origin: 'wall: shelly-gen2', n: 3600 },
    ])
  })

  it('migrates a v2 file with history in it: its samples keep their watts and count as estimated', () => {
    const path = tempPath()
    const v2 = new DatabaseSync(path)
    migrate(v2, path, migrations.slice(0, 2))
    // One hour rolled up into minutes and an hour, and the first minute of the next hour still raw.
    const minutes = Array.from({ length: 60 }, (_, m) => `(1, ${String(t0 + m * 60)}, 100.0, 90.0, 110.0, 60)`).join(', ')
    const raw = Array.from({ length: 60 }, (_, i) => `(1, ${String(t0 + 3600 + i)}, 100.0)`).join(', ')
    v2.exec(`
      INSERT INTO series (id, key, name, labels) VALUES (1, 'machine_power_watts', 'machine_power_watts', '{}');
      INSERT INTO samples_1m VALUES ${minutes};
      INSERT INTO samples_1h VALUES (1, ${String(t0)}, 100.0, 90.0, 110.0, 3600);
      INSERT INTO samples_raw VALUES ${raw};
      UPDATE history_meta SET value = ${String(t0 + 3660)} WHERE key = 'raw_up_to';
      UPDATE history_meta SET value = ${String(t0 + 3600)} WHERE key IN ('rolled_up_to:1m', 'rolled_up_to:1h');
    `)
    v2.close()

    const store = open(path)
    expect(rows(path, 'PRAGMA user_version')[0]?.user_version).toBe(migrations.length)
    const measured = Array.from({ length: 3540 }, (_, i) => ({
      series: machine,
      tsSeconds: t0 + 3660 + i,
      value: 200,
      provenance: { measured: 200, origin: 'wall: shelly-gen2' },
    }))
    store.append(measured)
    store.flush()
    store.rollup(t0 + 7200)
    const hours = store.query({ series: machine, fromSeconds: t0, toSeconds: t0 + 7200, maxPoints: 2 })
    expect(hours.map((b) => [b.tsSeconds, b.count])).toEqual([
      [t0, 3600],
      [t0 + 3600, 3600],
    ])
    expect(hours[0]).toMatchObject({ avg: 100, min: 90, max: 110, measuredAvg: 0 })
    // The second hour: 60 old samples at 100 W (estimated, as nothing says otherwise) and 3540 measured at 200 W.
    expect(hours[1]?.avg).toBeCloseTo((60 * 100 + 3540 * 200) / 3600, 9)
    expect(hours[1]?.measuredAvg).toBeCloseTo((3540 * 200) / 3600, 9)
  })
})
