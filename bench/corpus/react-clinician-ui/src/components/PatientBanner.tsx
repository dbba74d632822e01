import React, { useEffect, useRef } from 'react';
import type { Patient } from '../lib/types';
import { cachePatient } from '../lib/storage';

interface Props {
  patient: Patient;
  allergyHtml: string;
}

export const PatientBanner: React.FC<Props> = ({ patient, allergyHtml }) => {
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    cachePatient(patient);
    if (alertRef.current) {
      alertRef.current.innerHTML = allergyHtml; // sbd-bench: tp xss
    }
  }, [patient, allergyHtml]);

  useEffect(() => {
    console.debug('banner render', patient); // sbd-bench: tp phi-in-logs
  }, [patient]);

  return (
    <header className="patient-banner">
      <h2>
        {patient.name.family.toUpperCase()}, {patient.name.given.join(' ')} {/* sbd-bench: tn xss */}
      </h2>
      <dl>
        <dt>MRN</dt>
        <dd>{patient.mrn}</dd>
        <dt>DOB</dt>
        <dd>{patient.birthDate}</dd>
      </dl>
      <div className="allergies" ref={alertRef} role="alert" />
    </header>
  );
};
