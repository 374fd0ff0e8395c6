// Follow-ups: the form (new, or the next one after "done"), the table with done / cancel, and the due-date badge.
import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import type { CompletedFollowUp, FollowUp, ListPage } from '../api';
import type { AsyncState } from '../hooks';
import { useAction, useOrgNames } from '../hooks';
import { useI18n } from '../i18n';
import { followUpState, nextFollowUpDue, oneLine } from '../outreach';
import { Link } from '../router';
import { can, useSession } from '../session';
import { staffOptions, useStaff } from '../staff';
import { OrganisationPicker } from './OrganisationPicker';
import { ResultsTable } from './ResultsTable';
import type { Download } from './ExportButtons';
import type { ListTexts } from './ResultsTable';
import { FieldFrame, FormActions, Notice, pickFieldErrors, ProblemAlert, SelectField, TextField } from './ui';

const FIELDS = ['organisation_id', 'title', 'due_on', 'assigned_user_id', 'contact_id', 'activity_id'] as const;

export interface FollowUpDraft {
  organisation_id: number | null;
  organisationName?: string;
  contact_id?: number | null;
  activity_id?: number | null;
  title?: string;
  assigned_user_id?: number;
  /** Shown above the form: "Next follow-up for ..." after one was done. */
  heading?: string;
}

/** A new follow-up: for an organisation (chosen here when the draft has none), a title, a due date, an assignee. */
export function FollowUpPanel({ draft, onDone, onCancel }: { draft: FollowUpDraft; onDone: (f: FollowUp) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const { user } = useSession();
  const staff = useStaff();
  const [org, setOrg] = useState(draft.organisation_id ? String(draft.organisation_id) : '');
  const [title, setTitle] = useState(draft.title ?? '');
  const [due, setDue] = useState(nextFollowUpDue());
  const [assignee, setAssignee] = useState(String(draft.assigned_user_id ?? user.id));
  const action = useAction();
  const errs = pickFieldErrors(action.error, FIELDS);
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);

  const submit = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const r = await action.run(() =>
      api.post<FollowUp>('/follow-ups', {
        organisation_id: org ? Number(org) : null,
        contact_id: draft.contact_id ?? null,
        activity_id: draft.activity_id ?? null,
        title: oneLine(title),
        due_on: due,
        assigned_user_id: Number(assignee),
      }),
    );
    if (r) onDone(r.data);
  };

  const heading = draft.heading ?? (draft.organisationName ? t('followUp.newFor', { name: draft.organisationName }) : t('followUp.newTitle'));
  return (
    <section class="card subform follow-up-panel" aria-labelledby="follow-up-form-heading">
      <h2 id="follow-up-form-heading" tabIndex={-1} ref={ref}>
        {heading}
      </h2>
      <form class="form" onSubmit={submit} noValidate>
        {action.error && <ProblemAlert error={action.error} fieldsShown={[...FIELDS]} />}
        {!draft.organisation_id && <OrganisationPicker id="follow-up-organisation" value={org} onValue={setOrg} error={errs.organisation_id} />}
        <TextField id="follow-up-title" label={t('followUp.title')} value={title} onValue={setTitle} error={errs.title} required maxLength={200} />
        <div class="filter-row">
          <FieldFrame id="follow-up-due" label={t('followUp.dueOn')} error={errs.due_on} required>
            <input
              id="follow-up-due"
              type="date"
              value={due}
              required
              aria-invalid={errs.due_on ? 'true' : undefined}
              aria-describedby={errs.due_on ? 'follow-up-due-error' : undefined}
              onInput={(e) => setDue(e.currentTarget.value)}
            />
          </FieldFrame>
          <SelectField
            id="follow-up-assignee"
            label={t('followUp.assignee')}
            value={assignee}
            onValue={setAssignee}
            error={errs.assigned_user_id}
            options={staffOptions(staff, user.id, draft.assigned_user_id)}
          />
        </div>
        <FormActions busy={action.busy} submitLabel={t('followUp.create')} busyLabel={t('common.saving')} onCancel={onCancel} />
      </form>
    </section>
  );
}

/** The due date, with "overdue" or "today" in words (Copenhagen dates). */
// Done and Cancel for an open follow-up (the follow-ups table and My work).
export function FollowUpStatusButtons({ title, busy, onStatus }: { title: string; busy: boolean; onStatus: (status: 'done' | 'cancelled') => void }) {
  const { t } = useI18n();
  return (
    <>
      <button type="button" class="button small" disabled={busy} onClick={() => onStatus('done')} aria-label={t('followUp.doneLabel', { title })}>
        {t('followUp.done')}
      </button>
      <button
        type="button"
        class="button secondary small"
        disabled={busy}
        onClick={() => onStatus('cancelled')}
        aria-label={t('followUp.cancelLabel', { title })}
      >
        {t('followUp.cancel')}
      </button>
    </>
  );
}

export function DueBadge({ f }: { f: Pick<FollowUp, 'status' | 'due_on'> }) {
  const { t, locale } = useI18n();
  const state = followUpState(f);
  const [y, m, d] = f.due_on.split('-').map(Number);
  const text = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
  return (
    <span class={`due due-${state}`}>
      {text}
      {(state === 'overdue' || state === 'today') && <span class={`badge badge-${state}`}> {t(`followUp.state.${state}`)}</span>}
    </span>
  );
}

interface TableProps {
  list: Pick<AsyncState<ListPage<FollowUp> | null>, 'data' | 'loading' | 'error' | 'reload'>;
  texts: ListTexts;
  /** Show the organisation column (not on an organisation's own page). */
  showOrganisation?: boolean;
  offset?: number;
  onOffset?: (o: number) => void;
  /** The list's download; no buttons when omitted. */
  download?: Download;
}

/**
 * Follow-ups with their actions: "Done" archives one and offers the next, prefilled; "Cancel" drops it.
 * The list is fetched again after every change.
 */
export function FollowUpTable({ list, texts, showOrganisation = true, offset, onOffset, download }: TableProps) {
  const { t } = useI18n();
  const { user } = useSession();
  const staff = useStaff();
  const orgNames = useOrgNames(showOrganisation ? (list.data?.items ?? []).map((f) => f.organisation_id) : []);
  const action = useAction();
  const [next, setNext] = useState<FollowUpDraft | null>(null);

  const setStatus = async (f: FollowUp, status: 'done' | 'cancelled') => {
    setNext(null);
    const r = await action.run<unknown>(() =>
      status === 'done' ? api.post<CompletedFollowUp>(`/follow-ups/${f.id}/complete`, {}) : api.patch<FollowUp>(`/follow-ups/${f.id}`, { status }),
    );
    if (!r) return;
    list.reload();
    if (status === 'done') {
      action.setNotice(t('followUp.doneNotice', { title: f.title }));
      setNext({
        organisation_id: f.organisation_id,
        contact_id: f.contact_id,
        title: f.title,
        assigned_user_id: f.assigned_user_id,
        heading: t('followUp.nextTitle'),
      });
    } else action.setNotice(t('followUp.cancelledNotice', { title: f.title }));
  };
  const remove = async (f: FollowUp) => {
    setNext(null);
    if (!(await action.run(() => api.del(`/follow-ups/${f.id}`).then(() => true)))) return;
    action.setNotice(t('followUp.deletedNotice', { title: f.title }));
    list.reload();
  };

  return (
    <>
      {action.notice && <Notice>{action.notice}</Notice>}
      {action.error && <ProblemAlert error={action.error} />}
      {next && (
        <FollowUpPanel
          draft={next}
          onCancel={() => setNext(null)}
          onDone={(f) => {
            setNext(null);
            action.setNotice(t('followUp.createdNotice', { title: f.title }));
            list.reload();
          }}
        />
      )}
      <ResultsTable
        list={list}
        name="follow-ups"
        download={download}
        texts={texts}
        offset={offset}
        onOffset={onOffset}
        columns={[
          { label: t('followUp.title'), cell: (f) => f.title },
          showOrganisation && {
            label: t('followUp.organisation'),
            cell: (f) => <Link href={`/organisations/${f.organisation_id}`}>{orgNames.get(f.organisation_id) ?? `#${f.organisation_id}`}</Link>,
          },
          { label: t('followUp.dueOn'), cell: (f) => <DueBadge f={f} /> },
          { label: t('followUp.assignee'), cell: (f) => staff.name(f.assigned_user_id) },
          { label: t('common.status'), cell: (f) => t(`followUp.status.${f.status}`) },
          {
            label: t('common.actions'),
            actions: true,
            cell: (f) => (
              <div class="row-actions">
                {f.status === 'open' && can.updateFollowUp(user) && (
                  <FollowUpStatusButtons title={f.title} busy={action.busy} onStatus={(status) => setStatus(f, status)} />
                )}
                {f.status !== 'done' && can.deleteFollowUp(user, f) && (
                  <button
                    type="button"
                    class="button danger small"
                    disabled={action.busy}
                    onClick={() => remove(f)}
                    aria-label={t('followUp.deleteLabel', { title: f.title })}
                  >
                    {t('followUp.delete')}
                  </button>
                )}
              </div>
            ),
          },
        ]}
      />
    </>
  );
}
