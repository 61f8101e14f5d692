// The citizen site's service worker: it keeps the app shell (the page and the files its build
// names), so the site opens on a phone without a connection and says so, with the answers kept in
// the browser (shared/api.ts `kept`). API answers are never kept here: they are personal and must
// be current. The officers' dashboard, under /dashboard/, is left to the network.
const CACHE = 'adminduk-shell';

/** Keeps this page and the files it names, and drops those of earlier builds. */
async function keep(page) {
  const html = await page.clone().text();
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  const cache = await caches.open(CACHE);
  await Promise.all(files.map(async (file) => (await cache.match(file)) ?? cache.add(file)));
  await cache.put('/', page);
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path !== '/' && !files.includes(path)) await cache.delete(request);
  }
}

self.addEventListener('install', (event) => event.waitUntil(fetch('/').then(keep).then(() => self.skipWaiting())));
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin) return;
  if (request.mode === 'navigate' && !url.pathname.startsWith('/dashboard') && !url.pathname.startsWith('/api/')) {
    // Every path of the site is the same page: the network's when there is one (a new build is
    // kept for next time), else the one kept.
    event.respondWith(
      fetch(request)
        .then((page) => {
          if (page.ok && page.headers.get('content-type')?.startsWith('text/html')) event.waitUntil(keep(page.clone()));
          return page;
        })
        .catch(() => caches.match('/').then((kept) => kept ?? Response.error())),
    );
  } else if (url.pathname.startsWith('/assets/')) {
    // A build's files never change under their name.
    event.respondWith(caches.match(request).then((kept) => kept ?? fetch(request)));
  }
});
