import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { createApiClient } from './api/client.js';
import { html } from './html.js';
import { LoginPage } from './pages/login.js';
import { hrefOf, parseRoute, type Route } from './router.js';
import type { TokenStore } from './session.js';
import { Shell } from './shell.js';

export type Navigate = (href: string, options?: { replace?: boolean }) => void;

/**
 * The whole dashboard: the token decides between the login and the shell; the URL decides the
 * page. A token the API refuses (401, on any call) ends the session with the API's reason.
 */
export function App({ store }: { store: TokenStore }) {
  const [token, setToken] = useState<string | null>(() => store.read());
  const [signedOutBecause, setSignedOutBecause] = useState<string | null>(null);
  const [route, setRoute] = useState<Route>(() => parseRoute(location.pathname, location.search));

  const navigate: Navigate = useCallback((href, options = {}) => {
    if (href === `${location.pathname}${location.search}`) return;
    if (options.replace) history.replaceState(null, '', href);
    else history.pushState(null, '', href);
    setRoute(parseRoute(location.pathname, location.search));
  }, []);

  useEffect(() => {
    const onPop = () => setRoute(parseRoute(location.pathname, location.search));
    window.addEventListener('popstate', onPop);
    // Same-origin links move within the app instead of reloading it (modifier keys still open tabs).
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.('a');
      if (!link || link.target || link.hasAttribute('download') || link.origin !== location.origin) return;
      if (link.pathname.startsWith('/api/')) return;
      event.preventDefault();
      navigate(`${link.pathname}${link.search}`);
    };
    document.addEventListener('click', onClick);
    return () => {
      window.removeEventListener('popstate', onPop);
      document.removeEventListener('click', onClick);
    };
  }, [navigate]);

  const signOut = useCallback(
    (reason: string | null) => {
      store.clear();
      setToken(null);
      setSignedOutBecause(reason);
    },
    [store],
  );

  const api = useMemo(
    () => (token ? createApiClient({ token, onUnauthorized: (message) => signOut(message) }) : null),
    [token, signOut],
  );

  if (!api || route.page === 'login') {
    return html`<${LoginPage}
      reason=${signedOutBecause}
      onSignedIn=${(newToken: string) => {
        store.write(newToken);
        setSignedOutBecause(null);
        setToken(newToken);
        if (route.page === 'login') navigate(hrefOf('cro'), { replace: true });
      }}
    />`;
  }
  return html`<${Shell} api=${api} route=${route} navigate=${navigate} signOut=${() => signOut(null)} />`;
}
