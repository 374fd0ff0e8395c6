import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, PAGE_SIZE } from './api';
import type { ListPage, Organisation } from './api';
import { intParam, navigate, useLocation, withQuery } from './router';
import type { Location } from './router';

export interface AsyncState<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  setData: (d: T) => void;
}

/** Anything a failed request threw, as an ApiError (a network failure is status 0). */
export function toApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, { title: 'network' });
}

/** Runs an async loader whenever `deps` change; aborts the previous run. */
export function useAsync<T>(fn: (signal: AbortSignal) => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;

  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    setError(null);
    fnRef.current(ctl.signal).then(
      (d) => {
        if (ctl.signal.aborted) return;
        setData(d);
        setLoading(false);
      },
      (e) => {
        if (ctl.signal.aborted) return;
        setError(toApiError(e));
        setLoading(false);
      },
    );
    return () => ctl.abort();
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}

// Organisation names by id, for lists that only carry organisation_id (contacts, users).
const orgNameCache = new Map<number, Promise<string | null>>();

function orgName(id: number): Promise<string | null> {
  let p = orgNameCache.get(id);
  if (!p) {
    p = api.get<Organisation>(`/organisations/${id}`).then(
      (r) => r.data.name,
      () => {
        orgNameCache.delete(id);
        return null;
      },
    );
    orgNameCache.set(id, p);
  }
  return p;
}

export function forgetOrgName(id: number): void {
  orgNameCache.delete(id);
}

/** On login/logout: what one user could see must not leak to the next one in the same tab. */
export function clearOrgNames(): void {
  orgNameCache.clear();
}

export function useOrgNames(ids: (number | null | undefined)[]): Map<number, string> {
  const [names, setNames] = useState<Map<number, string>>(new Map());
  const key = [...new Set(ids.filter((x): x is number => typeof x === 'number'))].sort((a, b) => a - b).join(',');
  useEffect(() => {
    let live = true;
    const wanted = key ? key.split(',').map(Number) : [];
    Promise.all(wanted.map(async (id) => [id, await orgName(id)] as const)).then((pairs) => {
      if (!live) return;
      const m = new Map<number, string>();
      for (const [id, name] of pairs) if (name) m.set(id, name);
      setNames(m);
    });
    return () => {
      live = false;
    };
  }, [key]);
  return names;
}

/**
 * The text of a search box whose submitted value lives in the URL (?q=...). It starts from the URL and follows
 * the URL when that changes (a submitted search, back/forward, a "clear" link), and otherwise keeps what the user
 * typed. The URL is compared during render, not in an effect: an effect runs only after the next frame, and one
 * that copied the URL value into the box would wipe out anything typed in between (a fast typist, or a test).
 */
export function useUrlText(urlValue: string): [string, (text: string) => void] {
  const [state, setState] = useState({ text: urlValue, from: urlValue });
  const set = useCallback((text: string) => setState((s) => (s.text === text ? s : { ...s, text })), []);
  if (state.from !== urlValue) {
    setState({ text: urlValue, from: urlValue }); // Preact renders again at once, before anything is painted
    return [urlValue, set];
  }
  return [state.text, set];
}

/** Sets document.title to "<page> · Brobygger". */
export function useTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Brobygger` : 'Brobygger';
  }, [title]);
}

// A one-shot message carried across a navigation ("The organisation has been created.").
let flashMessage: string | null = null;

export function setFlash(message: string): void {
  flashMessage = message;
}

/** Takes the pending flash message (once) when the page mounts. */
export function useFlash(): string | null {
  const [msg] = useState<string | null>(() => {
    const m = flashMessage;
    flashMessage = null;
    return m;
  });
  return msg;
}

export interface Action {
  busy: boolean;
  error: ApiError | null;
  notice: string | null;
  setError: (e: ApiError | null) => void;
  setNotice: (m: string | null) => void;
  /**
   * Runs one request on behalf of a button or form: busy while it runs, the error and the notice cleared first,
   * a failure kept as `error`. Resolves to what `fn` returned, or undefined when it failed.
   */
  run: <T>(fn: () => Promise<T>) => Promise<T | undefined>;
}

/** The busy / error / notice state of the actions on a page or a form. */
export function useAction(initialNotice: string | null = null): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(initialNotice);
  const run = useCallback(async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      return await fn();
    } catch (e) {
      setError(toApiError(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, notice, setError, setNotice, run };
}

/** A list page's filters as they stand in the URL: every value a string, '' for "any". */
export type ListParams = Record<string, string>;

export interface ListOptions<L extends ListPage<unknown>, P extends ListParams> {
  /** The page's own path: filters and paging are written to its query string. */
  path: string;
  /** Every filter with its default; a filter at its default is left out of the URL. */
  defaults: P;
  /** Filters whose URL value may be anything else: a value that fails the test counts as the default. */
  valid?: Partial<Record<keyof P, (v: string) => boolean>>;
  /** The query string for a state (default: the filters that differ from their defaults, then the offset). */
  query?: (params: P, offset: number) => Record<string, string | number | null | undefined>;
  /** Fetches one page; null when there is nothing to list (e.g. another view of the page). */
  load: (params: P, offset: number, signal: AbortSignal) => Promise<L | null>;
  /** Anything else the load depends on (another view of the page). */
  key?: string;
}

export interface ListState<L extends ListPage<unknown>, P extends ListParams> {
  loc: Location;
  params: P;
  offset: number;
  list: AsyncState<L | null>;
  /** Changes filters and goes back to the first page (replacing the history entry). */
  update: (changes: Partial<P>) => void;
  setOffset: (offset: number) => void;
  /** The URL of another state of this list. */
  href: (params: P, offset?: number) => string;
  /** What the results table needs: the list, the paging and (for a list with a `sort` filter) the sorting. */
  table: {
    list: AsyncState<L | null>;
    offset: number;
    onOffset: (offset: number) => void;
    sort?: string;
    onSort?: (sort: string) => void;
  };
}

/**
 * One list page's state: filters and paging read from the URL (so a search can be bookmarked, and back/forward
 * work), the page fetched again whenever they change, and updates written back to the URL.
 */
export function useList<L extends ListPage<unknown>, P extends ListParams>(opts: ListOptions<L, P>): ListState<L, P> {
  const loc = useLocation();
  const params = {} as Record<string, string>;
  for (const [k, d] of Object.entries(opts.defaults)) {
    const v = loc.query.get(k);
    const ok = opts.valid?.[k as keyof P];
    params[k] = v === null || (ok && !ok(v)) ? d : v;
  }
  const offset = intParam(loc.query.get('offset'));
  const query =
    opts.query ??
    ((p: P, o: number) => {
      const q: Record<string, string | number> = {};
      for (const [k, d] of Object.entries(opts.defaults)) q[k] = p[k] === d ? '' : p[k];
      q.offset = o || '';
      return q;
    });
  const href = (p: P, o = 0) => withQuery(opts.path, query(p, o));
  const state = params as P;
  const loadRef = useRef(opts.load);
  loadRef.current = opts.load;
  const list = useAsync((signal) => loadRef.current(state, offset, signal), [JSON.stringify(params), offset, opts.key]);
  const update = (changes: Partial<P>) => navigate(href({ ...state, ...changes }), { replace: true });
  const setOffset = (o: number) => navigate(href(state, o), { replace: true });
  const sorted = 'sort' in params;
  return {
    loc,
    params: state,
    offset,
    list,
    update,
    setOffset,
    href,
    table: {
      list,
      offset,
      onOffset: setOffset,
      sort: sorted ? params.sort : undefined,
      onSort: sorted ? (sort: string) => update({ sort } as unknown as Partial<P>) : undefined,
    },
  };
}

/** GET a list page with the filters, the page size and the offset. */
export function loadPage<T>(path: string, query: Record<string, string | number>, offset: number, signal: AbortSignal) {
  return api.get<ListPage<T>>(path, { ...query, limit: PAGE_SIZE, offset }, signal).then((r) => r.data);
}

/**
 * Active records of a list endpoint whose name matches `q`, sorted by name, at most 50 (typing is debounced);
 * null until the first answer, empty when the search failed.
 */
export function useSearch<T>(path: string, q: string): T[] | null {
  const [items, setItems] = useState<T[] | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    const timer = window.setTimeout(
      () => {
        api
          .get<ListPage<T>>(path, { q: q.trim(), status: 'active', sort: 'name', limit: 50 }, ctl.signal)
          .then((r) => setItems(r.data.items))
          .catch(() => {
            if (!ctl.signal.aborted) setItems([]);
          });
      },
      q ? 250 : 0,
    );
    return () => {
      window.clearTimeout(timer);
      ctl.abort();
    };
  }, [path, q]);
  return items;
}

/**
 * A detail page's edit form: open or not, its busy/error state, and the props every edit form takes. `onOpen`
 * clears what the page shows about earlier actions.
 */
export function useEditForm(reload: () => void, onOpen?: () => void) {
  const [editing, setEditing] = useState(false);
  const action = useAction();
  const close = () => {
    setEditing(false);
    action.setError(null);
  };
  return {
    editing,
    setEditing,
    run: action.run,
    /** Opens the form with no error left from before. */
    open: () => {
      onOpen?.();
      action.setError(null);
      setEditing(true);
    },
    props: {
      busy: action.busy,
      error: action.error,
      onCancel: close,
      onReload: () => {
        action.setError(null);
        reload();
      },
    },
  };
}

/** A record as loaded, with the ETag a later write sends back (If-Match). */
export interface Loaded<T> {
  record: T;
  etag: string | null;
}

/**
 * One record of the API (a contact, an organisation, a series), with its ETag. `accept` takes what a write
 * answered: the record and its new ETag, or (an answer without a body or an ETag) the record is loaded again.
 */
export function useRecord<T>(path: string) {
  const res = useAsync<Loaded<T>>((signal) => api.get<T>(path, undefined, signal).then((r) => ({ record: r.data, etag: r.etag })), [path]);
  const accept = (r: { data: T; etag: string | null }) => {
    if (r.data && typeof r.data === 'object' && 'id' in r.data) {
      res.setData({ record: r.data, etag: r.etag });
      if (!r.etag) res.reload();
    } else res.reload();
  };
  return { ...res, record: res.data?.record ?? null, etag: res.data?.etag ?? null, accept };
}
