// Where an app is. The citizen site is addressed by path (`/permohonan/K-...`), so the link in an
// SMS or e-mail opens the page it names: every path serves the site's page (the local server,
// CloudFront) and its files load from the root. The officer dashboard is addressed after `#`, so
// the same build serves it at /dashboard/ here and at its own domain's root when deployed.
import { useEffect, useState } from 'preact/hooks';

const byPath = import.meta.env.MODE === 'citizen';

/** Where the app is: `/layanan/KIA?x=1` gives ['layanan', 'KIA'] and its query. */
export function here() {
  const address = byPath ? location.pathname + location.search : location.hash.replace(/^#/, '');
  const [path, query = ''] = address.split('?');
  return { parts: path.split('/').filter(Boolean), query: new URLSearchParams(query) };
}

const MOVED = 'adminduk:pindah';

export function go(to: string) {
  if (!byPath) {
    location.hash = to;
    return;
  }
  history.pushState(null, '', to);
  window.dispatchEvent(new Event(MOVED));
}

/** The app's own link to `to` (`/layanan` on the citizen site, `#/layanan` on the dashboard). */
export function link(to: string): string {
  return byPath ? to : `#${to}`;
}

/** A click on a link of the site's own pages moves within the page, without loading it again. */
function follow(e: MouseEvent) {
  const a = (e.target as Element | null)?.closest?.('a');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const url = new URL(a.href, location.href);
  if (a.target || a.hasAttribute('download') || url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  e.preventDefault();
  go(url.pathname + url.search);
}

/** The current place, following the address; moving puts the focus on the new page's heading. */
export function useHere() {
  const [at, setAt] = useState(here());
  useEffect(() => {
    const moved = () => {
      setAt(here());
      document.getElementById('judul')?.focus();
    };
    const events = byPath ? ['popstate', MOVED] : ['hashchange'];
    events.forEach((name) => window.addEventListener(name, moved));
    if (byPath) document.addEventListener('click', follow);
    return () => {
      events.forEach((name) => window.removeEventListener(name, moved));
      if (byPath) document.removeEventListener('click', follow);
    };
  }, []);
  return [at, () => setAt(here())] as const;
}
