// The download buttons of a list: CSV and Excel (XLSX), with the page's current filters and the UI language.
import { exportHref } from '../api';
import type { Query } from '../api';
import { useI18n } from '../i18n';

export interface Download {
  /** The list's API path, e.g. '/contacts'. */
  path: string;
  /** The filters the page's list is loaded with (limit and offset are dropped). */
  query: Query;
}

export function ExportButtons({ path, query }: Download) {
  const { t, lang } = useI18n();
  return (
    <div class="export-buttons" role="group" aria-label={t('export.label')}>
      <a class="button secondary small" href={exportHref(path, query, 'csv', lang)} download>
        {t('export.csv')}
      </a>
      <a class="button secondary small" href={exportHref(path, query, 'xlsx', lang)} download>
        {t('export.xlsx')}
      </a>
    </div>
  );
}
