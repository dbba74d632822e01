import { Schema, model, Document } from 'mongoose';
import winston from 'winston';
import { Router } from 'express';

const log = winston.createLogger({ transports: [new winston.transports.Console()] });

export interface IPatient extends Document {
  mrn: string;
  ssn?: string;
  name: { given: string[]; family: string };
  birthDate: Date;
  sex: string;
  phone?: string;
  address?: { line: string[]; city: string; postalCode: string };
  diagnoses: { icd10: string; description: string; onset?: Date }[];
  passwordResetToken?: string;
}

const PatientSchema = new Schema<IPatient>({
  mrn: { type: String, required: true, unique: true },
  ssn: { type: String, select: false },
  name: { given: [String], family: String },
  birthDate: Date,
  sex: String,
  phone: String,
  address: { line: [String], city: String, postalCode: String },
  diagnoses: [{ icd10: String, description: String, onset: Date }],
  passwordResetToken: { type: String, select: false }, // sbd-bench: tn hardcoded-secret
});

PatientSchema.post('save', (doc: IPatient) => {
  log.info('patient saved', { id: doc.id }); // sbd-bench: tn phi-in-logs
});

PatientSchema.pre('save', function (next) {
  log.debug(`saving patient ${this.name.family}, SSN ${this.ssn}`); // sbd-bench: tp phi-in-logs
  next();
});

PatientSchema.statics.findByMrn = function (mrn: string) {
  return this.findOne({ mrn: String(mrn) }); // sbd-bench: tn nosql-injection
};

PatientSchema.statics.searchByName = function (family: string) {
  return this.find({ $where: `this.name.family.toLowerCase().startsWith('${family.toLowerCase()}')` }); // sbd-bench: tp nosql-injection
};

export const Patient = model<IPatient>('Patient', PatientSchema);

export const patientLookup = Router();

patientLookup.get('/lookup', async (req, res) => {
  const patients = await Patient.find({ mrn: req.query.mrn, 'name.family': req.query.family }).limit(20); // sbd-bench: tp nosql-injection
  log.info('patient lookup', { results: patients.length }); // sbd-bench: tn phi-in-logs
  res.json(patients);
});
