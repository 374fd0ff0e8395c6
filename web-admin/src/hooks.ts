import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from './api';
import type { Organisation } from './api';

export interface AsyncState<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  setData: (d: T) => void;
}

function toApiError(e: unknown): ApiError {
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
