import { useState } from 'preact/hooks';
import { api } from '../api';
import type { Contact, FollowUp, ListPage, Organisation } from '../api';
import { ActivityPanel } from '../components/ActivityForm';
import { CalendarFeedOnDemand } from '../components/CalendarFeed';
import { FollowUpPanel, FollowUpTable } from '../components/FollowUps';
import { Timeline } from '../components/Timeline';
import { useStaff } from '../staff';
import { ContactForm, contactBody } from '../components/ContactForm';
import type { ContactValues } from '../components/ContactForm';
import { ORG_FIELDS, OrganisationForm, orgBody } from '../components/OrganisationForm';
import type { OrgValues } from '../components/OrganisationForm';
import { ResultsTable } from '../components/ResultsTable';
import { ConfirmArchive, DetailsCard, Loading, MultiLine, Notice, ProblemAlert, RecordHead, StatusBadge } from '../components/ui';
import { forgetOrgName, useAction, useAsync, useEditForm, useFlash, useRecord, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { Link, withQuery } from '../router';
import { can, PARTNER_ORG_FIELDS, useSession } from '../session';
import { NotFound } from './Errors';

const CONTACTS_SHOWN = 200;

/** An organisation with the outreach fields (the dialogue log's last activity, open follow-ups). */
type OrgOutreach = Organisation & { last_activity_at?: string | null; last_attended_at?: string | null; open_follow_ups?: number };

type Panel = 'activity' | 'follow-up' | null;

export function OrganisationDetailPage({ id }: { id: number }) {
  const { t, refName, formatDateTime } = useI18n();
  const { user } = useSession();
  const { ref } = useReference();
  const flash = useFlash();

  const res = useRecord<Organisation>(`/organisations/${id}`);
  const action = useAction(flash);
  const form = useEditForm(res.reload, () => action.setNotice(null));
  const editing = form.editing;
  const org = res.record;
  useTitle(org?.name ?? t('org.listTitle'));

  const showContacts = can.viewContacts(user);
  const contacts = useAsync<ListPage<Contact> | null>(
    (signal) =>
      showContacts
        ? api.get<ListPage<Contact>>(`/organisations/${id}/contacts`, { limit: CONTACTS_SHOWN, status: 'active' }, signal).then((r) => r.data)
        : Promise.resolve(null),
    [id, showContacts],
  );
  const [addingContact, setAddingContact] = useState(false);
  const contactForm = useAction();
  const [contactNotice, setContactNotice] = useState<{ id: number; name: string } | null>(null);
  const staff = useStaff();
  const outreach = can.logActivity(user);
  const [panel, setPanel] = useState<Panel>(null);
  const [tick, setTick] = useState(0);
  const followUps = useAsync<ListPage<FollowUp> | null>(
    (signal) =>
      can.viewFollowUps(user)
        ? api.get<ListPage<FollowUp>>('/follow-ups', { organisation_id: id, status: 'open', limit: 50 }, signal).then((r) => r.data)
        : Promise.resolve(null),
    [id, tick],
  );
  const logged = () => {
    setPanel(null);
    setTick((n) => n + 1);
    res.reload();
  };

  if (res.loading && !res.data) return <Loading />;
  if (res.error && !res.data) {
    if (res.error.status === 404) return <NotFound />;
    return <ProblemAlert error={res.error} />;
  }
  if (!org) return <NotFound />;

  const mayEdit = can.editOrganisation(user, org.id) && org.status === 'active';
  const allowed = user.role === 'partner' ? PARTNER_ORG_FIELDS : ORG_FIELDS;

  const save = async (v: OrgValues) => {
    const body = orgBody(v, org, allowed);
    if (Object.keys(body).length === 0) {
      form.setEditing(false);
      return;
    }
    const r = await form.run(() => api.patch<Organisation>(`/organisations/${org.id}`, body, res.etag));
    if (!r) return;
    forgetOrgName(org.id);
    res.accept(r);
    form.setEditing(false);
    action.setNotice(t('common.saved'));
  };

  const archive = async () => {
    if (!(await action.run(() => api.del(`/organisations/${org.id}`, res.etag).then(() => true)))) return;
    forgetOrgName(org.id);
    action.setNotice(t('org.archived'));
    form.setEditing(false);
    res.reload();
  };

  // An organisation that leaves: every one of its people erased (anonymous participants; the figures stay).
  const eraseContacts = async () => {
    const r = await action.run(() => api.post<{ erased: number }>(`/organisations/${org.id}/erase-contacts`));
    if (!r) return;
    action.setNotice(t('org.eraseContactsDone', { n: r.data.erased }));
    contacts.reload();
    setTick((n) => n + 1);
  };

  const createContact = async (v: ContactValues) => {
    const r = await contactForm.run(() => api.post<Contact>('/contacts', { ...contactBody(v, null), organisation_id: org.id }));
    if (!r) return;
    setAddingContact(false);
    setContactNotice({ id: r.data.id, name: r.data.name });
    contacts.reload();
  };

  const kind = ref?.kindByCode.get(org.kind);
  const o = org as OrgOutreach;
  const contactList = contacts.data;

  return (
    <article aria-labelledby="org-heading">
      <RecordHead id="org-heading" back={['/organisations', t('org.listTitle')]} record={org} action={action} onReload={res.reload} />

      {!editing && (
        <DetailsCard id="org-details-heading">
          <dl class="details">
            <dt>{t('org.kind')}</dt>
            <dd>{refName(kind) || org.kind}</dd>
            <dt>{t('org.cvr')}</dt>
            <dd>{org.cvr ?? t('common.none')}</dd>
            <dt>{t('org.municipality')}</dt>
            <dd>{refName(ref?.municipalityById.get(org.municipality_id)) || t('common.none')}</dd>
            <dt>{t('org.policeDistrict')}</dt>
            <dd>{refName(ref?.districtById.get(org.police_district_id)) || t('common.none')}</dd>
            <dt>{t('org.region')}</dt>
            <dd>{refName(ref?.regionById.get(org.region_id)) || t('common.none')}</dd>
            <dt>{t('org.address')}</dt>
            <dd>{org.address ? <MultiLine text={org.address} /> : t('common.none')}</dd>
            <dt>{t('org.website')}</dt>
            <dd>
              {org.website && /^https?:\/\//i.test(org.website) ? (
                <a href={org.website} rel="noopener noreferrer" target="_blank">
                  {org.website}
                </a>
              ) : (
                (org.website ?? t('common.none'))
              )}
            </dd>
            <dt>{t('org.tags')}</dt>
            <dd>
              {org.tags && org.tags.length > 0 ? (
                <ul class="tags">
                  {org.tags.map((tag) => (
                    <li key={tag}>{tag}</li>
                  ))}
                </ul>
              ) : (
                t('common.none')
              )}
            </dd>
            <dt>{t('common.status')}</dt>
            <dd>
              <StatusBadge status={org.status} />
            </dd>
            {outreach && (
              <>
                <dt>{t('org.responsible')}</dt>
                <dd data-testid="org-responsible">{staff.name(org.responsible_user_id)}</dd>
                <dt>{t('worklist.lastActivity')}</dt>
                <dd>{o.last_activity_at ? formatDateTime(o.last_activity_at) : t('dashboard.never')}</dd>
                <dt>{t('dashboard.lastAttended')}</dt>
                <dd>{o.last_attended_at ? formatDateTime(o.last_attended_at) : t('dashboard.never')}</dd>
                <dt>{t('worklist.openFollowUps')}</dt>
                <dd>{o.open_follow_ups ?? 0}</dd>
              </>
            )}
            <dt>{t('common.createdAt')}</dt>
            <dd>{formatDateTime(org.created_at)}</dd>
            <dt>{t('common.updatedAt')}</dt>
            <dd>{formatDateTime(org.updated_at)}</dd>
          </dl>
          <div class="form-actions">
            {outreach && org.status === 'active' && (
              <>
                <button
                  type="button"
                  class="button primary"
                  onClick={() => {
                    action.setNotice(null);
                    setPanel('activity');
                  }}
                >
                  {t('activity.log')}
                </button>
                <button
                  type="button"
                  class="button secondary"
                  onClick={() => {
                    action.setNotice(null);
                    setPanel('follow-up');
                  }}
                >
                  {t('followUp.addShort')}
                </button>
              </>
            )}
            {mayEdit && (
              <button type="button" class="button primary" onClick={form.open}>
                {t('org.edit')}
              </button>
            )}
            {can.archiveOrganisation(user) && org.status === 'active' && (
              <ConfirmArchive label={t('org.archive')} question={t('org.archiveConfirm', { name: org.name })} onConfirm={archive} />
            )}
          </div>
        </DetailsCard>
      )}

      {panel === 'activity' && (
        <ActivityPanel
          organisationId={org.id}
          organisationName={org.name}
          onCancel={() => setPanel(null)}
          onDone={(_, f) => {
            logged();
            action.setNotice(f ? t('activity.loggedWithFollowUp', { name: org.name }) : t('activity.logged', { name: org.name }));
          }}
        />
      )}
      {panel === 'follow-up' && (
        <FollowUpPanel
          draft={{ organisation_id: org.id, organisationName: org.name }}
          onCancel={() => setPanel(null)}
          onDone={(f) => {
            logged();
            action.setNotice(t('followUp.createdNotice', { title: f.title }));
          }}
        />
      )}

      {editing && ref && (
        <section class="card" aria-labelledby="org-edit-heading">
          <h2 id="org-edit-heading">{t('org.editTitle')}</h2>
          {user.role === 'partner' && <p class="hint">{t('org.partnerEditNote')}</p>}
          <OrganisationForm
            key={res.etag ?? org.updated_at}
            idPrefix="org-edit"
            ref_={ref}
            initial={org}
            allowed={allowed}
            submitLabel={t('common.save')}
            {...form.props}
            onSubmit={save}
          />
        </section>
      )}

      {showContacts && (
        <section class="card" aria-labelledby="org-contacts-heading">
          <div class="section-head">
            <h2 id="org-contacts-heading">{t('org.contacts')}</h2>
            {org.status === 'active' && !addingContact && (
              <button
                type="button"
                class="button primary"
                onClick={() => {
                  setContactNotice(null);
                  contactForm.setError(null);
                  setAddingContact(true);
                }}
              >
                {t('org.newContact')}
              </button>
            )}
          </div>
          {contactNotice && (
            <Notice>
              {t('org.contactCreated', { name: contactNotice.name })} <Link href={`/contacts/${contactNotice.id}`}>{contactNotice.name}</Link>
            </Notice>
          )}
          {addingContact && (
            <div class="subform" role="group" aria-labelledby="org-new-contact-heading">
              <h3 id="org-new-contact-heading">{t('org.newContact')}</h3>
              <ContactForm
                idPrefix="new-contact"
                initial={null}
                organisationId={org.id}
                submitLabel={t('common.create')}
                busy={contactForm.busy}
                error={contactForm.error}
                onSubmit={createContact}
                onCancel={() => {
                  setAddingContact(false);
                  contactForm.setError(null);
                }}
              />
            </div>
          )}
          <ResultsTable
            list={contacts}
            name="contacts"
            texts={{ caption: t('org.contacts'), empty: t('org.contactsEmpty') }}
            columns={[
              { label: t('contact.name'), cell: (c) => <Link href={`/contacts/${c.id}`}>{c.name}</Link> },
              { label: t('contact.title'), cell: (c) => c.title ?? t('common.none') },
              { label: t('contact.email'), class: 'cell-email', cell: (c) => c.email ?? t('common.none') },
              { label: t('contact.phone'), cell: (c) => c.phone ?? t('common.none') },
            ]}
          />
          {contactList && (
            <p>
              <Link href={withQuery('/contacts', { organisation_id: org.id })}>{t('org.contactsAll')}</Link>
            </p>
          )}
        </section>
      )}

      {followUps.data && (
        <section class="card" aria-labelledby="org-follow-ups-heading">
          <div class="section-head">
            <h2 id="org-follow-ups-heading">{t('org.followUps')}</h2>
            <Link href={withQuery('/follow-ups', { organisation_id: org.id, assigned: 'all' })}>{t('org.followUpsAll')}</Link>
          </div>
          <FollowUpTable
            list={{ ...followUps, reload: logged }}
            showOrganisation={false}
            texts={{ caption: t('org.followUps'), empty: t('org.followUpsEmpty') }}
          />
        </section>
      )}

      {can.viewTimeline(user, org.id) && (
        <>
          <Timeline
            path={`/organisations/${org.id}/timeline`}
            id="org-timeline-heading"
            title={user.role === 'partner' ? t('timeline.participation') : t('timeline.title')}
            types={user.role === 'partner' ? ['registration'] : ['activity', 'registration', 'follow_up', 'change']}
            tick={tick}
          />
          {can.viewActivities(user) && (
            <p>
              <Link href={withQuery('/activities', { organisation_id: org.id })}>{t('org.activitiesAll')}</Link>
            </p>
          )}
        </>
      )}

      {!editing && can.organisationFeed(user, org.id) && (
        <CalendarFeedOnDemand key={org.id} apiPath={`/organisations/${org.id}`} intro={t('feed.organisationIntro')} />
      )}

      {!editing && can.eraseOrganisationContacts(user) && (
        <section class="card" aria-labelledby="org-erase-heading">
          <h2 id="org-erase-heading">{t('org.eraseContactsTitle')}</h2>
          <p id="org-erase-hint">{t('org.eraseContactsHint')}</p>
          <div class="form-actions">
            <ConfirmArchive
              label={t('org.eraseContacts')}
              question={t('org.eraseContactsQuestion', { name: org.name })}
              confirmLabel={t('org.eraseContactsConfirm')}
              onConfirm={eraseContacts}
            />
          </div>
        </section>
      )}
    </article>
  );
}
