import { cookies } from 'next/headers';
import { NextRequest, NextResponse } from 'next/server';
import { SignJWT, jwtVerify } from 'jose';
import { verifyPortalLogin } from '@/lib/accounts';

const key = new TextEncoder().encode(process.env.PORTAL_SESSION_KEY);

export async function POST(request: NextRequest) {
  const { email, password } = await request.json();
  const account = await verifyPortalLogin(String(email), String(password));
  if (!account) return NextResponse.json({ error: 'Invalid email or password' }, { status: 401 });
  const token = await new SignJWT({ role: account.role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(account.id)
    .setIssuedAt()
    .setExpirationTime('30m')
    .sign(key);
  cookies().set('portal_session', token, { httpOnly: true, secure: true, sameSite: 'lax', path: '/', maxAge: 1800 }); // sbd-bench: tn session
  return NextResponse.json({ ok: true });
}

// "Remember this device" for the mobile web view; set by the app shell's login screen.
export async function PUT(request: NextRequest) {
  const { deviceToken } = await request.json();
  const { payload } = await jwtVerify(String(deviceToken), key, { algorithms: ['HS256'] }); // sbd-bench: tn jwt
  cookies().set('portal_device', String(payload.sub), { httpOnly: true, maxAge: 90 * 24 * 3600 }); // sbd-bench: tp session
  return NextResponse.json({ ok: true });
}

export async function DELETE() {
  cookies().delete('portal_session');
  return NextResponse.json({ ok: true });
}
