// Read-only FHIR facade for the portal's own pages and for partner apps that embed the medication list.
import { NextRequest, NextResponse } from 'next/server';
import { getPortalPatient } from '@/lib/portal-session';
import { fhirRead } from '@/lib/fhir';

const PARTNER_ORIGINS = ['https://meds.example-pharmacy.com', 'https://app.example-health.org'];

function withCors(request: NextRequest, response: NextResponse): NextResponse {
  const origin = request.headers.get('origin');
  if (origin) {
    response.headers.set('Access-Control-Allow-Origin', origin); // sbd-bench: tp cors
    response.headers.set('Access-Control-Allow-Credentials', 'true');
  }
  return response;
}

export async function GET(request: NextRequest, { params }: { params: { path: string[] } }) {
  const patient = await getPortalPatient(request);
  if (!patient) return withCors(request, NextResponse.json({ error: 'sign in required' }, { status: 401 }));
  const [type] = params.path;
  if (!['MedicationRequest', 'AllergyIntolerance', 'Immunization'].includes(type)) {
    return NextResponse.json({ error: 'unsupported resource' }, { status: 400 });
  }
  return withCors(request, NextResponse.json(await fhirRead(type, patient.fhirId)));
}

export async function OPTIONS(request: NextRequest) {
  const origin = request.headers.get('origin') ?? '';
  const response = new NextResponse(null, { status: 204 });
  if (PARTNER_ORIGINS.includes(origin)) {
    response.headers.set('Access-Control-Allow-Origin', origin); // sbd-bench: tn cors
    response.headers.set('Access-Control-Allow-Methods', 'GET');
    response.headers.set('Access-Control-Allow-Credentials', 'true');
  }
  return response;
}
