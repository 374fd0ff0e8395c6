// A new series of meetings: the rule from a few controls (weekly or monthly, the interval, the weekday, the
// week of the month, an optional end), the first meeting's date and times, the place and the roster.
import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import type { Series } from '../api';
import { InputField, optionalInt, RosterEditor } from '../components/SeriesBits';
import type { Member } from '../components/SeriesBits';
import { FormActions, CheckboxField, Loading, PageHeading, pickFieldErrors, ProblemAlert, SelectField } from '../components/ui';
import { setFlash, useAction, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { KindTitleFields, ReminderField, reminderHoursValue, SeatFields, VenueFields } from '../components/EventBits';
import { Link, navigate } from '../router';
import { buildRule, dateFits, dateRule, describeRule, ordinal, WEEKDAYS, weekdayName } from '../rrule';
import type { RuleChoice, RuleEnd, Weekday } from '../rrule';
import { localToIso } from '../time';

const FIELDS = [
  'kind',
  'title',
  'description',
  'rrule',
  'starts_at',
  'ends_at',
  'venue',
  'capacity',
  'per_organisation_quota',
  'reminder_hours',
  'roster_organisation_ids',
] as const;

interface Values extends RuleChoice {
  kind: string;
  title: string;
  description: string;
  startDate: string;
  startTime: string;
  endTime: string;
  venueName: string;
  venueAddress: string;
  municipality: string;
  capacity: string;
  quota: string;
  reminderHours: string;
  publish: boolean;
}

const EMPTY: Values = {
  kind: 'network_meeting',
  title: '',
  description: '',
  freq: 'MONTHLY',
  interval: '1',
  weekday: 'TU',
  ordinal: '1',
  end: 'none',
  count: '',
  until: '',
  startDate: '',
  startTime: '',
  endTime: '',
  venueName: '',
  venueAddress: '',
  municipality: '',
  capacity: '',
  quota: '',
  reminderHours: '48',
  publish: true,
};

const ORDINALS = ['1', '2', '3', '4', '-1'];
const ENDS: RuleEnd[] = ['none', 'count', 'until'];

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function SeriesNewPage() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  useTitle(t('series.newTitle'));
  const { ref, error: refError } = useReference();
  const [v, setV] = useState<Values>(EMPTY);
  const [members, setMembers] = useState<Member[]>([]);
  const { busy, error, setError, run } = useAction();
  const set = (changes: Partial<Values>) => setV((old) => ({ ...old, ...changes }));

  if (refError) return <ProblemAlert error={refError} />;
  if (!ref) return <Loading />;

  const errors = pickFieldErrors(error, FIELDS);
  const rule = buildRule(v);
  const words = describeRule(rule, i18n);
  const dayWord = weekdayName(v.weekday, locale);
  const nthDay = (o: string) => t('series.rule.nthWeekday', { nth: ordinal(Number(o), i18n) ?? o, day: dayWord });
  const fits = !v.startDate || dateFits(v.startDate, v);

  const submit = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    // What is left empty is left out: the server then names every missing field at once ("is required"),
    // where an empty value would be refused for its shape first and hide the others.
    const body: Record<string, unknown> = { rrule: rule, publish: v.publish };
    if (v.kind) body.kind = v.kind;
    if (v.title.trim()) body.title = v.title.trim();
    const startsAt = localToIso(v.startDate, v.startTime);
    const endsAt = localToIso(v.startDate, v.endTime);
    if (startsAt) body.starts_at = startsAt;
    if (endsAt) body.ends_at = endsAt;
    if (members.length > 0) body.roster_organisation_ids = members.map((m) => m.id);
    if (v.description.trim()) body.description = v.description.trim();
    const capacity = optionalInt(v.capacity);
    if (capacity !== null) body.capacity = capacity;
    const quota = optionalInt(v.quota);
    if (quota !== null) body.per_organisation_quota = quota;
    body.reminder_hours = reminderHoursValue(v.reminderHours);
    if (v.venueName.trim() || v.venueAddress.trim() || v.municipality) {
      body.venue = {
        name: v.venueName.trim() || null,
        address: v.venueAddress.trim() || null,
        municipality_id: v.municipality ? Number(v.municipality) : null,
      };
    }
    const r = await run(() => api.post<Series>('/series', body));
    if (!r) return;
    setFlash(t('series.created'));
    navigate(`/series/${r.data.id}`);
  };

  return (
    <section aria-labelledby="series-new-heading">
      <p class="breadcrumb">
        <Link href="/series">{t('series.listTitle')}</Link>
      </p>
      <PageHeading id="series-new-heading">{t('series.newTitle')}</PageHeading>
      <form class="form card" noValidate onSubmit={submit}>
        {error && <ProblemAlert error={error} fieldsShown={[...FIELDS]} />}
        <KindTitleFields idPrefix="series" values={v} onChange={set} errors={errors} rows={3} />

        <fieldset
          class={errors.rrule ? 'group has-error' : 'group'}
          aria-describedby={errors.rrule ? 'series-rule-preview series-rule-error' : 'series-rule-preview'}
        >
          <legend>{t('series.repeat')}</legend>
          <div class="field-row">
            <SelectField
              id="series-freq"
              label={t('series.freq')}
              value={v.freq}
              onValue={(x) => set({ freq: x === 'WEEKLY' ? 'WEEKLY' : 'MONTHLY' })}
              options={[
                { value: 'WEEKLY', label: t('series.freq.weekly') },
                { value: 'MONTHLY', label: t('series.freq.monthly') },
              ]}
            />
            <InputField
              id="series-interval"
              label={t('series.interval')}
              hint={v.freq === 'WEEKLY' ? t('series.intervalHintWeeks') : t('series.intervalHintMonths')}
              type="text"
              inputMode="numeric"
              value={v.interval}
              onValue={(x) => set({ interval: x })}
            />
            <SelectField
              id="series-weekday"
              label={t('series.weekday')}
              value={v.weekday}
              onValue={(x) => set({ weekday: (WEEKDAYS as readonly string[]).includes(x) ? (x as Weekday) : v.weekday })}
              options={WEEKDAYS.map((d) => ({ value: d, label: capitalised(weekdayName(d, locale)) }))}
            />
            {v.freq === 'MONTHLY' && (
              <SelectField
                id="series-ordinal"
                label={t('series.weekOfMonth')}
                value={v.ordinal}
                onValue={(x) => set({ ordinal: x })}
                options={ORDINALS.map((o) => ({ value: o, label: nthDay(o) }))}
              />
            )}
          </div>
          <fieldset class="group nested">
            <legend>{t('series.end')}</legend>
            {ENDS.map((end) => (
              <div class="field radio" key={end}>
                <input type="radio" id={`series-end-${end}`} name="series-end" value={end} checked={v.end === end} onChange={() => set({ end })} />
                <label for={`series-end-${end}`}>{t(`series.end.${end}`)}</label>
              </div>
            ))}
            {v.end === 'count' && (
              <InputField
                id="series-count"
                label={t('series.count.label')}
                type="text"
                inputMode="numeric"
                value={v.count}
                onValue={(x) => set({ count: x })}
                required
              />
            )}
            {v.end === 'until' && (
              <InputField
                id="series-until"
                label={t('series.until.label')}
                hint={t('series.until.hint')}
                type="date"
                value={v.until}
                onValue={(x) => set({ until: x })}
                required
              />
            )}
          </fieldset>
          <p class="rule-preview" id="series-rule-preview" aria-live="polite">
            {t('series.rulePreview', { rule: words ?? rule })}
          </p>
          {errors.rrule && (
            <p class="field-error" id="series-rule-error">
              {errors.rrule}
            </p>
          )}
        </fieldset>

        <fieldset class="group">
          <legend>{t('series.first')}</legend>
          <p class="hint" id="series-first-hint">
            {t('series.firstHint')}
          </p>
          <div class="field-pair">
            <InputField
              id="series-start-date"
              label={t('series.firstDate')}
              type="date"
              value={v.startDate}
              // A new date sets the weekday and the week of the month it falls on.
              onValue={(x) => set({ startDate: x, ...(dateRule(x) ?? {}) })}
              required
              error={errors.starts_at}
              describedBy={fits ? 'series-first-hint' : 'series-first-hint series-first-mismatch'}
            />
            <InputField
              id="series-start-time"
              label={t('event.startTime')}
              type="time"
              value={v.startTime}
              onValue={(x) => set({ startTime: x })}
              required
              describedBy="series-first-hint"
            />
            <InputField
              id="series-end-time"
              label={t('event.endTime')}
              type="time"
              value={v.endTime}
              onValue={(x) => set({ endTime: x })}
              required
              error={errors.ends_at}
              describedBy="series-first-hint"
            />
          </div>
          {!fits && (
            <p class="hint warning" id="series-first-mismatch">
              {t('series.dateMismatch', { rule: v.freq === 'MONTHLY' ? nthDay(v.ordinal) : dayWord })}
            </p>
          )}
        </fieldset>

        <VenueFields idPrefix="series" name={v.venueName} address={v.venueAddress} municipality={v.municipality} onChange={set} error={errors.venue} />

        <SeatFields idPrefix="series" capacity={v.capacity} quota={v.quota} onChange={set} errors={errors} />
        <ReminderField id="series-reminder-hours" value={v.reminderHours} onValue={(x) => set({ reminderHours: x })} error={errors.reminder_hours} />

        <RosterEditor idPrefix="series" members={members} onMembers={setMembers} error={errors.roster_organisation_ids} onProblem={setError} />

        <CheckboxField id="series-publish" label={t('series.publish')} checked={v.publish} onChecked={(x) => set({ publish: x })} />

        <FormActions busy={busy} submitLabel={t('common.create')} busyLabel={t('common.creating')}>
          <Link href="/series" class="button secondary">
            {t('common.cancel')}
          </Link>
        </FormActions>
      </form>
    </section>
  );
}
