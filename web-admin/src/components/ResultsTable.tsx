// The one results table of every list (organisations, contacts, users, events, series, outbox, audit, and the
// lists inside detail pages), and the one filter form above it.
import type { ComponentChildren, TargetedEvent, TargetedSubmitEvent } from 'preact';
import { PAGE_SIZE } from '../api';
import type { ApiError, ListPage } from '../api';
import { useUrlText } from '../hooks';
import { useI18n } from '../i18n';
import type { I18n, MessageKey } from '../i18n';
import { ExportButtons } from './ExportButtons';
import type { Download } from './ExportButtons';
import { Empty, Loading, Pager, ProblemAlert, SelectField, SortHeader } from './ui';

export interface Column<T> {
  /** The header's text, also each cell's data-label (the narrow layout shows it beside the value). */
  label: string;
  cell: (row: T) => ComponentChildren;
  /** Sortable: the API's sort name of this column. */
  sort?: string;
  class?: string;
  /** Buttons: the header is for screen readers only and the cells carry no label. */
  actions?: boolean;
}

interface ResultsTableProps<T> {
  /** The list as fetched (null data: not loaded yet or nothing to list). */
  list: { data: ListPage<T> | null; loading: boolean; error: ApiError | null; reload?: () => void };
  /** The table's class beside "list". */
  name: string;
  texts: ListTexts;
  /** Columns; a false entry is left out (a column only some roles see). */
  columns: (Column<T> | false)[];
  rowKey?: (row: T) => string | number;
  sort?: string;
  onSort?: (sort: string) => void;
  /** Pages through the list; no pager when omitted (a list that shows its first page only). */
  offset?: number;
  onOffset?: (offset: number) => void;
  /** The list's download (CSV and XLSX of every matching row); no buttons when omitted. */
  download?: Download;
}

export function ResultsTable<T>(props: ResultsTableProps<T>) {
  const { list, name, texts, sort, onSort, offset, onOffset } = props;
  const { caption, empty, count } = texts;
  const columns = props.columns.filter((c): c is Column<T> => c !== false);
  const rowKey = props.rowKey ?? ((row: T) => (row as { id: number }).id);
  const data = list.data;
  const shown = !list.loading && data;
  return (
    <div class="results" aria-busy={list.loading ? 'true' : 'false'}>
      {props.download && <ExportButtons {...props.download} />}
      {count && (
        <p class="result-count" aria-live="polite">
          {data && !list.loading ? count(data.total) : ''}
        </p>
      )}
      {list.loading && <Loading />}
      {list.error && <ProblemAlert error={list.error} />}
      {shown && data.items.length === 0 && <Empty>{empty}</Empty>}
      {shown && data.items.length > 0 && (
        <>
          <div class="table-wrap">
            <table class={`list ${name}`}>
              <caption class="visually-hidden">{caption}</caption>
              <thead>
                <tr>
                  {columns.map((c) =>
                    c.sort && sort !== undefined && onSort ? (
                      <SortHeader key={c.label} column={c.sort} label={c.label} sort={sort} onSort={onSort} />
                    ) : (
                      <th key={c.label} scope="col">
                        {c.actions ? <span class="visually-hidden">{c.label}</span> : c.label}
                      </th>
                    ),
                  )}
                </tr>
              </thead>
              <tbody>
                {data.items.map((row) => (
                  <tr key={rowKey(row)}>
                    {columns.map((c) => (
                      <td key={c.label} data-label={c.actions ? undefined : c.label} class={c.actions ? 'cell-actions' : c.class}>
                        {c.cell(row)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {onOffset && <Pager total={data.total} limit={data.limit || PAGE_SIZE} offset={data.offset ?? offset ?? 0} onOffset={onOffset} />}
        </>
      )}
    </div>
  );
}

interface SearchProps {
  /** The input's id (its hint is `${id}-hint`). */
  id: string;
  label: string;
  hint: string;
  /** The submitted search as it stands in the URL. */
  value: string;
  onSearch: (q: string) => void;
}

/** The filters above a list: an optional search box (submitted with Enter or its button) and the filter controls. */
export function FilterForm({ label, search, children }: { label: string; search?: SearchProps; children?: ComponentChildren }) {
  const { t } = useI18n();
  const [text, setText] = useUrlText(search?.value ?? '');
  const onSubmit = (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    search?.onSearch(text.trim());
  };
  return (
    <form role="search" aria-label={label} class="filters" onSubmit={onSubmit}>
      {search && (
        <div class="field search-field">
          <label for={search.id}>{search.label}</label>
          <p class="hint" id={`${search.id}-hint`}>
            {search.hint}
          </p>
          <div class="search-row">
            <input
              id={search.id}
              name="q"
              type="search"
              value={text}
              aria-describedby={`${search.id}-hint`}
              onInput={(e: TargetedEvent<HTMLInputElement>) => setText(e.currentTarget.value)}
            />
            <button type="submit" class="button primary">
              {t('common.search')}
            </button>
          </div>
        </div>
      )}
      {children}
    </form>
  );
}

export interface ListTexts {
  /** The table's (visually hidden) caption. */
  caption: string;
  /** What an empty list says. */
  empty: string;
  /** The live "N found" line above the table; none when omitted. */
  count?: (total: number) => string;
}

/** "1 organisation" / "12 organisations": the one and the many key of a count. */
export function countText(t: I18n['t'], one: MessageKey, many: MessageKey) {
  return (total: number) => (total === 1 ? t(one) : t(many, { total }));
}

/** The texts of a register's list from its dictionary keys (`org.listTitle`, `org.empty`, `org.countOne`, `org.count`). */
export function listTexts(t: I18n['t'], prefix: 'org' | 'contact' | 'user' | 'event' | 'series'): ListTexts {
  return { caption: t(`${prefix}.listTitle`), empty: t(`${prefix}.empty`), count: countText(t, `${prefix}.countOne`, `${prefix}.count`) };
}

/** Active, archived or all (the registers' status filter). */
export function StatusFilter({ id, value, onValue }: { id: string; value: string; onValue: (v: string) => void }) {
  const { t } = useI18n();
  return (
    <SelectField
      id={id}
      label={t('common.statusFilter')}
      value={value}
      onValue={onValue}
      options={[
        { value: 'active', label: t('common.statusActive') },
        { value: 'archived', label: t('common.statusArchived') },
        { value: 'all', label: t('common.statusAll') },
      ]}
    />
  );
}
