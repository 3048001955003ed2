import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { gqlError, mockApi, renderSignedIn } from '../test/api.tsx';

const key = (over: Record<string, unknown> = {}) => ({
  id: 'k1',
  name: 'admin',
  prefix: 'mg_live_abcdef123456',
  scopes: ['ADMIN'],
  status: 'ACTIVE',
  createdAt: '2026-01-01T00:00:00Z',
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  ...over,
});

describe('API keys page', () => {
  it('lists keys, creates one and shows its secret once with a working copy button', async () => {
    const keys = [key()];
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const api = mockApi({
      ConsoleApiKeys: () => ({ apiKeys: { edges: keys.map((node) => ({ node })) } }),
      ConsoleCreateApiKey: ({ input }) => {
        const created = key({ id: 'k2', name: input.name, prefix: 'mg_live_zzzz', scopes: input.scopes });
        keys.unshift(created);
        return { createApiKey: { secret: 'mg_live_zzzz_secret', apiKey: created } };
      },
    });
    renderSignedIn('/keys');
    expect(await screen.findByRole('rowheader', { name: /admin/ })).toBeTruthy();

    // Inline validation first: a name is required.
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByText(/Give the key a name/)).toBeTruthy();
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'ci' } });
    fireEvent.click(screen.getByLabelText(/^TRAIN/));
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    const secret = (await screen.findByLabelText('Secret of the new key')) as HTMLInputElement;
    expect(secret.value).toBe('mg_live_zzzz_secret');
    expect(api.calls.find((c) => c.operation === 'ConsoleCreateApiKey')!.variables.input).toEqual({ name: 'ci', scopes: ['READ', 'TRAIN'] });
    expect(await screen.findByRole('rowheader', { name: /ci/ })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Copy secret' }));
    expect(await screen.findByText('Copied to the clipboard')).toBeTruthy();
    expect(writeText).toHaveBeenCalledWith('mg_live_zzzz_secret');

    fireEvent.click(screen.getByRole('button', { name: /hide the secret/ }));
    expect(screen.queryByLabelText('Secret of the new key')).toBeNull();
    expect(document.body.textContent).not.toContain('mg_live_zzzz_secret');
  });

  it('revokes a key after confirmation', async () => {
    const keys = [key(), key({ id: 'k9', name: 'old', prefix: 'mg_live_old' })];
    const api = mockApi({
      ConsoleApiKeys: () => ({ apiKeys: { edges: keys.map((node) => ({ node })) } }),
      ConsoleRevokeApiKey: ({ id }) => {
        const k = keys.find((x) => x.id === id)!;
        k.status = 'REVOKED';
        return { revokeApiKey: { apiKey: k } };
      },
    });
    renderSignedIn('/keys');
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke key old' }));
    const confirm = screen.getByRole('button', { name: 'Yes, revoke old' });
    await waitFor(() => expect(document.activeElement).toBe(confirm));
    fireEvent.click(confirm);
    const row = (await screen.findByRole('rowheader', { name: 'old' })).closest('tr')!;
    await waitFor(() => expect(within(row).getByText('revoked')).toBeTruthy());
    expect(api.calls.filter((c) => c.operation === 'ConsoleRevokeApiKey')).toHaveLength(1);
  });

  it('explains a missing ADMIN scope', async () => {
    mockApi({ ConsoleApiKeys: () => gqlError('FORBIDDEN', 'This needs the ADMIN scope') });
    renderSignedIn('/keys');
    const alert = await screen.findByText('Could not load the API keys');
    expect(alert.closest('[role="alert"]')!.textContent).toMatch(/ADMIN scope.*FORBIDDEN.*lacks the scope/);
  });

  it('shows a loading state first', async () => {
    mockApi({ ConsoleApiKeys: () => new Promise(() => undefined) });
    renderSignedIn('/keys');
    expect(await screen.findByText('Loading API keys…')).toBeTruthy();
  });
});
