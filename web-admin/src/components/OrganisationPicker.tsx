import type { TargetedEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { Organisation } from '../api';
import { useSearch } from '../hooks';
import { useI18n } from '../i18n';
import { SelectField } from './ui';

interface Props {
  id: string;
  value: string;
  onValue: (v: string) => void;
  error?: string;
  hint?: string;
  label?: string;
  required?: boolean;
}

/** Choose an organisation: a search box that narrows a select of (at most 50) matching organisations. */
export function OrganisationPicker({ id, value, onValue, error, hint, label, required = true }: Props) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const items = useSearch<Organisation>('/organisations', q);
  const [selected, setSelected] = useState<Organisation | null>(null);

  // Keep the chosen organisation in the list even when the search no longer matches it.
  useEffect(() => {
    if (!value) {
      setSelected(null);
      return;
    }
    if (selected && String(selected.id) === value) return;
    const found = items?.find((o) => String(o.id) === value);
    if (found) {
      setSelected(found);
      return;
    }
    const ctl = new AbortController();
    api
      .get<Organisation>(`/organisations/${value}`, undefined, ctl.signal)
      .then((r) => setSelected(r.data))
      .catch(() => undefined);
    return () => ctl.abort();
  }, [value, items]);

  const list = [...(items ?? [])];
  if (selected && !list.some((o) => o.id === selected.id)) list.unshift(selected);

  return (
    <div class="picker">
      <div class="field">
        <label for={`${id}-search`}>{t('org.picker.search')}</label>
        <p class="hint" id={`${id}-search-hint`}>
          {t('org.picker.searchHint')}
        </p>
        <input
          id={`${id}-search`}
          type="search"
          value={q}
          aria-describedby={`${id}-search-hint`}
          aria-controls={id}
          onInput={(e: TargetedEvent<HTMLInputElement>) => setQ(e.currentTarget.value)}
        />
      </div>
      <SelectField
        id={id}
        label={label ?? t('org.picker.select')}
        value={value}
        onValue={onValue}
        error={error}
        hint={hint}
        required={required}
        placeholder={list.length === 0 && items ? t('org.picker.none') : t('common.choose')}
        options={list.map((o) => ({ value: String(o.id), label: o.name }))}
      />
    </div>
  );
}
