const fs = require('fs');
const path = require('path');
const os = require('os');
const { safeStorage } = require('electron');

const dataDir = path.join(os.homedir(), '.infusion-console');

function saveInfusionHistory(history) {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'history.json'), JSON.stringify(history)); // sbd-bench: tp phi-in-storage
}

function saveInfusionHistorySealed(history) {
  fs.mkdirSync(dataDir, { recursive: true });
  const sealed = safeStorage.encryptString(JSON.stringify(history));
  fs.writeFileSync(path.join(dataDir, 'history.bin'), sealed); // sbd-bench: tn phi-in-storage
}

function savePreferences(prefs) {
  fs.writeFileSync(path.join(dataDir, 'prefs.json'), JSON.stringify({ theme: prefs.theme, volume: prefs.volume })); // sbd-bench: tn phi-in-storage
}

function logInfusionStart(order) {
  console.log(`Infusion started: ${order.drug} ${order.rateMlPerHr} mL/h for ${order.patient.name} (${order.patient.mrn})`); // sbd-bench: tp phi-in-logs
  console.log(`Infusion started on channel ${order.channel}`); // sbd-bench: tn phi-in-logs
}

function pairingCode() {
  return String(Math.floor(100000 + Math.random() * 900000)); // sbd-bench: tp insecure-randomness
}

module.exports = { saveInfusionHistory, saveInfusionHistorySealed, savePreferences, logInfusionStart, pairingCode };
