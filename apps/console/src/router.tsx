// History routing under the app's base path (/console/ when served by the gateway, which answers
// every /console/* path with index.html). Tiny on purpose: a path, its query string and links.
import { useCallback, useEffect, useState, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

const BASE = (import.meta.env.BASE_URL ?? '/').replace(/\/$/, '');
const NAVIGATE_EVENT = 'console:navigate';
let navigations = 0;
if (typeof window !== 'undefined') window.addEventListener('popstate', () => (navigations += 1));

/** Whether the user moved within the app since it loaded (focus then goes to the new page's heading). */
export function hasNavigated(): boolean {
  return navigations > 0;
}

/** The in-app path ("/datasets/1"), without the base path. */
export function currentPath(): string {
  const path = window.location.pathname;
  const inner = BASE && path.startsWith(BASE) ? path.slice(BASE.length) : path;
  return inner === '' ? '/' : inner;
}

export function href(to: string): string {
  return `${BASE}${to.startsWith('/') ? to : `/${to}`}`;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const target = href(to);
  if (!options.replace) navigations += 1;
  if (options.replace) window.history.replaceState(null, '', target);
  else window.history.pushState(null, '', target);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

export interface Location {
  path: string;
  search: URLSearchParams;
}

function read(): Location {
  return { path: currentPath(), search: new URLSearchParams(window.location.search) };
}

export function useLocation(): Location {
  const [location, setLocation] = useState(read);
  useEffect(() => {
    const update = () => setLocation(read());
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATE_EVENT, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATE_EVENT, update);
    };
  }, []);
  return location;
}

/** Updates one query parameter of the current URL without a new history entry. */
export function useSearchParam(name: string): [string | null, (value: string | null) => void] {
  const { search } = useLocation();
  const set = useCallback(
    (value: string | null) => {
      const params = new URLSearchParams(window.location.search);
      if (value === null || value === '') params.delete(name);
      else params.set(name, value);
      const query = params.toString();
      navigate(`${currentPath()}${query ? `?${query}` : ''}`, { replace: true });
    },
    [name],
  );
  return [search.get(name), set];
}

/** Matches "/datasets/:id" against a path; returns the parameters or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const source = pattern.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const match = new RegExp(`^${source}/?$`).exec(path);
  if (!match) return null;
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
}

export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  to: string;
  children: ReactNode;
}

export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={href(to)} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
