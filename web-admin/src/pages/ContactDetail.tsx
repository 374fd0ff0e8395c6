import { api } from '../api';
import type { Contact } from '../api';
import { useState } from 'preact/hooks';
import { ActivityPanel } from '../components/ActivityForm';
import { CalendarFeedOnDemand } from '../components/CalendarFeed';
import { ContactForm, contactBody } from '../components/ContactForm';
import { Timeline } from '../components/Timeline';
import { TrainingRecordCard } from '../components/Trainings';
import type { ContactValues } from '../components/ContactForm';
import { ConfirmArchive, DetailsCard, Loading, PageHeading, ProblemAlert, RecordHead, StatusBadge } from '../components/ui';
import { setFlash, useAction, useEditForm, useFlash, useOrgNames, useRecord, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { can, useSession } from '../session';
import { NotFound } from './Errors';

export function ContactDetailPage({ id }: { id: number }) {
  const { t, formatDateTime } = useI18n();
  const { user } = useSession();
  const flash = useFlash();
  const res = useRecord<Contact>(`/contacts/${id}`);
  const action = useAction(flash);
  const form = useEditForm(res.reload, () => action.setNotice(null));
  const editing = form.editing;
  const c = res.record;
  useTitle(c?.name ?? t('contact.listTitle'));
  const orgNames = useOrgNames([c?.organisation_id]);
  const [logging, setLogging] = useState(false);
  const [tick, setTick] = useState(0);

  if (res.loading && !res.data) return <Loading />;
  if (res.error && !res.data) {
    if (res.error.status === 404) return <NotFound />;
    return <ProblemAlert error={res.error} />;
  }
  if (!c) return <NotFound />;

  const save = async (v: ContactValues) => {
    const body = contactBody(v, c);
    if (Object.keys(body).length === 0) {
      form.setEditing(false);
      return;
    }
    const r = await form.run(() => api.patch<Contact>(`/contacts/${c.id}`, body, res.etag));
    if (!r) return;
    res.accept(r);
    form.setEditing(false);
    action.setNotice(t('common.saved'));
  };

  const archive = async () => {
    if (!(await action.run(() => api.del(`/contacts/${c.id}`, res.etag).then(() => true)))) return;
    action.setNotice(t('contact.archived'));
    res.reload();
  };

  const erase = async () => {
    const r = await action.run(() => api.post<Contact>(`/contacts/${c.id}/erase`, {}));
    if (!r) return;
    res.setData({ record: r.data, etag: r.etag });
    action.setNotice(t('contact.erased'));
  };

  const orgName = orgNames.get(c.organisation_id) ?? `#${c.organisation_id}`;
  return (
    <article aria-labelledby="contact-heading">
      <RecordHead id="contact-heading" back={['/contacts', t('contact.listTitle')]} record={c} action={action} onReload={res.reload} />
      {!editing && (
        <DetailsCard id="contact-details-heading">
          <dl class="details">
            <dt>{t('contact.organisation')}</dt>
            <dd>
              <Link href={`/organisations/${c.organisation_id}`}>{orgName}</Link>
            </dd>
            <dt>{t('contact.title')}</dt>
            <dd>{c.title ?? t('common.none')}</dd>
            <dt>{t('contact.email')}</dt>
            <dd>{c.email ?? t('common.none')}</dd>
            <dt>{t('contact.phone')}</dt>
            <dd>{c.phone ?? t('common.none')}</dd>
            <dt>{t('contact.language')}</dt>
            <dd>{c.language === 'en' ? t('contact.language.en') : t('contact.language.da')}</dd>
            <dt>{t('contact.consentInvitations')}</dt>
            <dd>{c.consent?.invitations ? t('common.yes') : t('common.no')}</dd>
            <dt>{t('contact.consentNewsletter')}</dt>
            <dd>{c.consent?.newsletter ? t('common.yes') : t('common.no')}</dd>
            {c.consent?.updated_at && (
              <>
                <dt>{t('contact.consentRecorded')}</dt>
                <dd>
                  {formatDateTime(c.consent.updated_at)}
                  {c.consent.source && ` (${t('contact.consentSource', { source: c.consent.source })})`}
                </dd>
              </>
            )}
            <dt>{t('common.status')}</dt>
            <dd>
              <StatusBadge status={c.status} />
            </dd>
            <dt>{t('common.createdAt')}</dt>
            <dd>{formatDateTime(c.created_at)}</dd>
            <dt>{t('common.updatedAt')}</dt>
            <dd>{formatDateTime(c.updated_at)}</dd>
          </dl>
          {c.status === 'active' && (
            <div class="form-actions">
              {can.logActivity(user) && (
                <button
                  type="button"
                  class="button primary"
                  onClick={() => {
                    action.setNotice(null);
                    setLogging(true);
                  }}
                >
                  {t('activity.log')}
                </button>
              )}
              <button type="button" class={can.logActivity(user) ? 'button secondary' : 'button primary'} onClick={form.open}>
                {t('contact.edit')}
              </button>
              <ConfirmArchive label={t('contact.archive')} question={t('contact.archiveConfirm', { name: c.name })} onConfirm={archive} />
            </div>
          )}
        </DetailsCard>
      )}
      {logging && (
        <ActivityPanel
          organisationId={c.organisation_id}
          organisationName={orgName}
          contactIds={[c.id]}
          onCancel={() => setLogging(false)}
          onDone={(_, f) => {
            setLogging(false);
            setTick((n) => n + 1);
            action.setNotice(f ? t('activity.loggedWithFollowUp', { name: orgName }) : t('activity.logged', { name: orgName }));
          }}
        />
      )}
      {!editing && can.viewContactTimeline(user, c.organisation_id) && (
        <Timeline
          path={`/contacts/${c.id}/timeline`}
          id="contact-timeline-heading"
          title={user.role === 'partner' ? t('timeline.participation') : t('timeline.contactTitle')}
          types={user.role === 'partner' ? ['registration'] : ['activity', 'registration']}
          tick={tick}
        />
      )}
      {!editing && !c.erased_at && can.contactFeed(user, c.organisation_id) && (
        <CalendarFeedOnDemand key={c.id} apiPath={`/contacts/${c.id}`} intro={t('feed.contactIntro')} />
      )}
      {!editing && <TrainingRecordCard contactId={c.id} organisationId={c.organisation_id} />}
      {!editing && can.exportPeople(user) && (
        <section class="card" aria-labelledby="contact-privacy-heading">
          <h2 id="contact-privacy-heading">{t('contact.privacy')}</h2>
          <p>{t('contact.privacyIntro')}</p>
          <div class="form-actions">
            <a class="button secondary" href={`/api/v1/contacts/${c.id}/export`} download>
              {t('contact.export')}
            </a>
            {can.audit(user) && (
              <Link class="button secondary" href={`/audit?contact_id=${c.id}`}>
                {t('contact.auditTrail')}
              </Link>
            )}
            {can.audit(user) && !c.erased_at && (
              <ConfirmArchive
                label={t('contact.erase')}
                question={t('contact.eraseConfirm', { name: c.name })}
                confirmLabel={t('contact.eraseConfirmButton')}
                onConfirm={erase}
              />
            )}
          </div>
        </section>
      )}
      {editing && (
        <section class="card" aria-labelledby="contact-edit-heading">
          <h2 id="contact-edit-heading">{t('contact.edit')}</h2>
          <ContactForm
            key={res.etag ?? c.updated_at}
            idPrefix="contact-edit"
            initial={c}
            organisationId={c.organisation_id}
            submitLabel={t('common.save')}
            {...form.props}
            onSubmit={save}
          />
        </section>
      )}
    </article>
  );
}

export function ContactNewPage() {
  const { t } = useI18n();
  useTitle(t('contact.newTitle'));
  const { user } = useSession();
  const loc = useLocation();
  const preset = Number(loc.query.get('organisation_id')) || null;
  // A partner always creates contacts in its own organisation.
  const organisationId = user.role === 'partner' ? user.organisation_id : null;
  const { busy, error, run } = useAction();

  const submit = async (v: ContactValues) => {
    const body = contactBody(v, null);
    if (organisationId) body.organisation_id = organisationId;
    const r = await run(() => api.post<Contact>('/contacts', body));
    if (!r) return;
    setFlash(t('contact.created'));
    navigate(`/contacts/${r.data.id}`);
  };

  return (
    <section aria-labelledby="contact-new-heading">
      <p class="breadcrumb">
        <Link href="/contacts">{t('contact.listTitle')}</Link>
      </p>
      <PageHeading id="contact-new-heading">{t('contact.newTitle')}</PageHeading>
      <div class="card">
        <ContactForm
          idPrefix="contact"
          initial={null}
          organisationId={organisationId}
          presetOrganisationId={preset}
          submitLabel={t('common.create')}
          busy={busy}
          error={error}
          onSubmit={submit}
          onCancel={() => navigate('/contacts')}
        />
      </div>
    </section>
  );
}
