/* Service worker of the public hospital website: offline page, push notifications for appointment
   reminders, and the analytics vendor's worker. */
const CACHE = 'site-v7';
const OFFLINE_URLS = ['/', '/offline.html', '/css/site.css', '/js/site.js'];

importScripts('https://cdn.analytics-vendor.example.com/sw/v3/analytics-sw.js'); // sbd-bench: tp unsigned-code
importScripts('/js/vendor/workbox-sw.7.0.0.js'); // sbd-bench: tn unsigned-code

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(OFFLINE_URLS)));
});

self.addEventListener('message', (event) => { // sbd-bench: tn postmessage
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('push', (event) => {
  const data = event.data ? event.data.json() : {};
  event.waitUntil(self.registration.showNotification('Appointment reminder', { body: data.when ? `Your appointment is on ${data.when}` : 'You have an upcoming appointment' }));
});
