import $ from 'jquery';

const CONSENT_COOKIE = 'consent';

export function showConsentBanner() {
  if (document.cookie.split('; ').some((c) => c.startsWith(`${CONSENT_COOKIE}=`))) return;
  const $banner = $('<div class="consent"><p>We use cookies to keep you signed in.</p><button>OK</button></div>'); // sbd-bench: tn xss
  $banner.find('button').on('click', () => {
    document.cookie = `${CONSENT_COOKIE}=1; Max-Age=31536000; Path=/; Secure; SameSite=Strict`; // sbd-bench: tn phi-in-storage
    $banner.remove();
  });
  $('body').append($banner);
}

export function greet() {
  const name = decodeURIComponent(document.cookie.replace(/(?:(?:^|.*;\s*)displayName\s*=\s*([^;]*).*$)|^.*$/, '$1'));
  $('#greeting').html(`Welcome back, ${name}`); // sbd-bench: tp xss
}

export function rememberAppointment(appt) {
  document.cookie = `nextAppt=${encodeURIComponent(`${appt.when}|${appt.clinic}|${appt.reason}`)}; Path=/`; // sbd-bench: tp phi-in-storage
}
