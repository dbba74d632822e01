// Referral letters and discharge summaries rendered server-side.
import { Router } from 'express';
import ejs from 'ejs';
import Handlebars from 'handlebars';
import Mustache from 'mustache';
import nunjucks from 'nunjucks';
import escapeHtml from 'escape-html';
import { loadLetter } from '../db/queries';

export const letters = Router();

const LETTER = `<article>
  <%- include('letter-header') %>
  <h1>Referral for <%= patientName %></h1>
  <section class="reason"><%- reason %></section>
</article>`;

const envelope = Handlebars.compile('<div class="envelope">{{{address}}}</div>', { noEscape: true }); // sbd-bench: tp xss
const footer = Handlebars.compile('<footer>{{clinic}}</footer>', { strict: true }); // sbd-bench: tn xss
const views = nunjucks.configure('views/letters', { autoescape: true }); // sbd-bench: tn xss

letters.get('/letters/preview', (req, res) => {
  const html = ejs.render(LETTER, { patientName: req.query.name, reason: req.query.reason }); // sbd-bench: tp xss
  res.type('html').send(html + footer({ clinic: 'Cardiology' }));
});

letters.get('/letters/preview-escaped', (req, res) => {
  const html = ejs.render(LETTER, { patientName: String(req.query.name), reason: escapeHtml(String(req.query.reason)) }); // sbd-bench: tn xss
  res.type('html').send(html);
});

letters.get('/letters/:id/notice', async (req, res) => {
  const letter = await loadLetter(Number(req.params.id));
  const notice = Mustache.render('<p class="notice">{{{notice}}}</p>', { notice: req.query.notice }); // sbd-bench: tp xss
  const title = Mustache.render('<h2>{{title}}</h2>', { title: req.query.title }); // sbd-bench: tn xss
  res.type('html').send(title + notice + envelope({ address: letter.address }));
});

letters.post('/letters/:id/sign', (req, res) => {
  const signature = new Handlebars.SafeString(`<span class="sig">${req.body.signature}</span>`); // sbd-bench: tp xss
  res.render('letter-signed', { signature, rendered: views.renderString('{{ name }}', { name: req.body.name }) });
});
