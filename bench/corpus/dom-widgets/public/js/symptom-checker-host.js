// Hosts the vendor's symptom checker and the chat-with-a-nurse widget on the public hospital website,
// and relays results to the booking frame.
(function () {
  'use strict';

  const BOOKING_ORIGIN = 'https://booking.example-health.org';
  const booking = document.getElementById('booking-frame');

  function loadScript(src, integrity) {
    const s = document.createElement('script');
    s.src = src;
    if (integrity) {
      s.integrity = integrity;
      s.crossOrigin = 'anonymous';
    }
    document.head.appendChild(s);
    return s;
  }

  // Pinned release of the symptom checker, hash from the vendor's release notes.
  loadScript('https://cdn.symptomvendor.com/checker/4.12.0/checker.min.js', 'sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC'); // sbd-bench: tn unsigned-code

  const chat = document.createElement('script');
  chat.src = 'https://widget.nursechat.example.net/latest/embed.js'; // sbd-bench: tp unsigned-code
  chat.async = true;
  document.body.appendChild(chat);

  function prefillBooking(triage) {
    booking.contentWindow.postMessage({ type: 'prefill', reason: triage.summary, urgency: triage.level }, '*'); // sbd-bench: tp postmessage
  }

  window.addEventListener('message', function (event) { // sbd-bench: tp postmessage
    if (!event.data || event.data.source !== 'symptom-checker') return;
    document.getElementById('triage-level').textContent = event.data.triage.level;
    prefillBooking(event.data.triage);
  });

  window.addEventListener('message', function (event) {
    if (event.origin !== BOOKING_ORIGIN) return; // sbd-bench: tn postmessage
    if (event.data && event.data.type === 'height') booking.style.height = `${Math.min(Number(event.data.px) || 600, 2000)}px`;
  });

  booking.addEventListener('load', function () {
    booking.contentWindow.postMessage({ type: 'theme', dark: matchMedia('(prefers-color-scheme: dark)').matches }, BOOKING_ORIGIN); // sbd-bench: tn postmessage
  });

  const worker = new Worker('/js/triage-worker.js');
  worker.onmessage = function (event) { // sbd-bench: tn postmessage
    document.getElementById('wait-estimate').textContent = `${event.data.minutes} min`;
  };
  worker.postMessage({ clinic: document.body.dataset.clinic }); // sbd-bench: tn postmessage
})();
