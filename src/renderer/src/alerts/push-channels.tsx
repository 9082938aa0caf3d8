import { useState, type ReactNode } from 'react'
import type { PushChannelStatus } from '../../../shared/contract/alerts.ts'
import { channelKindWords, severityWords, whenWords } from './alert-words.ts'
import { formatClock } from '../common/format.ts'
import { ChannelForm } from './channel-form.tsx'
import { ConfirmRemove } from '../common/confirm-remove.tsx'
import { useDesk } from '../common/store-context.tsx'
import { useNow } from '../common/use-now.ts'

/**
 * Where core pushes alerts (so the headless agent reaches the operator with no desktop open):
 * each channel with its last send and its last failure, "Send test", and the form to add one.
 */
export function PushChannels(): ReactNode {
  const channels = useDesk((s) => s.alertChannels)
  const error = useDesk((s) => s.alertChannelsError)
  return (
    <article className="card settings-card" aria-labelledby="push-channels-heading">
      <h3 id="push-channels-heading">Push channels</h3>
      {error && (
        <p className="inline-error" role="alert">
          Could not read the channels: {error}
        </p>
      )}
      {channels && channels.items.length === 0 && (
        <p className="detail" data-testid="channels-empty">
          No push channel yet: alerts show here and on the desktop only. Add ntfy, a Telegram bot, a Discord or another webhook to hear of them on your phone.
        </p>
      )}
      {channels && channels.items.length > 0 && (
        <>
          <ul className="channel-list" aria-label="Push channels">
            {channels.items.map((status) => (
              <ChannelRow key={status.channel.id} status={status} />
            ))}
          </ul>
          <p className="provenance">sending status from core · read at {formatClock(channels.at)}</p>
        </>
      )}
      <ChannelForm />
    </article>
  )
}

function ChannelRow({ status }: { status: PushChannelStatus }): ReactNode {
  const remove = useDesk((s) => s.removeAlertChannel)
  const test = useDesk((s) => s.testAlertChannel)
  const now = useNow(60_000)
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const { channel, lastSentAt, lastError } = status
  const sendTest = async (): Promise<void> => {
    setBusy(true)
    const result = await test({ id: channel.id })
    setBusy(false)
    setOutcome(result.ok ? { ok: result.value.ok, text: result.value.message } : { ok: false, text: result.error.message })
  }
  return (
    <li className="channel-row" data-testid="channel-row">
      <div>
        <strong>{channel.label}</strong> <span className="detail">{channelKindWords[channel.kind]}</span>
        <p className="detail">
          to {channel.host} · {severityWords[channel.minSeverity].toLowerCase()} and worse · {lastSentAt === null ? 'nothing sent yet' : `last sent ${whenWords(lastSentAt, now)}`}
        </p>
        {lastError && (
          <p className="inline-warning" role="alert">
            Failing: {lastError}
          </p>
        )}
        {outcome && (
          <p className={outcome.ok ? 'form-outcome' : 'inline-error'} role={outcome.ok ? 'status' : 'alert'} data-testid="channel-test-outcome">
            {outcome.text}
          </p>
        )}
      </div>
      <div className="channel-actions">
        <button type="button" className="button button-small" disabled={busy} onClick={() => void sendTest()} aria-label={`Send test to ${channel.label}`}>
          Send test
        </button>
        <ConfirmRemove
          label={channel.label}
          question={`Remove ${channel.label}? Its address and token are forgotten.`}
          className="confirm"
          remove={() => remove(channel.id)}
          onOutcome={(error) => setOutcome(error === null ? null : { ok: false, text: error })}
        />
      </div>
    </li>
  )
}
