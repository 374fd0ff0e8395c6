// Pieces shared by the series pages: the status badge, the rule in words, the meeting time, plain
// date/time/number inputs with hints and errors, and the roster editor.
import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import type { Organisation, Series, ApiError } from '../api';
import { useI18n } from '../i18n';
import { describeRule } from '../rrule';
import { ZONE } from '../time';
import { OrganisationPicker } from './OrganisationPicker';
import { describedBy, FieldFrame } from './ui';
import { toApiError } from '../hooks';

export function SeriesStatusBadge({ status }: { status: Series['status'] }) {
  const { t } = useI18n();
  return <span class={`badge badge-series-${status}`}>{t(status === 'active' ? 'series.status.active' : 'series.status.ended')}</span>;
}

/** The rule in words, or null when it has parts the words do not cover. */
export function useRuleText(): (s: Pick<Series, 'rrule' | 'starts_at'>) => string | null {
  const i18n = useI18n();
  return (s) => describeRule(s.rrule, i18n, s.starts_at);
}

/** The rule in words, with the rule itself beside it when the words cannot say it all. */
export function RuleText({ series }: { series: Pick<Series, 'rrule' | 'starts_at'> }) {
  const words = useRuleText()(series);
  return words ? <span>{words}</span> : <code class="rrule">{series.rrule}</code>;
}

/** "10.00–12.00" in Copenhagen time (the language's way of writing times). */
export function useTimeSpan(): (s: Pick<Series, 'starts_at' | 'ends_at'>) => string {
  const { locale } = useI18n();
  const fmt = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: ZONE });
  return (s) => `${fmt.format(new Date(s.starts_at))}–${fmt.format(new Date(s.ends_at))}`;
}

interface InputFieldProps {
  id: string;
  label: string;
  value: string;
  onValue: (v: string) => void;
  type: 'date' | 'time' | 'text';
  inputMode?: 'numeric';
  hint?: string;
  error?: string;
  required?: boolean;
  /** Extra ids for aria-describedby (a hint shared by a pair of fields). */
  describedBy?: string;
  class?: string;
}

/** A labelled date, time or short text input with its hint and error tied to it. */
export function InputField(props: InputFieldProps) {
  const { id, label, value, onValue, type, inputMode, hint, error, required, describedBy: extra, class: cls } = props;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} required={required} class={cls}>
      <input
        id={id}
        name={id}
        type={type as 'text'}
        value={value}
        inputMode={inputMode}
        required={required}
        aria-required={required ? 'true' : undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error, extra)}
        onInput={(e: TargetedEvent<HTMLInputElement>) => onValue(e.currentTarget.value)}
      />
    </FieldFrame>
  );
}

export interface Member {
  id: number;
  name: string;
}

interface RosterProps {
  idPrefix: string;
  members: Member[];
  onMembers: (m: Member[]) => void;
  error?: string;
  onProblem: (e: ApiError) => void;
}

/** The standing members of a series: a list with remove buttons and an organisation picker to add one. */
export function RosterEditor({ idPrefix, members, onMembers, error, onProblem }: RosterProps) {
  const { t } = useI18n();
  const [pick, setPick] = useState('');
  const [busy, setBusy] = useState(false);
  const headingId = `${idPrefix}-roster-heading`;

  const add = async () => {
    if (!pick) return;
    if (members.some((m) => String(m.id) === pick)) {
      setPick('');
      return;
    }
    setBusy(true);
    try {
      const r = await api.get<Organisation>(`/organisations/${pick}`);
      if (!members.some((m) => m.id === r.data.id)) onMembers([...members, { id: r.data.id, name: r.data.name }]);
      setPick('');
    } catch (e) {
      onProblem(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class={error ? 'subform roster has-error' : 'subform roster'} role="group" aria-labelledby={headingId}>
      <h2 id={headingId} class="h3">
        {t('series.roster')}
        <span class="required" aria-hidden="true">
          {' '}
          *
        </span>
        <span class="visually-hidden"> {t('common.required')}</span>
      </h2>
      <p class="hint">{t('series.rosterHint')}</p>
      {members.length === 0 ? (
        <p class="empty">{t('series.rosterNone')}</p>
      ) : (
        <ul class="plain-list" aria-label={t('series.roster')}>
          {members.map((m) => (
            <li key={m.id}>
              {m.name}{' '}
              <button
                type="button"
                class="button secondary small"
                aria-label={t('series.rosterRemove', { name: m.name })}
                onClick={() => onMembers(members.filter((x) => x.id !== m.id))}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <OrganisationPicker id={`${idPrefix}-roster-org`} value={pick} onValue={setPick} required={false} hint={t('series.rosterPickHint')} />
      <button type="button" class="button secondary" disabled={!pick || busy} onClick={add}>
        {t('series.rosterAdd')}
      </button>
      {error && (
        <p class="field-error" id={`${idPrefix}-roster-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A non-negative whole number as typed, or the text itself (the server names what is wrong with it). */
export function optionalInt(s: string): number | string | null {
  const v = s.trim();
  if (!v) return null;
  return /^\d+$/.test(v) ? Number(v) : v;
}
