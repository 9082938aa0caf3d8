import { useId, useState, type ReactNode } from 'react'
import type { TariffPeriod } from '../../../shared/contract/profit.ts'
import type { DeskErrorInfo } from '../../../shared/contract/result.ts'
import type { Currency } from '../../../shared/contract/wallets.ts'
import { daysWords, hourText, weekdayNames } from './profit-words.ts'
import { formatPrice } from '../common/token-format.ts'
import { errorFor, FieldError } from '../common/field-error.tsx'
import { useDesk } from '../common/store-context.tsx'

/** A period as typed: the price stays text until core reads it. */
type PeriodDraft = { label: string; price: string; days: number[]; fromHour: number; toHour: number }

const everyDay = [0, 1, 2, 3, 4, 5, 6]
const fromHours = Array.from({ length: 24 }, (_, h) => h)
const toHours = Array.from({ length: 24 }, (_, h) => h + 1)
const machineZone = Intl.DateTimeFormat().resolvedOptions().timeZone
const zones = Intl.supportedValuesOf('timeZone')

const toDraft = (p: TariffPeriod): PeriodDraft => ({ label: p.label, price: p.pricePerKwh, days: p.days, fromHour: p.fromHour, toHour: p.toHour })
const toPeriod = (p: PeriodDraft): TariffPeriod => ({ label: p.label.trim(), pricePerKwh: p.price.trim(), days: p.days, fromHour: p.fromHour, toHour: p.toHour })

/** "Flat rate: $0.30/kWh, every day 00:00–24:00"; "No tariff set …" without one. */
function tariffWords(tariff: readonly TariffPeriod[], currency: Currency): string {
  if (tariff.length === 0) return 'No tariff set: electricity is unknown until you give its price.'
  return tariff.map((p) => `${p.label}: ${formatPrice(p.pricePerKwh, currency)}/kWh, ${daysWords(p.days)} ${hourText(p.fromHour)}–${hourText(p.toHour)}`).join(' · ')
}

/**
 * The electricity tariff: a flat rate in one step, or time-of-use periods by weekday and hour,
 * and the zone their hours are in. Core checks it; its message shows at the field it names.
 */
export function TariffForm(): ReactNode {
  const saved = useDesk((s) => s.profitSettings)
  const currency = useDesk((s) => s.currency)
  const [outcome, setOutcome] = useState<string | null>(null)
  if (!saved) return null
  return (
    <article className="card settings-card" aria-labelledby="tariff-heading">
      <h3 id="tariff-heading">Electricity tariff</h3>
      <p className="detail" data-testid="tariff-now">
        {tariffWords(saved.tariff, currency)}
      </p>
      {/* A new saved tariff starts the editors afresh from what core kept. */}
      <TariffEditor key={JSON.stringify([saved.tariff, saved.timeZone])} tariff={saved.tariff} timeZone={saved.timeZone} currency={currency} onSaved={setOutcome} />
      {outcome && (
        <p className="form-outcome" role="status" data-testid="tariff-saved">
          {outcome}
        </p>
      )}
    </article>
  )
}

type EditorProps = { tariff: TariffPeriod[]; timeZone: string | null; currency: Currency; onSaved: (text: string | null) => void }

function TariffEditor({ tariff, timeZone, currency, onSaved }: EditorProps): ReactNode {
  const setTariff = useDesk((s) => s.setTariff)
  const [periods, setPeriods] = useState<PeriodDraft[]>(() => tariff.map(toDraft))
  const [zone, setZone] = useState<string | null>(timeZone)
  const [flat, setFlat] = useState(tariff.length === 1 ? (tariff[0]?.pricePerKwh ?? '') : '')
  const [error, setError] = useState<DeskErrorInfo | null>(null)
  const [flatError, setFlatError] = useState<DeskErrorInfo | null>(null)
  const [busy, setBusy] = useState(false)
  const unit = currency.toUpperCase()

  const save = async (next: TariffPeriod[], which: 'flat' | 'periods'): Promise<void> => {
    setBusy(true)
    setError(null)
    setFlatError(null)
    onSaved(null)
    const failure = await setTariff(next, zone)
    setBusy(false)
    if (failure) {
      if (which === 'flat') setFlatError(failure)
      else setError(failure)
      return
    }
    onSaved(next.length === 0 ? 'Tariff cleared: electricity is unknown until you set one.' : 'Tariff saved: the figures above use it.')
  }
  const change = (index: number, patch: Partial<PeriodDraft>): void => {
    setPeriods((list) => list.map((p, i) => (i === index ? { ...p, ...patch } : p)))
    setError(null)
  }
  const toggleDay = (index: number, day: number): void => {
    const days = periods[index]?.days ?? []
    change(index, { days: days.includes(day) ? days.filter((d) => d !== day) : [...days, day].sort((a, b) => a - b) })
  }
  const known = (field: string | undefined): boolean =>
    field === 'timeZone' || /^tariff\.\d+(\.(label|pricePerKwh|fromHour|toHour)|\.days(\.\d+)?)?$/.test(field ?? '')
  // Flat-rate errors name tariff.0.pricePerKwh: the one field of that form.
  const flatMessage = flatError ? (errorFor(flatError, 'tariff.0.pricePerKwh') ?? flatError.message) : null

  return (
    <>
      <form
        className="tariff-flat"
        aria-label="Flat rate"
        onSubmit={(event) => {
          event.preventDefault()
          void save([{ label: 'Flat rate', pricePerKwh: flat.trim(), days: everyDay, fromHour: 0, toHour: 24 }], 'flat')
        }}
      >
        <label className="field">
          <span>Flat rate per kWh ({unit})</span>
          <input value={flat} onChange={(e) => setFlat(e.target.value)} inputMode="decimal" placeholder="e.g. 0.30" aria-invalid={flatError !== null} />
        </label>
        <button type="submit" className="button button-primary" disabled={busy || flat.trim() === ''}>
          Use flat rate
        </button>
        <span className="detail">One price for every hour of every day.</span>
        <FieldError text={flatMessage} />
      </form>
      <form
        className="tariff-periods"
        aria-label="Tariff periods"
        onSubmit={(event) => {
          event.preventDefault()
          void save(periods.map(toPeriod), 'periods')
        }}
      >
        {periods.length === 0 && <p className="detail">No periods: add one for each price your supplier charges (peak, off-peak, weekend).</p>}
        {periods.map((period, i) => (
          <PeriodFields
            key={i}
            index={i}
            period={period}
            unit={unit}
            error={error}
            busy={busy}
            onChange={(patch) => change(i, patch)}
            onToggleDay={(day) => toggleDay(i, day)}
            onRemove={() => setPeriods((list) => list.filter((_, j) => j !== i))}
          />
        ))}
        <div className="form-actions">
          <button
            type="button"
            className="button button-small"
            disabled={periods.length >= 24}
            onClick={() => setPeriods((list) => [...list, { label: list.length === 0 ? 'Peak' : `Period ${list.length + 1}`, price: '', days: everyDay, fromHour: 0, toHour: 24 }])}
          >
            Add period
          </button>
          <label className="inline-field">
            <span>Time zone</span>
            <select value={zone ?? ''} onChange={(e) => setZone(e.target.value === '' ? null : e.target.value)} aria-invalid={errorFor(error, 'timeZone') !== null}>
              <option value="">This machine's ({machineZone})</option>
              {(zone !== null && !zones.includes(zone) ? [zone, ...zones] : zones).map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          </label>
          <FieldError text={errorFor(error, 'timeZone')} />
          <button type="submit" className="button button-primary" disabled={busy}>
            Save tariff
          </button>
        </div>
        <FieldError text={error && !known(error.field) ? error.message : null} />
      </form>
    </>
  )
}

type PeriodProps = {
  index: number
  period: PeriodDraft
  unit: string
  error: DeskErrorInfo | null
  busy: boolean
  onChange: (patch: Partial<PeriodDraft>) => void
  onToggleDay: (day: number) => void
  onRemove: () => void
}

function PeriodFields({ index, period, unit, error, busy, onChange, onToggleDay, onRemove }: PeriodProps): ReactNode {
  const name = `Period ${index + 1}`
  const at = (field: string): string | null => errorFor(error, `tariff.${index}.${field}`)
  const daysId = useId()
  return (
    <fieldset className="tariff-period">
      <legend>{name}</legend>
      <div className="field">
        <label className="field-label">
          <span>Label</span>
          <input value={period.label} onChange={(e) => onChange({ label: e.target.value })} maxLength={40} aria-invalid={at('label') !== null} />
        </label>
        <FieldError text={at('label')} />
      </div>
      <div className="field">
        <label className="field-label">
          <span>Price per kWh ({unit})</span>
          <input value={period.price} onChange={(e) => onChange({ price: e.target.value })} inputMode="decimal" placeholder="e.g. 0.30" aria-invalid={at('pricePerKwh') !== null} />
        </label>
        <FieldError text={at('pricePerKwh')} />
      </div>
      <div className="field">
        <span id={daysId}>Days</span>
        <div className="weekdays" role="group" aria-labelledby={daysId}>
          {weekdayNames.map((day, d) => (
            <label key={day} className="weekday">
              <input type="checkbox" checked={period.days.includes(d)} onChange={() => onToggleDay(d)} aria-label={day} />
              <span aria-hidden="true">{day.slice(0, 2)}</span>
            </label>
          ))}
        </div>
        <FieldError text={error?.field?.startsWith(`tariff.${index}.days`) ? (errorFor(error, error.field) ?? error.message) : null} />
      </div>
      <div className="field">
        <label className="field-label">
          <span>From</span>
          <select value={period.fromHour} onChange={(e) => onChange({ fromHour: Number(e.target.value) })} aria-invalid={at('fromHour') !== null}>
            {fromHours.map((h) => (
              <option key={h} value={h}>
                {hourText(h)}
              </option>
            ))}
          </select>
        </label>
        <FieldError text={at('fromHour')} />
      </div>
      <div className="field">
        <label className="field-label">
          <span>To</span>
          <select value={period.toHour} onChange={(e) => onChange({ toHour: Number(e.target.value) })} aria-invalid={at('toHour') !== null}>
            {toHours.map((h) => (
              <option key={h} value={h}>
                {hourText(h)}
              </option>
            ))}
          </select>
        </label>
        <FieldError text={at('toHour')} />
      </div>
      <button type="button" className="button button-small button-quiet" disabled={busy} onClick={onRemove}>
        Remove {name.toLowerCase()}
      </button>
      <FieldError text={errorFor(error, `tariff.${index}`)} />
    </fieldset>
  )
}
