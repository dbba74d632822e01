// Clinician console: pump overview of the care unit, patient panel and live status.
// Plain DOM, bundled by the hospital's web team into /console/app.js.

interface PumpRow {
  serial: string;
  bed: string;
  state: 'running' | 'paused' | 'alarm' | 'idle';
  drugName?: string;
  rateMlPerHour?: number;
  patientName?: string;
  patientMrn?: string;
}

interface Patient {
  mrn: string;
  name: string;
  birthDate: string;
  weightKg: number;
  allergies: string[];
  bed: string;
}

const API = '/api';

function authHeaders(): HeadersInit {
  return { authorization: `Bearer ${sessionStorage.getItem('gw_token') ?? ''}` };
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: authHeaders(), credentials: 'same-origin' });
  if (res.status === 401) {
    location.assign('/auth/session-expired');
  }
  return (await res.json()) as T;
}

export async function renderPumpTable(tbody: HTMLTableSectionElement): Promise<void> {
  const pumps = await getJson<PumpRow[]>(`${API}/pumps/overview`);
  tbody.innerHTML = pumps
    .map(
      (p) =>
        `<tr class="pump pump--${p.state}" data-serial="${p.serial}" data-mrn="${p.patientMrn ?? ''}">` +
        `<td>${p.bed}</td><td>${p.patientName ?? '-'}</td><td>${p.drugName ?? '-'}</td><td>${p.rateMlPerHour ?? ''} mL/h</td></tr>`,
    )
    .join('');
}

function onPumpRowClick(ev: MouseEvent): void {
  const row = (ev.target as HTMLElement).closest<HTMLTableRowElement>('tr.pump');
  if (!row) return;
  sessionStorage.setItem('selectedPump', row.dataset.serial ?? '');
  void openPatient(row.dataset.mrn);
}

export async function openPatient(mrn: string | undefined): Promise<void> {
  if (!mrn) return;
  const patient = await getJson<Patient>(`${API}/patients/${encodeURIComponent(mrn)}`);
  // Re-open the same patient after a page reload on the ward workstation.
  localStorage.setItem('lastPatient', JSON.stringify(patient));
  renderPatientPanel(patient);
}

/** Fixed variant of the table above: values are written as text, never parsed as HTML. */
function renderPatientPanel(patient: Patient): void {
  const panel = document.getElementById('patient-panel')!;
  panel.replaceChildren();
  const title = document.createElement('h2');
  title.textContent = `${patient.name} (bed ${patient.bed})`;
  const details = document.createElement('p');
  details.textContent = `MRN ${patient.mrn} · ${patient.weightKg} kg · allergies: ${patient.allergies.join(', ') || 'none known'}`;
  panel.append(title, details);
}

export function scheduleRefresh(pumpSerial: string): void {
  setTimeout(`refreshPump('${pumpSerial}')`, 5_000);
}

export function watchAlarms(onAlarm: (serial: string) => void): WebSocket {
  const socket = new WebSocket(`wss://${location.host}/live/alarms`);
  socket.addEventListener('message', (ev: MessageEvent<string>) => {
    const alarm = JSON.parse(ev.data) as { serial: string };
    onAlarm(alarm.serial);
  });
  return socket;
}

document.addEventListener('DOMContentLoaded', () => {
  const tbody = document.querySelector<HTMLTableSectionElement>('#pumps tbody');
  if (tbody) {
    tbody.addEventListener('click', onPumpRowClick);
    void renderPumpTable(tbody);
  }
  const last = localStorage.getItem('lastPatient');
  if (last) renderPatientPanel(JSON.parse(last) as Patient);
});
