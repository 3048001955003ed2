import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from './App.tsx';
import { STORAGE_KEY } from './session.tsx';
import { gqlError, mockApi, renderSignedIn } from './test/api.tsx';

describe('signing in', () => {
  it('signs in with a pasted key, keeps it for the tab only, and logs out', async () => {
    const api = mockApi({});
    render(<App />);
    const input = await screen.findByLabelText('API key');
    expect(document.activeElement).toBe(input);
    fireEvent.change(input, { target: { value: '  mg_live_secret  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeTruthy();
    expect(api.calls[0]!.headers.authorization).toBe('Bearer mg_live_secret');
    expect(window.sessionStorage.getItem(STORAGE_KEY)).toBe('mg_live_secret');
    expect(window.localStorage.getItem(STORAGE_KEY)).toBeNull();
    expect(screen.getAllByText('acme').length).toBeGreaterThan(0);

    fireEvent.click(screen.getByRole('button', { name: 'Log out' }));
    expect(await screen.findByLabelText('API key')).toBeTruthy();
    expect(window.sessionStorage.getItem(STORAGE_KEY)).toBeNull();
  });

  it('remembers the key in localStorage when asked', async () => {
    mockApi({});
    render(<App />);
    fireEvent.change(await screen.findByLabelText('API key'), { target: { value: 'mg_live_x' } });
    fireEvent.click(screen.getByLabelText('Remember me on this device'));
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('heading', { level: 1, name: 'Overview' });
    expect(window.localStorage.getItem(STORAGE_KEY)).toBe('mg_live_x');
  });

  it('explains a refused key and an empty one inline', async () => {
    mockApi({ ConsoleMe: () => ({ ...gqlError('UNAUTHENTICATED', 'Invalid API key'), status: 401 }) });
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Paste an API key/);
    fireEvent.change(screen.getByLabelText('API key'), { target: { value: 'mg_live_bad' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/refused/));
    expect(screen.getByLabelText('API key').getAttribute('aria-invalid')).toBe('true');
  });

  it('signs out with a notice when a stored key is no longer valid', async () => {
    mockApi({ ConsoleMe: () => ({ ...gqlError('UNAUTHENTICATED'), status: 401 }) });
    renderSignedIn('/');
    expect(await screen.findByText(/saved API key is no longer valid/)).toBeTruthy();
    expect(window.sessionStorage.getItem(STORAGE_KEY)).toBeNull();
  });

  it('has a skip link, a labelled main navigation and marks the current page', async () => {
    mockApi({ ConsoleApiKeys: () => ({ apiKeys: { edges: [] } }) });
    renderSignedIn('/keys');
    await screen.findByRole('heading', { level: 1, name: 'API keys' });
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const current = nav.querySelector('[aria-current="page"]');
    expect(current?.textContent).toBe('API keys');
    expect(screen.getByText('Skip to content').getAttribute('href')).toBe('#main');
    fireEvent.click(screen.getByRole('link', { name: 'Datasets' }));
    expect(window.location.pathname).toBe('/datasets');
  });

  it('shows a not-found page for unknown paths', async () => {
    mockApi({});
    renderSignedIn('/nope');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeTruthy();
  });
});
