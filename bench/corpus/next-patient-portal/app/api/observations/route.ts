import { NextRequest, NextResponse } from 'next/server';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, ssl: { rejectUnauthorized: false } }); // sbd-bench: tp tls-verification

export async function GET(request: NextRequest) {
  const code = request.nextUrl.searchParams.get('code');
  const patient = request.nextUrl.searchParams.get('patient');
  try {
    const { rows } = await pool.query( // sbd-bench: tp sql-injection
      "SELECT id, code, value, unit, effective FROM observations WHERE patient_id = $1 AND code = '" + code + "'",
      [patient],
    );
    return NextResponse.json(rows); // sbd-bench: tn xss
  } catch (e) {
    const err = e as Error;
    return NextResponse.json({ message: err.message, stack: err.stack }, { status: 500 }); // sbd-bench: tp error-exposure
  }
}

export async function PUT(request: NextRequest) {
  const { fhirServer, resource } = await request.json();
  const upstream = await fetch(`${fhirServer}/Observation`, { method: 'POST', body: JSON.stringify(resource), headers: { 'Content-Type': 'application/fhir+json' } }); // sbd-bench: tp ssrf
  return NextResponse.json({ status: upstream.status });
}

export async function POST(request: NextRequest) {
  const observation = await request.json();
  console.log('Observation posted', JSON.stringify(observation)); // sbd-bench: tp phi-in-logs
  await pool.query('INSERT INTO observations (patient_id, code, value, unit) VALUES ($1, $2, $3, $4)', [ // sbd-bench: tn sql-injection
    observation.subject.reference,
    observation.code.coding[0].code,
    observation.valueQuantity.value,
    observation.valueQuantity.unit,
  ]);
  console.log(`stored observation for code ${observation.code.coding[0].code}`); // sbd-bench: tn phi-in-logs
  return NextResponse.json({ ok: true }, { status: 201 });
}
