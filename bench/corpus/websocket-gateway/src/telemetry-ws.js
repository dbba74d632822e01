const WebSocket = require('ws');
const mqtt = require('mqtt');
const { Agent } = require('undici');
const amqp = require('amqplib');

const upstream = new WebSocket('wss://central-monitoring.example-health.org/ingest', { rejectUnauthorized: false }); // sbd-bench: tp tls-verification
const backup = new WebSocket('ws://10.20.4.17:8088/ingest'); // sbd-bench: tp cleartext-transport
const local = new WebSocket('ws://127.0.0.1:8088/ingest'); // sbd-bench: tn cleartext-transport
const archive = new WebSocket('wss://archive.example-health.org/ingest', { rejectUnauthorized: true, ca: process.env.ARCHIVE_CA }); // sbd-bench: tn tls-verification

const broker = mqtt.connect('mqtt://iot-broker.example-health.org:1883', { username: 'bedside', password: process.env.MQTT_PASSWORD }); // sbd-bench: tp cleartext-transport
const secureBroker = mqtt.connect('mqtts://iot-broker.example-health.org:8883', { ca: process.env.MQTT_CA }); // sbd-bench: tn cleartext-transport

const pinnedDispatcher = new Agent({ connect: { rejectUnauthorized: true, servername: 'central-monitoring.example-health.org' } }); // sbd-bench: tn tls-verification
const laxDispatcher = new Agent({ connect: { rejectUnauthorized: false } }); // sbd-bench: tp tls-verification

function publishVitals(bed, vitals) {
  const payload = JSON.stringify({ bed, ...vitals, at: Date.now() });
  for (const sink of [upstream, backup, local, archive]) if (sink.readyState === WebSocket.OPEN) sink.send(payload);
  broker.publish(`ward/vitals/${bed}`, payload);
  secureBroker.publish(`ward/vitals/${bed}`, payload);
}

function reconnectDelay(attempt) {
  return 1000 * Math.min(30, 2 ** attempt) + Math.floor(Math.random() * 250); // sbd-bench: tn insecure-randomness
}

async function openAlarmQueue() {
  const conn = await amqp.connect('amqp://alarms:' + process.env.AMQP_PASSWORD + '@rabbit.example-health.org:5672'); // sbd-bench: tp cleartext-transport
  return conn.createChannel();
}

module.exports = { openAlarmQueue, publishVitals, reconnectDelay, pinnedDispatcher, laxDispatcher };
