import { Schema, model } from 'mongoose';

const DeviceSchema = new Schema({
  serial: { type: String, required: true, index: true },
  model: String,
  firmware: String,
  ward: String,
  lastSeen: Date,
  retired: { type: Boolean, default: false },
});

export const Device = model('Device', DeviceSchema);
