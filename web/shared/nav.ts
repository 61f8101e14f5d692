// Pages are chosen by the address after `#`, so the site is plain static files.
import { useEffect, useState } from 'preact/hooks';

/** Where the site is: `#/layanan/KIA?x=1` gives ['layanan', 'KIA'] and its query. */
export function here() {
  const [path, query = ''] = window.location.hash.replace(/^#\/?/, '').split('?');
  return { parts: path.split('/').filter(Boolean), query: new URLSearchParams(query) };
}

export function go(to: string) {
  window.location.hash = to;
}

/** The current place, following the address; moving puts the focus on the new page's heading. */
export function useHere() {
  const [at, setAt] = useState(here());
  useEffect(() => {
    const moved = () => {
      setAt(here());
      document.getElementById('judul')?.focus();
    };
    window.addEventListener('hashchange', moved);
    return () => window.removeEventListener('hashchange', moved);
  }, []);
  return [at, () => setAt(here())] as const;
}
