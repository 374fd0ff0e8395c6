import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import type { Organisation } from '../api';
import { ORG_FIELDS, OrganisationForm, orgBody } from '../components/OrganisationForm';
import type { OrgValues } from '../components/OrganisationForm';
import { Loading, PageHeading, ProblemAlert } from '../components/ui';
import { setFlash, toApiError, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { Link, navigate } from '../router';

export function OrganisationNewPage() {
  const { t } = useI18n();
  useTitle(t('org.newTitle'));
  const { ref, error: refError } = useReference();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (v: OrgValues) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<Organisation>('/organisations', orgBody(v, null, ORG_FIELDS));
      setFlash(t('org.created'));
      navigate(`/organisations/${r.data.id}`);
    } catch (e) {
      setError(toApiError(e));
      setBusy(false);
    }
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
