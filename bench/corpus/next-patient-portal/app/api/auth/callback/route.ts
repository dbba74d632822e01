import { NextRequest, NextResponse } from 'next/server';

const APP_ORIGIN = 'https://portal.example-health.org';

export async function GET(request: NextRequest) {
  const next = request.nextUrl.searchParams.get('next') ?? '/';
  const state = request.nextUrl.searchParams.get('state');
  if (!state) return NextResponse.redirect(new URL('/signin?error=state', APP_ORIGIN)); // sbd-bench: tn open-redirect
  return NextResponse.redirect(new URL(next, request.url)); // sbd-bench: tp open-redirect
}

export async function POST(request: NextRequest) {
  const form = await request.formData();
  const target = String(form.get('next') ?? '/');
  const url = new URL(target, APP_ORIGIN);
  if (url.origin !== APP_ORIGIN) return NextResponse.redirect(new URL('/', APP_ORIGIN));
  return NextResponse.redirect(url); // sbd-bench: tn open-redirect
}
