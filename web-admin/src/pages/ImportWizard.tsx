// The import wizard: upload a CSV or XLSX file, correct the column mapping, look through every row's outcome
// and decide per row, commit once, download the outcome. Reached from the organisations and contacts pages.
import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import { api, request, type Import, type ImportRow, type ImportRowList } from '../api';
import { ExportButtons } from '../components/ExportButtons';
import { Loading, PageHeading, ProblemAlert } from '../components/ui';
import { useAction, useAsync, useTitle } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import {
  allowedActions,
  doubleMapped,
  IMPORT_FIELDS,
  isImportKind,
  MAX_IMPORT_BYTES,
  mappingChanges,
  ROW_STATUSES,
  toWrite,
  uploadType,
  type ImportKind,
  type RowAction,
  type RowStatus,
} from '../imports';
import { Link, navigate, useLocation } from '../router';

const ROWS_PER_PAGE = 200;

/** Step 1: choose what to import and the file. */
export function ImportNewPage() {
  const { t } = useI18n();
  const loc = useLocation();
  const queried = loc.query.get('kind');
  const [kind, setKind] = useState<ImportKind>(isImportKind(queried) ? queried : 'organisations');
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();
  useTitle(t('import.title'));

  const submit = async (e: TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    setProblem(null);
    if (!file) return setProblem(t('import.chooseFile'));
    const type = uploadType(file.name, file.type);
    if (!type) return setProblem(t('import.wrongType'));
    if (file.size > MAX_IMPORT_BYTES) return setProblem(t('import.tooLarge'));
    const made = await action.run(() => request<Import>('POST', '/imports', { query: { kind }, file: { body: file, type } }));
    if (made) navigate(`/imports/${made.data.id}`);
  };

  return (
    <section aria-labelledby="import-heading">
      <PageHeading id="import-heading">{t('import.title')}</PageHeading>
      <p>{t('import.intro')}</p>
      <form onSubmit={submit} class="form" data-testid="import-upload">
        <fieldset>
          <legend>{t('import.kind')}</legend>
          {(['organisations', 'contacts'] as ImportKind[]).map((k) => (
            <label key={k} class="radio">
              <input type="radio" name="import-kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {t(`import.kind.${k}` as MessageKey)}
            </label>
          ))}
        </fieldset>
        <div class="field">
          <label for="import-file">{t('import.file')}</label>
          <input
            id="import-file"
            type="file"
            accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby="import-file-hint"
            onChange={(e: TargetedEvent<HTMLInputElement>) => setFile(e.currentTarget.files?.[0] ?? null)}
          />
          <p id="import-file-hint" class="hint">
            {t('import.fileHint')}
          </p>
        </div>
        {problem && (
          <p class="alert error" role="alert">
            {problem}
          </p>
        )}
        {action.error && <ProblemAlert error={action.error} />}
        <button type="submit" class="button primary" disabled={action.busy}>
          {action.busy ? t('import.uploading') : t('import.upload')}
        </button>
      </form>
    </section>
  );
}

/** Steps 2-4: the mapping, the preview with a decision per row, the commit and the outcome. */
export function ImportPage({ id }: { id: number }) {
  const { t } = useI18n();
  useTitle(t('import.title'));
  const [status, setStatus] = useState<RowStatus | ''>('');
  const [offset, setOffset] = useState(0);
  const imp = useAsync((signal) => api.get<Import>(`/imports/${id}`, undefined, signal).then((r) => r.data), [id]);
  const rows = useAsync(
    (signal) => api.get<ImportRowList>(`/imports/${id}/rows`, { status: status || undefined, limit: ROWS_PER_PAGE, offset }, signal).then((r) => r.data),
    [id, status, offset],
  );
  const [edited, setEdited] = useState<Record<string, string | null> | null>(null);
  const action = useAction();

  if (imp.error) return <ProblemAlert error={imp.error} onReload={imp.reload} />;
  if (!imp.data) return <Loading />;
  const current = imp.data;
  const mapping = edited ?? (current.mapping as Record<string, string | null>);
  const committed = current.status === 'committed';
  const twice = doubleMapped(mapping);

  const apply = async (body: unknown) => {
    const changed = await action.run(() => api.patch<Import>(`/imports/${id}`, body));
    if (changed) {
      imp.setData(changed.data);
      setEdited(null);
      rows.reload();
    }
  };
  const commit = async () => {
    const done = await action.run(() => api.post<Import>(`/imports/${id}/commit`));
    if (done) {
      imp.setData(done.data);
      action.setNotice(t('import.committed', { created: done.data.created, updated: done.data.updated, skipped: done.data.skipped }));
      rows.reload();
    }
  };
  const fields = IMPORT_FIELDS[current.kind];

  return (
    <section aria-labelledby="import-heading">
      <div class="page-head">
        <PageHeading id="import-heading">{t('import.heading', { kind: t(`import.kind.${current.kind}` as MessageKey), id: current.id })}</PageHeading>
        <ExportButtons path={`/imports/${id}/rows`} query={{}} />
      </div>
      {action.error && <ProblemAlert error={action.error} />}
      {action.notice && (
        <p class="alert success" role="status" data-testid="import-notice">
          {action.notice}
        </p>
      )}

      <p data-testid="import-status">
        {t(`import.status.${current.status}` as MessageKey)} · {t('import.rows')}: {current.rows}
      </p>
      <table class="table" data-testid="import-summary">
        <thead>
          <tr>
            {ROW_STATUSES.map((s) => (
              <th key={s} scope="col">
                {t(`import.row.${s}` as MessageKey)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {ROW_STATUSES.map((s) => (
              <td key={s} data-testid={`import-count-${s}`}>
                {current.summary[s]}
              </td>
            ))}
          </tr>
        </tbody>
      </table>

      {!committed && (
        <details open class="card">
          <summary>{t('import.mapping')}</summary>
          <p class="hint">{t('import.mappingHint')}</p>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('import.column')}</th>
                <th scope="col">{t('import.field')}</th>
              </tr>
            </thead>
            <tbody>
              {current.columns.map((column, i) => (
                <tr key={column}>
                  <td>
                    <label for={`map-${i}`}>{column}</label>
                  </td>
                  <td>
                    <select
                      id={`map-${i}`}
                      value={mapping[column] ?? ''}
                      onChange={(e: TargetedEvent<HTMLSelectElement>) => setEdited({ ...mapping, [column]: e.currentTarget.value || null })}
                    >
                      <option value="">{t('import.ignore')}</option>
                      {fields.map((f) => (
                        <option key={f} value={f}>
                          {t(`import.field.${f}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {twice && (
            <p class="alert error" role="alert">
              {t('import.twice', { field: t(`import.field.${twice}` as MessageKey) })}
            </p>
          )}
          <button
            type="button"
            class="button"
            disabled={!edited || !!twice || action.busy}
            onClick={() => apply({ mapping: mappingChanges(current.mapping as Record<string, string | null>, mapping) })}
          >
            {t('import.applyMapping')}
          </button>
        </details>
      )}

      <div class="filter-row" role="group" aria-label={t('import.filter')}>
        {(['', ...ROW_STATUSES] as (RowStatus | '')[]).map((s) => (
          <button
            key={s || 'all'}
            type="button"
            class={status === s ? 'button primary' : 'button'}
            aria-pressed={status === s}
            onClick={() => {
              setStatus(s);
              setOffset(0);
            }}
          >
            {s ? t(`import.row.${s}` as MessageKey) : t('common.all')}
          </button>
        ))}
      </div>

      {rows.error && <ProblemAlert error={rows.error} onReload={rows.reload} />}
      {rows.data ? (
        <RowsTable
          rows={rows.data.items}
          kind={current.kind}
          committed={committed}
          busy={action.busy}
          onAction={(row, a) => apply({ actions: [{ row, action: a }] })}
        />
      ) : (
        <Loading />
      )}
      {rows.data && rows.data.total > ROWS_PER_PAGE && (
        <p class="pager">
          <button type="button" class="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - ROWS_PER_PAGE))}>
            {t('common.previous')}
          </button>{' '}
          {t('common.showing', { from: offset + 1, to: Math.min(offset + ROWS_PER_PAGE, rows.data.total), total: rows.data.total })}{' '}
          <button type="button" class="button" disabled={offset + ROWS_PER_PAGE >= rows.data.total} onClick={() => setOffset(offset + ROWS_PER_PAGE)}>
            {t('common.next')}
          </button>
        </p>
      )}

      {!committed && (
        <div class="form-actions">
          <button type="button" class="button primary" data-testid="import-commit" disabled={action.busy || !!edited} onClick={commit}>
            {t('import.commit', { count: toWrite(current.summary) })}
          </button>
          <Link href={current.kind === 'organisations' ? '/organisations' : '/contacts'} class="button">
            {t('common.cancel')}
          </Link>
        </div>
      )}
    </section>
  );
}

function RowsTable(props: { rows: ImportRow[]; kind: ImportKind; committed: boolean; busy: boolean; onAction: (row: number, action: RowAction) => void }) {
  const { t } = useI18n();
  const { rows, kind, committed, busy, onAction } = props;
  if (rows.length === 0) return <p>{t('common.showingNone')}</p>;
  const matchHref = (id: number) => (kind === 'organisations' ? `/organisations/${id}` : `/contacts/${id}`);
  return (
    <table class="table" data-testid="import-rows">
      <thead>
        <tr>
          <th scope="col">{t('import.row')}</th>
          <th scope="col">{t('common.status')}</th>
          <th scope="col">{t('import.values')}</th>
          <th scope="col">{t('import.problems')}</th>
          <th scope="col">{t('import.match')}</th>
          <th scope="col">{t('import.decision')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.row} data-row={r.row}>
            <td>{r.row}</td>
            <td>{t(`import.row.${r.status}` as MessageKey)}</td>
            <td>
              {Object.entries(r.values)
                .map(([f, v]) => `${t(`import.field.${f}` as MessageKey)}: ${v}`)
                .join(' · ')}
            </td>
            <td>
              {r.errors.map((e) => (
                <div key={e.field + e.message}>
                  {t(`import.field.${e.field}` as MessageKey) || e.field}: {e.message}
                </div>
              ))}
            </td>
            <td>{r.match ? <Link href={matchHref(r.match.id)}>{t(`import.by.${r.match.by}` as MessageKey, { id: r.match.id })}</Link> : t('common.none')}</td>
            <td>
              {committed ? (
                t(`import.action.${r.action}` as MessageKey)
              ) : (
                <select
                  aria-label={t('import.decisionFor', { row: r.row })}
                  value={r.action}
                  disabled={busy || allowedActions(r.status).length < 2}
                  onChange={(e: TargetedEvent<HTMLSelectElement>) => onAction(r.row, e.currentTarget.value as RowAction)}
                >
                  {allowedActions(r.status).map((a) => (
                    <option key={a} value={a}>
                      {t(`import.action.${a}` as MessageKey)}
                    </option>
                  ))}
                </select>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
