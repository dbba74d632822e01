// Edge middleware: only signed-in patients reach /records and /messages; proxies read the role claim.
import { NextRequest, NextResponse } from 'next/server';
import { jwtDecode } from 'jwt-decode';

interface PortalClaims {
  sub: string;
  role: 'patient' | 'proxy' | 'staff';
  exp: number;
}

export function middleware(request: NextRequest) {
  const token = request.cookies.get('portal_session')?.value;
  if (!token) return NextResponse.redirect(new URL('/login', request.url));
  const claims = jwtDecode<PortalClaims>(token); // sbd-bench: tp jwt
  if (claims.exp * 1000 < Date.now()) return NextResponse.redirect(new URL('/login', request.url));
  if (request.nextUrl.pathname.startsWith('/staff') && claims.role !== 'staff') {
    return NextResponse.rewrite(new URL('/403', request.url));
  }
  const headers = new Headers(request.headers);
  headers.set('x-portal-user', claims.sub);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ['/records/:path*', '/messages/:path*', '/staff/:path*'] };
