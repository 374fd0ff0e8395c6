// Small shared building blocks: form fields with hints and errors, problem alerts, loading/empty states,
// pagination, sortable column headers, archive confirmation.
import type { ComponentChildren, TargetedEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiError } from '../api';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n';
import { Link } from '../router';

export function Loading() {
  const { t } = useI18n();
  return (
    <p class="loading" role="status">
      {t('app.loading')}
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <div class="notice" role="status">
      {children}
    </div>
  );
}

/** "tags[1]" and "consent.newsletter" belong to the fields "tags" and "consent". */
export function baseField(field: string): string {
  return String(field ?? '').split(/[.[]/)[0];
}

/** Field errors of a 422 for the given form fields, keyed by field (first message wins). */
export function pickFieldErrors(err: ApiError | null, fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of err?.problem.errors ?? []) {
    const f = baseField(e.field);
    if (fields.includes(f) && !(f in out)) out[f] = String(e.message ?? '');
  }
  return out;
}

/** The localised headline for an API error. */
export function errorHeadline(t: (k: MessageKey) => string, err: ApiError): string {
  if (err.status === 0) return t('error.network');
  if ((err.status === 422 || err.status === 400) && (err.problem.errors?.length ?? 0) > 0) return t('error.form');
  const known = [400, 401, 403, 404, 409, 412, 413, 422, 429, 500, 503];
  if (known.includes(err.status)) return t(`error.${err.status}` as MessageKey);
  return err.problem.title || t('error.title');
}

interface ProblemAlertProps {
  error: ApiError;
  /** Field names rendered next to their inputs; other field errors are listed in the alert. */
  fieldsShown?: string[];
  /** For a 409: where the existing resource lives. */
  existingHref?: (id: number) => string;
  onReload?: () => void;
}

export function ProblemAlert({ error, fieldsShown = [], existingHref, onReload }: ProblemAlertProps) {
  const { t } = useI18n();
  const headline = errorHeadline(t, error);
  const p = error.problem;
  const detail = error.status === 0 ? '' : p.detail || p.title || '';
  const other = (p.errors ?? []).filter((e) => !fieldsShown.includes(baseField(e.field)));
  return (
    <div class="alert alert-error" role="alert">
      <p class="alert-title">{headline}</p>
      {detail && detail !== headline && <p class="alert-detail">{detail}</p>}
      {other.length > 0 && (
        <>
          {fieldsShown.length > 0 && <p>{t('error.otherFields')}</p>}
          <ul>
            {other.map((e) => (
              <li key={e.field + e.message}>
                {e.field ? <code>{e.field}</code> : null} {e.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {error.status === 409 && typeof p.existing_id === 'number' && existingHref && (
        <p>
          <Link href={existingHref(p.existing_id)}>{t('error.existing')}</Link>
        </p>
      )}
      {error.status === 412 && onReload && (
        <p>
          <button type="button" class="button secondary" onClick={onReload}>
            {t('common.reload')}
          </button>
        </p>
      )}
    </div>
  );
}

export interface FieldShell {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
}

/** The aria-describedby of a control: its hint, its error and any extra ids (a hint shared by two fields). */
export function describedBy(id: string, hint?: string, error?: string, extra?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : '', extra ?? ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** A field's label (with the required mark), hint and error around its control. */
export function FieldFrame({ id, label, error, hint, required, class: cls, children }: FieldShell & { class?: string; children: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <div class={[error ? 'field has-error' : 'field', cls].filter(Boolean).join(' ')}>
      <label for={id}>
        {label}
        {required && (
          <span class="required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
        {required && <span class="visually-hidden"> {t('common.required')}</span>}
      </label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

interface TextFieldProps extends FieldShell {
  value: string;
  onValue: (v: string) => void;
  type?: 'text' | 'email' | 'password' | 'tel' | 'url' | 'search';
  autoComplete?: string;
  inputMode?: 'text' | 'numeric' | 'tel' | 'email' | 'url' | 'search';
  maxLength?: number;
  multiline?: boolean;
  rows?: number;
  name?: string;
}

export function TextField(props: TextFieldProps) {
  const { id, value, onValue, type = 'text', autoComplete, inputMode, maxLength, multiline, rows, error, hint, required } = props;
  const common = {
    id,
    name: props.name ?? id,
    value,
    required,
    'aria-required': required ? ('true' as const) : undefined,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy(id, hint, error),
    maxLength,
  };
  return (
    <FieldFrame {...props}>
      {multiline ? (
        <textarea {...common} rows={rows ?? 3} onInput={(e: TargetedEvent<HTMLTextAreaElement>) => onValue(e.currentTarget.value)} />
      ) : (
        <input
          {...common}
          type={type as 'text'}
          autoComplete={autoComplete}
          inputMode={inputMode}
          onInput={(e: TargetedEvent<HTMLInputElement>) => onValue(e.currentTarget.value)}
        />
      )}
    </FieldFrame>
  );
}

export interface Option {
  value: string;
  label: string;
}
export interface OptionGroup {
  label: string;
  options: Option[];
}

interface SelectFieldProps extends FieldShell {
  value: string;
  onValue: (v: string) => void;
  options?: Option[];
  groups?: OptionGroup[];
  /** Label of an empty first option ('' value); omitted when undefined. */
  placeholder?: string;
  disabled?: boolean;
}

export function SelectField(props: SelectFieldProps) {
  const { id, value, onValue, options, groups, placeholder, error, hint, required, disabled } = props;
  return (
    <FieldFrame {...props}>
      <select
        id={id}
        name={id}
        value={value}
        required={required}
        disabled={disabled}
        aria-required={required ? 'true' : undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e: TargetedEvent<HTMLSelectElement>) => onValue(e.currentTarget.value)}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options?.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {groups?.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </FieldFrame>
  );
}

interface CheckboxFieldProps {
  id: string;
  label: string;
  checked: boolean;
  onChecked: (v: boolean) => void;
  error?: string;
}

export function CheckboxField({ id, label, checked, onChecked, error }: CheckboxFieldProps) {
  return (
    <div class={error ? 'field checkbox has-error' : 'field checkbox'}>
      <input
        type="checkbox"
        id={id}
        name={id}
        checked={checked}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e: TargetedEvent<HTMLInputElement>) => onChecked(e.currentTarget.checked)}
      />
      <label for={id}>{label}</label>
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

interface PagerProps {
  total: number;
  limit: number;
  offset: number;
  onOffset: (offset: number) => void;
}

export function Pager({ total, limit, offset, onOffset }: PagerProps) {
  const { t } = useI18n();
  if (total === 0) return null;
  const from = Math.min(offset + 1, total);
  const to = Math.min(offset + limit, total);
  return (
    <nav class="pager" aria-label={t('common.pagination')}>
      <p class="pager-status">{t('common.showing', { from, to, total })}</p>
      <div class="pager-buttons">
        <button type="button" class="button secondary" disabled={offset <= 0} onClick={() => onOffset(Math.max(0, offset - limit))}>
          {t('common.previous')}
        </button>
        <button type="button" class="button secondary" disabled={offset + limit >= total} onClick={() => onOffset(offset + limit)}>
          {t('common.next')}
        </button>
      </div>
    </nav>
  );
}

interface SortHeaderProps {
  column: string;
  label: string;
  sort: string;
  onSort: (sort: string) => void;
}

/** A column header that sorts by `column` ascending, then descending ("-column"). */
export function SortHeader({ column, label, sort, onSort }: SortHeaderProps) {
  const { t } = useI18n();
  const state = sort === column ? 'ascending' : sort === `-${column}` ? 'descending' : 'none';
  return (
    <th scope="col" aria-sort={state}>
      <button
        type="button"
        class="sort-button"
        title={t('common.sortBy', { column: label })}
        onClick={() => onSort(state === 'ascending' ? `-${column}` : column)}
      >
        {label}
        <span aria-hidden="true" class="sort-indicator">
          {state === 'ascending' ? ' ▲' : state === 'descending' ? ' ▼' : ' ↕'}
        </span>
      </button>
    </th>
  );
}

interface ConfirmArchiveProps {
  label: string;
  question: string;
  onConfirm: () => Promise<void>;
  /** The confirming button's text (default: archive). */
  confirmLabel?: string;
}

/** An archive button that asks for confirmation inline (no native dialogs). */
export function ConfirmArchive({ label, question, onConfirm, confirmLabel }: ConfirmArchiveProps) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" class="button danger" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <div class="confirm" role="group" aria-label={label}>
      <p>{question}</p>
      <button
        type="button"
        class="button danger"
        ref={confirmRef}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {busy ? t('common.archiving') : (confirmLabel ?? t('common.confirmArchive'))}
      </button>{' '}
      <button type="button" class="button secondary" disabled={busy} onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  const key = (['active', 'archived', 'disabled'].includes(status) ? `status.${status}` : null) as MessageKey | null;
  return <span class={`badge badge-${status}`}>{key ? t(key) : status}</span>;
}

/** The page's h1; the layout moves focus to it when the path changes (screen reader and keyboard users). */
export function PageHeading({ children, id }: { children: ComponentChildren; id?: string }) {
  return (
    <h1 tabIndex={-1} class="page-heading" id={id}>
      {children}
    </h1>
  );
}

/** Plain text that keeps its line breaks (addresses). */
export function MultiLine({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return <span class="multiline">{text}</span>;
}

interface FormActionsProps {
  busy: boolean;
  /** The submit button's text, and its text while busy. */
  submitLabel: string;
  busyLabel: string;
  /** Extra condition that disables the submit button (nothing chosen yet). */
  disabled?: boolean;
  /** A Cancel button beside it when given. */
  onCancel?: () => void;
  children?: ComponentChildren;
}

/** The buttons under a form: submit (its text says when it is busy), an optional Cancel, then any others. */
export function FormActions({ busy, submitLabel, busyLabel, disabled, onCancel, children }: FormActionsProps) {
  const { t } = useI18n();
  return (
    <div class="form-actions">
      <button type="submit" class="button primary" disabled={busy || disabled}>
        {busy ? busyLabel : submitLabel}
      </button>
      {onCancel && (
        <button type="button" class="button secondary" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
      )}
      {children}
    </div>
  );
}

/** One term and its value in a details list (<dl>). */
export function Fact({ label, children, testId }: { label: string; children: ComponentChildren; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

interface RecordHeadProps {
  /** The heading's id. */
  id: string;
  /** The list the record belongs to (the breadcrumb): its path and its name. */
  back: [string, string];
  record: { name: string; status: string };
  /** The page's action state: its notice and its error. */
  action: { notice: string | null; error: ApiError | null };
  onReload: () => void;
}

/** The top of a register record's page: breadcrumb, heading (with "archived"), the last action's notice or error. */
export function RecordHead({ id, back, record, action, onReload }: RecordHeadProps) {
  return (
    <>
      <p class="breadcrumb">
        <Link href={back[0]}>{back[1]}</Link>
      </p>
      <div class="page-head">
        <PageHeading id={id}>{record.name}</PageHeading>
        {record.status === 'archived' && <StatusBadge status="archived" />}
      </div>
      {action.notice && <Notice>{action.notice}</Notice>}
      {action.error && <ProblemAlert error={action.error} onReload={onReload} />}
    </>
  );
}

/** The card of a record's details (a definition list, then its buttons), headed "Details". */
export function DetailsCard({ id, children }: { id: string; children: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>{t('common.details')}</h2>
      {children}
    </section>
  );
}
