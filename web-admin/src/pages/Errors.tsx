import { PageHeading } from '../components/ui';
import { useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { Link } from '../router';

export function NotFound() {
  const { t } = useI18n();
  useTitle(t('notFound.title'));
  return (
    <section class="error-page">
      <PageHeading>{t('notFound.title')}</PageHeading>
      <p>{t('notFound.text')}</p>
      <p>
        <Link href="/organisations">{t('notFound.back')}</Link>
      </p>
    </section>
  );
}

export function Forbidden() {
  const { t } = useI18n();
  useTitle(t('forbidden.title'));
  return (
    <section class="error-page">
      <PageHeading>{t('forbidden.title')}</PageHeading>
      <p>{t('forbidden.text')}</p>
      <p>
        <Link href="/organisations">{t('notFound.back')}</Link>
      </p>
    </section>
  );
}
