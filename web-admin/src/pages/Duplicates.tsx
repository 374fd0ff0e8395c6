// Likely duplicates (organisations and people), the side-by-side merge view, and the merges journal
// with undo for 30 days. Officers and admins.
import { useEffect, useState } from 'preact/hooks';
import { api, PAGE_SIZE } from '../api';
import type { ApiError, Contact, Organisation } from '../api';
import { Loading, PageHeading, Pager, ProblemAlert } from '../components/ui';
import { toApiError, useAsync, useTitle } from '../hooks';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n';
import { compareRecords, movedTotal, otherOf, scorePercent } from '../merge';
import type { DuplicateList, DuplicatePair, MergeKind, MergeList, MergeRecord } from '../merge';
import { intParam, Link, navigate, useLocation, withQuery } from '../router';

type RecordOf = Organisation | Contact;

const base = (kind: MergeKind) => (kind === 'organisation' ? '/organisations' : '/contacts');

function kindOf(v: string | null): MergeKind {
  return v === 'contact' ? 'contact' : 'organisation';
}

/** The records of the pairs on a page, by id (each read once). */
function useRecords(kind: MergeKind, ids: number[]): Map<number, RecordOf> {
  const [records, setRecords] = useState<Map<number, RecordOf>>(new Map());
  const key = `${kind}:${[...new Set(ids)].sort((a, b) => a - b).join(',')}`;
  useEffect(() => {
    const ctl = new AbortController();
    const wanted = [...new Set(ids)];
    Promise.all(
      wanted.map((id) =>
        api.get<RecordOf>(`${base(kind)}/${id}`, undefined, ctl.signal).then(
          (r) => [id, r.data] as const,
          () => [id, null] as const,
        ),
      ),
    ).then((pairs) => {
      if (ctl.signal.aborted) return;
      const m = new Map<number, RecordOf>();
      for (const [id, record] of pairs) if (record) m.set(id, record);
      setRecords(m);
    });
    return () => ctl.abort();
  }, [key]);
  return records;
}

function Tabs({ kind, path }: { kind: MergeKind; path: string }) {
  const { t } = useI18n();
  return (
    <nav class="merge-tabs" aria-label={t('duplicates.tabs')}>
      {(['organisation', 'contact'] as MergeKind[]).map((k) => (
        <Link
          key={k}
          href={withQuery(path, { kind: k })}
          class={`button ${k === kind ? '' : 'secondary'} small`}
          aria-current={k === kind ? 'page' : undefined}
        >
          {t(k === 'organisation' ? 'duplicates.organisations' : 'duplicates.contacts')}
        </Link>
      ))}
    </nav>
  );
}

export function DuplicatesPage() {
  const { t } = useI18n();
  useTitle(t('duplicates.title'));
  const loc = useLocation();
  const kind = kindOf(loc.query.get('kind'));
  const offset = intParam(loc.query.get('offset'));
  const list = useAsync(
    (signal) => api.get<DuplicateList>(`${base(kind)}/duplicates`, { limit: PAGE_SIZE, offset }, signal).then((r) => r.data),
    [kind, offset],
  );
  const pairs = list.data?.items ?? [];
  const records = useRecords(
    kind,
    pairs.flatMap((p) => [p.a, p.b]),
  );
  const name = (id: number) => records.get(id)?.name ?? `#${id}`;
  const reason = (code: string) => {
    const key = `duplicates.reason.${code}` as MessageKey;
    const text = t(key);
    return text === key ? code : text;
  };

  return (
    <section aria-labelledby="duplicates-heading">
      <div class="page-head">
        <PageHeading id="duplicates-heading">{t('duplicates.title')}</PageHeading>
        <Link href="/merges">{t('merges.title')}</Link>
      </div>
      <p>{t('duplicates.intro')}</p>
      <Tabs kind={kind} path="/duplicates" />
      {list.error && <ProblemAlert error={list.error} onReload={list.reload} />}
      {list.loading && !list.data && <Loading />}
      {list.data && pairs.length === 0 && <p class="empty">{t('duplicates.empty')}</p>}
      {pairs.length > 0 && (
        <table class="results" data-testid="duplicates">
          <caption class="visually-hidden">{t('duplicates.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('duplicates.first')}</th>
              <th scope="col">{t('duplicates.second')}</th>
              <th scope="col">{t('duplicates.reasons')}</th>
              <th scope="col">{t('duplicates.score')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('duplicates.compare')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {pairs.map((p: DuplicatePair) => (
              <tr key={`${p.a}-${p.b}`} data-pair={`${p.a}-${p.b}`}>
                <td>
                  <Link href={`${base(kind)}/${p.a}`}>{name(p.a)}</Link>
                </td>
                <td>
                  <Link href={`${base(kind)}/${p.b}`}>{name(p.b)}</Link>
                </td>
                <td>{p.reasons.map(reason).join(', ')}</td>
                <td>{scorePercent(p.score)} %</td>
                <td>
                  <Link class="button small" href={withQuery('/duplicates/compare', { kind, a: p.a, b: p.b })}>
                    {t('duplicates.compare')}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.data && list.data.total > PAGE_SIZE && (
        <Pager total={list.data.total} limit={PAGE_SIZE} offset={offset} onOffset={(o) => navigate(withQuery('/duplicates', { kind, offset: o }))} />
      )}
    </section>
  );
}

/** The two records side by side: which is kept, what the merge fills and moves; merge or dismiss. */
export function MergeComparePage() {
  const { t } = useI18n();
  useTitle(t('duplicates.compareTitle'));
  const loc = useLocation();
  const kind = kindOf(loc.query.get('kind'));
  const a = intParam(loc.query.get('a'));
  const b = intParam(loc.query.get('b'));
  const [kept, setKept] = useState(a);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const both = useAsync(
    async (signal) => {
      const [ra, rb] = await Promise.all([
        api.get<RecordOf>(`${base(kind)}/${a}`, undefined, signal),
        api.get<RecordOf>(`${base(kind)}/${b}`, undefined, signal),
      ]);
      // What moves with each: an organisation's people (a person's registrations are listed on their page).
      const people = async (id: number) =>
        kind === 'organisation' ? (await api.get<{ total: number }>(`/organisations/${id}/contacts`, { limit: 1, status: 'all' }, signal)).data.total : null;
      return { [a]: ra.data, [b]: rb.data, people: { [a]: await people(a), [b]: await people(b) } } as Record<number, RecordOf> & {
        people: Record<number, number | null>;
      };
    },
    [kind, a, b],
  );
  const other = otherOf({ a, b }, kept);
  const data = both.data;

  const merge = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`${base(kind)}/${kept}/merge`, { from_id: other });
      navigate(withQuery('/merges', { kind, merged: kept }));
    } catch (e) {
      setError(toApiError(e));
      setBusy(false);
    }
  };
  const dismiss = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`${base(kind)}/duplicates/dismissals`, { a, b });
      navigate(withQuery('/duplicates', { kind }));
    } catch (e) {
      setError(toApiError(e));
      setBusy(false);
    }
  };

  const rows = data ? compareRecords(kind, data[kept] as unknown as Record<string, unknown>, data[other] as unknown as Record<string, unknown>) : [];
  const fieldLabel = (field: string) => {
    const key = `duplicates.field.${field}` as MessageKey;
    const text = t(key);
    return text === key ? field : text;
  };

  return (
    <section aria-labelledby="compare-heading">
      <div class="page-head">
        <PageHeading id="compare-heading">{t('duplicates.compareTitle')}</PageHeading>
        <Link href={withQuery('/duplicates', { kind })}>{t('duplicates.back')}</Link>
      </div>
      {both.error && <ProblemAlert error={both.error} onReload={both.reload} />}
      {error && <ProblemAlert error={error} />}
      {both.loading && !data && <Loading />}
      {data && (
        <>
          <fieldset class="merge-keep">
            <legend>{t('duplicates.keep')}</legend>
            {[a, b].map((id) => (
              <label key={id} class="inline">
                <input type="radio" name="kept" value={String(id)} checked={kept === id} onChange={() => setKept(id)} /> {data[id].name} (#{id})
              </label>
            ))}
          </fieldset>
          <table class="results merge-compare" data-testid="merge-compare">
            <caption>{t('duplicates.sideBySide')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('duplicates.fieldHeader')}</th>
                <th scope="col">
                  {t('duplicates.kept')}: {data[kept].name}
                </th>
                <th scope="col">
                  {t('duplicates.mergedAway')}: {data[other].name}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.field} class={r.same ? '' : 'differs'}>
                  <th scope="row">{fieldLabel(r.field)}</th>
                  <td>{r.filled ? <strong>{t('duplicates.filledFrom', { value: r.other })}</strong> : r.kept || t('common.none')}</td>
                  <td>{r.other || t('common.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p data-testid="merge-moves">
            {kind === 'organisation' ? t('duplicates.movesOrganisation', { n: data.people[other] ?? 0 }) : t('duplicates.movesContact')}
          </p>
          <div class="form-actions">
            <button type="button" class="button" disabled={busy} onClick={merge}>
              {t('duplicates.merge')}
            </button>
            <button type="button" class="button secondary" disabled={busy} onClick={dismiss}>
              {t('duplicates.dismiss')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

/** The merge journal: what each merge moved, and Undo within 30 days. */
export function MergesPage() {
  const { t, formatDateTime } = useI18n();
  useTitle(t('merges.title'));
  const loc = useLocation();
  const kind = kindOf(loc.query.get('kind'));
  const offset = intParam(loc.query.get('offset'));
  const list = useAsync((signal) => api.get<MergeList>('/merges', { kind, limit: PAGE_SIZE, offset }, signal).then((r) => r.data), [kind, offset]);
  const [busy, setBusy] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const undo = async (m: MergeRecord) => {
    setBusy(m.id);
    setError(null);
    setDone(null);
    try {
      await api.post(`/merges/${m.id}/undo`);
      setDone(t('merges.undone'));
      list.reload();
    } catch (e) {
      setError(toApiError(e));
    }
    setBusy(0);
  };
  const items = list.data?.items ?? [];

  return (
    <section aria-labelledby="merges-heading">
      <div class="page-head">
        <PageHeading id="merges-heading">{t('merges.title')}</PageHeading>
        <Link href={withQuery('/duplicates', { kind })}>{t('duplicates.title')}</Link>
      </div>
      <p>{t('merges.intro')}</p>
      <Tabs kind={kind} path="/merges" />
      {kind === 'contact' && <p class="notice">{t('merges.contactNote')}</p>}
      {done && (
        <p class="notice success" role="status">
          {done}
        </p>
      )}
      {error && <ProblemAlert error={error} />}
      {list.error && <ProblemAlert error={list.error} onReload={list.reload} />}
      {list.loading && !list.data && <Loading />}
      {list.data && items.length === 0 && <p class="empty">{t('merges.empty')}</p>}
      {items.length > 0 && (
        <table class="results" data-testid="merges">
          <caption class="visually-hidden">{t('merges.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('merges.when')}</th>
              <th scope="col">{t('duplicates.kept')}</th>
              <th scope="col">{t('duplicates.mergedAway')}</th>
              <th scope="col">{t('merges.moved')}</th>
              <th scope="col">{t('common.status')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.id} data-merge={m.id}>
                <td>{formatDateTime(m.created_at)}</td>
                <td>
                  <Link href={`${base(m.kind)}/${m.kept_id}`}>#{m.kept_id}</Link>
                </td>
                <td>
                  <Link href={`${base(m.kind)}/${m.from_id}`}>#{m.from_id}</Link>
                </td>
                <td>{t('merges.movedCount', { n: movedTotal(m), fields: m.fields_filled.length })}</td>
                <td>
                  {m.undone_at ? (
                    t('merges.undoneAt', { time: formatDateTime(m.undone_at) })
                  ) : m.undoable ? (
                    <button type="button" class="button secondary small" disabled={busy !== 0} onClick={() => undo(m)}>
                      {t('merges.undo')}
                    </button>
                  ) : (
                    t('merges.tooLate')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.data && list.data.total > PAGE_SIZE && (
        <Pager total={list.data.total} limit={PAGE_SIZE} offset={offset} onOffset={(o) => navigate(withQuery('/merges', { kind, offset: o }))} />
      )}
    </section>
  );
}
