import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '../hooks.ts';
import { useSession } from '../session.tsx';
import { Badge, CopyButton, Empty, ErrorState, Field, Loading, MutationError, PageHeader, StatusMessage } from '../components/ui.tsx';
import { formatDate } from '../format.ts';

export const SCOPES = ['READ', 'WRITE', 'TRAIN', 'PREDICT', 'ADMIN'] as const;

const SCOPE_HELP: Record<string, string> = {
  READ: 'read datasets, models and runs',
  WRITE: 'upload data, define models',
  TRAIN: 'start and cancel runs',
  PREDICT: 'call predict',
  ADMIN: 'manage keys (implies all)',
};

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  status: 'ACTIVE' | 'EXPIRED' | 'REVOKED';
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const KEY_FIELDS = 'id name prefix scopes status createdAt expiresAt revokedAt lastUsedAt';

export const API_KEYS_QUERY = /* GraphQL */ `
  query ConsoleApiKeys {
    apiKeys(first: 100) { edges { node { ${KEY_FIELDS} } } }
  }
`;

export const CREATE_KEY = /* GraphQL */ `
  mutation ConsoleCreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) { secret apiKey { ${KEY_FIELDS} } }
  }
`;

export const REVOKE_KEY = /* GraphQL */ `
  mutation ConsoleRevokeApiKey($id: ID!) {
    revokeApiKey(input: { id: $id }) { apiKey { ${KEY_FIELDS} } }
  }
`;

export function KeysPage() {
  const keys = useQuery<{ apiKeys: { edges: { node: ApiKeyRow }[] } }>(API_KEYS_QUERY);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const rows = keys.data?.apiKeys.edges.map((e) => e.node) ?? [];
  return (
    <>
      <PageHeader title="API keys" description="Keys authenticate every call to the API. A key’s secret is shown once, when it is created." />
      {created ? <SecretPanel {...created} onDone={() => setCreated(null)} /> : null}
      <CreateKeyForm
        onCreated={(name, secret) => {
          setCreated({ name, secret });
          keys.reload();
        }}
      />
      <section className="card" aria-labelledby="keys-title">
        <h2 id="keys-title">Keys of this tenant</h2>
        {keys.loading && !keys.data ? (
          <Loading label="Loading API keys…" />
        ) : keys.error ? (
          <ErrorState title="Could not load the API keys" error={keys.error} onRetry={keys.reload} />
        ) : rows.length === 0 ? (
          <Empty title="No API keys yet." />
        ) : (
          <KeysTable rows={rows} onChanged={keys.reload} />
        )}
      </section>
    </>
  );
}

function SecretPanel({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section className="card secret-panel" aria-labelledby="secret-title" tabIndex={-1} ref={ref}>
      <h2 id="secret-title">New key “{name}”</h2>
      <p>
        <strong>Copy this secret now.</strong> It is shown only once and cannot be recovered.
      </p>
      <div className="secret-row">
        <label htmlFor="new-secret" className="visually-hidden">
          Secret of the new key
        </label>
        <input id="new-secret" className="secret" readOnly value={secret} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        <CopyButton text={secret} label="Copy secret" />
      </div>
      <button type="button" className="secondary" onClick={onDone}>
        I have stored it — hide the secret
      </button>
    </section>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (name: string, secret: string) => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['READ']);
  const [expires, setExpires] = useState('');
  const [errors, setErrors] = useState<{ name?: string; scopes?: string; expires?: string }>({});
  const create = useMutation<{ createApiKey: { secret: string; apiKey: ApiKeyRow } }>(CREATE_KEY);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (!name.trim()) next.name = 'Give the key a name, e.g. “ci” or “notebook”.';
    if (scopes.length === 0) next.scopes = 'Choose at least one scope.';
    let expiresAt: string | undefined;
    if (expires) {
      const date = new Date(`${expires}T23:59:59`);
      if (Number.isNaN(date.getTime()) || date.getTime() <= Date.now()) next.expires = 'The expiry date must be in the future.';
      else expiresAt = date.toISOString();
    }
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    try {
      const data = await create.run({ input: { name: name.trim(), scopes, ...(expiresAt ? { expiresAt } : {}) } });
      onCreated(data.createApiKey.apiKey.name, data.createApiKey.secret);
      setName('');
      setExpires('');
    } catch {
      // shown by MutationError
    }
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="create-key-title">
      <h2 id="create-key-title">Create a key</h2>
      <div className="form-grid">
        <Field label="Name" error={errors.name}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />}
        </Field>
        <Field label="Expires on (optional)" error={errors.expires} hint="Leave empty for a key that does not expire.">
          {(p) => <input {...p} type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />}
        </Field>
      </div>
      <fieldset className={errors.scopes ? 'field-invalid' : undefined} aria-describedby={errors.scopes ? 'scopes-error' : undefined}>
        <legend>Scopes</legend>
        <div className="checkbox-row">
          {SCOPES.map((scope) => (
            <div className="checkbox" key={scope}>
              <input
                type="checkbox"
                id={`scope-${scope}`}
                checked={scopes.includes(scope)}
                onChange={(e) => setScopes((s) => (e.target.checked ? [...s, scope] : s.filter((x) => x !== scope)))}
              />
              <label htmlFor={`scope-${scope}`}>
                {scope} <span className="muted">— {SCOPE_HELP[scope]}</span>
              </label>
            </div>
          ))}
        </div>
        {errors.scopes ? (
          <small id="scopes-error" className="field-error">
            {errors.scopes}
          </small>
        ) : null}
      </fieldset>
      <MutationError error={create.error} />
      <button type="submit" disabled={create.running}>
        {create.running ? 'Creating…' : 'Create key'}
      </button>
    </form>
  );
}

function KeysTable({ rows, onChanged }: { rows: ApiKeyRow[]; onChanged: () => void }) {
  const { viewer } = useSession();
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Prefix</th>
            <th scope="col">Scopes</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Expires</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((key) => (
            <tr key={key.id}>
              <th scope="row">
                {key.name}
                {viewer.apiKey?.id === key.id ? <span className="muted"> (this session)</span> : null}
              </th>
              <td>
                <code>{key.prefix}</code>
              </td>
              <td>
                <span className="badges">
                  {key.scopes.map((s) => (
                    <Badge key={s}>{s}</Badge>
                  ))}
                </span>
              </td>
              <td>
                <Badge tone={key.status === 'ACTIVE' ? 'good' : key.status === 'REVOKED' ? 'bad' : 'warn'}>{key.status.toLowerCase()}</Badge>
              </td>
              <td>{formatDate(key.createdAt)}</td>
              <td>{formatDate(key.lastUsedAt)}</td>
              <td>{key.expiresAt ? formatDate(key.expiresAt) : 'never'}</td>
              <td>{key.status === 'ACTIVE' ? <RevokeButton apiKey={key} isCurrent={viewer.apiKey?.id === key.id} onRevoked={onChanged} /> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RevokeButton({ apiKey, isCurrent, onRevoked }: { apiKey: ApiKeyRow; isCurrent: boolean; onRevoked: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation(REVOKE_KEY);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  if (!confirming) {
    return (
      <button type="button" className="danger secondary" onClick={() => setConfirming(true)} aria-label={`Revoke key ${apiKey.name}`}>
        Revoke
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label={`Confirm revoking ${apiKey.name}`}>
      {isCurrent ? <StatusMessage kind="info">This is the key you are signed in with: you will be signed out.</StatusMessage> : null}
      <button
        ref={confirmRef}
        type="button"
        className="danger"
        disabled={revoke.running}
        onClick={() => {
          revoke
            .run({ id: apiKey.id })
            .then(onRevoked)
            .catch(() => undefined);
        }}
      >
        {revoke.running ? 'Revoking…' : `Yes, revoke ${apiKey.name}`}
      </button>
      <button type="button" className="secondary" onClick={() => setConfirming(false)}>
        Cancel
      </button>
      <MutationError error={revoke.error} />
    </div>
  );
}
