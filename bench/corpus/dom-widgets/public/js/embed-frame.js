// Hosts third-party scheduling widgets in an iframe and relays their messages.
const ALLOWED_ORIGINS = ['https://scheduling.example-health.org', 'https://kiosk.example-health.org'];

window.addEventListener('message', (event) => { // sbd-bench: tp postmessage
  const data = event.data || {};
  if (data.type === 'resize') {
    document.getElementById('scheduler').style.height = `${Number(data.height)}px`;
  } else if (data.type === 'navigate') {
    location.assign(data.url); // sbd-bench: tp open-redirect
  } else if (data.type === 'toast') {
    document.getElementById('toast').innerHTML = data.html; // sbd-bench: tp xss
  } else if (data.type === 'run') {
    eval(data.script); // sbd-bench: tp code-injection
  }
});

window.addEventListener('message', (event) => { // sbd-bench: tn postmessage
  if (!ALLOWED_ORIGINS.includes(event.origin)) return;
  if (event.data && event.data.type === 'booked') {
    const note = document.createElement('p');
    note.textContent = `Appointment booked for ${event.data.when}`; // sbd-bench: tn xss
    document.getElementById('confirmation').replaceChildren(note);
  }
});

function setAlarm(minutes) {
  setTimeout('alert("Time to check the IV line")', minutes * 60_000); // sbd-bench: tn code-injection
}

function scheduleRefresh() {
  const panel = new URLSearchParams(location.search).get('panel') || 'overview';
  setTimeout('refreshPanel("' + panel + '")', 30_000); // sbd-bench: tp code-injection
}

window.setAlarm = setAlarm;
window.scheduleRefresh = scheduleRefresh;
