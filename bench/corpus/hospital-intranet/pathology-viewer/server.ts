// Digital pathology slide viewer; the EHR embeds the viewer page next to the pathology report.
import express from 'express';
import helmet from 'helmet';
import cookieSession from 'cookie-session';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import { slideManifest, saveAnnotation } from './slides';
import { requireSso } from './sso';

const app = express();
app.use(
  helmet({
    frameguard: false, // sbd-bench: tp security-headers
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'blob:', 'https://tiles.example-pathology.org'],
        scriptSrc: ["'self'", "'unsafe-inline'", "'unsafe-eval'"], // sbd-bench: tp security-headers
      },
    },
  }),
);
app.use(cookieParser(process.env.PATHOLOGY_COOKIE_SECRET));
app.use(
  cookieSession({
    name: 'path.sess',
    keys: [process.env.PATHOLOGY_SESSION_KEY as string],
    secure: true,
    httpOnly: false, // sbd-bench: tp session
    sameSite: 'none',
  }),
);
app.use(express.json());

const { doubleCsrfProtection, generateToken } = doubleCsrf({
  getSecret: () => process.env.PATHOLOGY_CSRF_SECRET as string,
  cookieName: '__Host-path.x-csrf',
  cookieOptions: { secure: true, sameSite: 'none' },
  getTokenFromRequest: (req) => req.cookies['__Host-path.x-csrf'], // sbd-bench: tp csrf
});
app.use(doubleCsrfProtection);

app.get('/cases/:caseId/viewer', requireSso, async (req, res) => {
  res.render('viewer', { manifest: await slideManifest(req.params.caseId), csrfToken: generateToken(req, res) });
});

app.post('/slides/:slideId/annotations', requireSso, async (req, res) => {
  const saved = await saveAnnotation(req.params.slideId, req.session!.userId, {
    shape: String(req.body.shape),
    points: Array.isArray(req.body.points) ? req.body.points.slice(0, 500).map(Number) : [],
  });
  res.status(201).json(saved);
});

export default app;
