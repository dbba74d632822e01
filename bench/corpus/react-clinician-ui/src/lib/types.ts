export interface HumanName {
  family: string;
  given: string[];
}

export interface Patient {
  id: string;
  mrn: string;
  name: HumanName;
  birthDate: string;
  sex: 'male' | 'female' | 'other' | 'unknown';
  diagnoses: { code: string; display: string }[];
  medications: { name: string; dose: string }[];
}
