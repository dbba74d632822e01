export interface PatientRow {
  id: string;
  mrn: string;
  given_name: string;
  family_name: string;
  birth_date: string;
}

export function toFhirPatient(row: PatientRow) {
  return {
    resourceType: 'Patient',
    id: row.id,
    identifier: [{ system: 'http://hospital.example.org/identifiers/mrn', value: row.mrn }], // sbd-bench: tn cleartext-transport
    name: [{ family: row.family_name, given: [row.given_name] }],
    birthDate: row.birth_date,
  };
}
