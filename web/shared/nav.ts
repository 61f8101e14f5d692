// Pages are chosen by the address after `#`, so the site is plain static files.

/** Where the site is: `#/layanan/KIA?x=1` gives ['layanan', 'KIA'] and its query. */
export function here() {
  const [path, query = ''] = window.location.hash.replace(/^#\/?/, '').split('?');
  return { parts: path.split('/').filter(Boolean), query: new URLSearchParams(query) };
}

export function go(to: string) {
  window.location.hash = to;
}
