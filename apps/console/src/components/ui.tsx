// Shared building blocks: page header (focused on navigation), loading / error / empty states,
// labelled fields with inline errors, a copy button and a progress bar.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { describeError } from '../api/graphql.ts';
import { useDocumentTitle } from '../hooks.ts';
import { hasNavigated } from '../router.tsx';

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useDocumentTitle(title);
  useEffect(() => {
    // After in-app navigation, focus moves to the new page's heading so screen-reader and keyboard
    // users land on it (on first load it stays at the top, before the skip link).
    if (!hasNavigated()) return;
    if (document.activeElement === document.body || document.activeElement?.closest('nav')) ref.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <header className="page-header">
      <div>
        <h1 tabIndex={-1} ref={ref}>
          {title}
        </h1>
        {description ? <p className="page-description">{description}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

const HINTS: Record<string, string> = {
  FORBIDDEN: 'Your API key lacks the scope this needs.',
  UNAUTHENTICATED: 'Sign in again with a valid API key.',
  NETWORK_ERROR: 'Check that the gateway is running.',
  RATE_LIMITED: 'Too many requests; wait a moment and retry.',
  SERVICE_UNAVAILABLE: 'The service is temporarily unavailable; retry shortly.',
};

export function ErrorState({ error, title = 'Something went wrong', onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const { message, code } = describeError(error);
  return (
    <div className="state state-error" role="alert">
      <strong>{title}</strong>
      <p>
        {message}
        {code ? <code className="error-code">{code}</code> : null}
      </p>
      {code && HINTS[code] ? <p className="hint">{HINTS[code]}</p> : null}
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      {children ? <div>{children}</div> : null}
    </div>
  );
}

export function Unavailable({ feature, children }: { feature: string; children?: ReactNode }) {
  return (
    <div className="state state-unavailable" role="note">
      <strong>{feature} is not available on this server yet.</strong>
      {children ? <div>{children}</div> : null}
    </div>
  );
}

/** A form error or success line, announced politely. */
export function StatusMessage({ kind, children }: { kind: 'error' | 'success' | 'info'; children: ReactNode }) {
  return (
    <p className={`status-message status-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}

export function MutationError({ error }: { error: unknown }) {
  if (!error) return null;
  const { message, code } = describeError(error);
  return (
    <StatusMessage kind="error">
      {message}
      {code ? <code className="error-code">{code}</code> : null}
    </StatusMessage>
  );
}

interface FieldProps {
  label: string;
  error?: string | null | undefined;
  hint?: ReactNode;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
  className?: string;
}

/** A label, a control (render prop, gets id and aria attributes), an optional hint and inline error. */
export function Field({ label, error, hint, children, className }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), ...(describedBy ? { 'aria-describedby': describedBy } : {}) })}
      {hint ? (
        <small id={hintId} className="field-hint">
          {hint}
        </small>
      ) : null}
      {error ? (
        <small id={errorId} className="field-error">
          {error}
        </small>
      ) : null}
    </div>
  );
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 4000);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      if (navigator.clipboard?.writeText) {
        await navigator.clipboard.writeText(text);
      } else {
        legacyCopy(text);
      }
      setState('copied');
    } catch {
      try {
        legacyCopy(text);
        setState('copied');
      } catch {
        setState('failed');
      }
    }
  };
  return (
    <span className="copy">
      <button type="button" onClick={() => void copy()}>
        {label}
      </button>
      <span role="status" aria-live="polite" className="copy-status">
        {state === 'copied' ? 'Copied to the clipboard' : state === 'failed' ? 'Copy failed: select the text and copy it by hand' : ''}
      </span>
    </span>
  );
}

function legacyCopy(text: string) {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand?.('copy');
  area.remove();
  if (!ok) throw new Error('copy refused');
}

export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const percent = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div className="progress">
      <progress value={percent} max={100} aria-label={label} />
      <span aria-hidden="true">{percent}%</span>
    </div>
  );
}

export function Badge({ tone = 'neutral', children }: { tone?: 'neutral' | 'good' | 'bad' | 'warn' | 'info'; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

const RUN_TONES: Record<string, 'neutral' | 'good' | 'bad' | 'warn' | 'info'> = {
  QUEUED: 'neutral',
  RUNNING: 'info',
  SUCCEEDED: 'good',
  FAILED: 'bad',
  CANCELLED: 'warn',
};

export function RunStatusBadge({ status }: { status: string }) {
  return <Badge tone={RUN_TONES[status] ?? 'neutral'}>{status.toLowerCase()}</Badge>;
}

export function KeyValue({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="kv">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
