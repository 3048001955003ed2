import { useEffect, useRef, useState, type FormEvent } from 'react';
import { describeError } from '../api/graphql.ts';
import { useSessionContext } from '../session.tsx';
import { StatusMessage } from '../components/ui.tsx';
import { useDocumentTitle } from '../hooks.ts';

export function LoginPage({ notice }: { notice?: string | undefined }) {
  const { login } = useSessionContext();
  const [key, setKey] = useState('');
  const [remember, setRemember] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useDocumentTitle('Sign in');
  useEffect(() => input.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) {
      setError('Paste an API key (it starts with mg_live_).');
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(trimmed, remember);
    } catch (err) {
      const { message, code } = describeError(err);
      setError(code === 'UNAUTHENTICATED' ? 'This API key was refused: it is unknown, revoked or expired.' : message);
      setBusy(false);
      input.current?.focus();
    }
  };

  return (
    <main id="main" className="login">
      <form className="card login-card" onSubmit={submit} noValidate aria-labelledby="login-title">
        <h1 id="login-title">ModelGraph console</h1>
        <p>Sign in with an API key of your tenant. The key stays in this browser; it is sent only to this server’s API.</p>
        {notice ? <StatusMessage kind="info">{notice}</StatusMessage> : null}
        <div className={`field${error ? ' field-invalid' : ''}`}>
          <label htmlFor="api-key">API key</label>
          <input
            ref={input}
            id="api-key"
            name="apiKey"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder="mg_live_…"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            aria-invalid={Boolean(error)}
            aria-describedby={error ? 'api-key-error' : 'api-key-hint'}
          />
          <small id="api-key-hint" className="field-hint">
            <code>npm start</code> prints an admin key on its first start.
          </small>
          {error ? (
            <small id="api-key-error" className="field-error" role="alert">
              {error}
            </small>
          ) : null}
        </div>
        <div className="checkbox">
          <input id="remember" type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
          <label htmlFor="remember">Remember me on this device</label>
        </div>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
