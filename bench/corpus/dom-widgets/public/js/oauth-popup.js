// Redirect target of the patient-portal login popup opened by partner sites (pharmacy, lab booking):
// hands the authorization code back to the page that opened it and closes itself.
(function () {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('code');
  const state = params.get('state');
  const error = params.get('error');

  if (window.opener) {
    if (error) {
      window.opener.postMessage({ type: 'portal-login', error: error.slice(0, 64) }, '*'); // sbd-bench: tn postmessage
    } else {
      window.opener.postMessage({ type: 'portal-login', code, state }, '*'); // sbd-bench: tp postmessage
    }
  }
  window.close();
})();
