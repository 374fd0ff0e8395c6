import { api } from '../api';
import type { Organisation } from '../api';
import { ORG_FIELDS, OrganisationForm, orgBody } from '../components/OrganisationForm';
import type { OrgValues } from '../components/OrganisationForm';
import { Loading, PageHeading, ProblemAlert } from '../components/ui';
import { setFlash, useAction, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { Link, navigate } from '../router';

export function OrganisationNewPage() {
  const { t } = useI18n();
  useTitle(t('org.newTitle'));
  const { ref, error: refError } = useReference();
  const { busy, error, run } = useAction();

  const submit = async (v: OrgValues) => {
    const r = await run(() => api.post<Organisation>('/organisations', orgBody(v, null, ORG_FIELDS)));
    if (!r) return;
    setFlash(t('org.created'));
    navigate(`/organisations/${r.data.id}`);
  };

  return (
    <section aria-labelledby="org-new-heading">
      <p class="breadcrumb">
        <Link href="/organisations">{t('org.listTitle')}</Link>
      </p>
      <PageHeading id="org-new-heading">{t('org.newTitle')}</PageHeading>
      {refError && <ProblemAlert error={refError} />}
      {!ref && !refError && <Loading />}
      {ref && (
        <div class="card">
          <OrganisationForm
            idPrefix="org"
            ref_={ref}
            initial={null}
            allowed={ORG_FIELDS}
            submitLabel={t('common.create')}
            busy={busy}
            error={error}
            onSubmit={submit}
            onCancel={() => navigate('/organisations')}
          />
        </div>
      )}
    </section>
  );
}
