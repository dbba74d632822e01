import DOMPurify from 'isomorphic-dompurify';
import { marked } from 'marked';

export interface ClinicalNote {
  id: string;
  author: string;
  authored: string;
  bodyHtml: string;
  bodyMarkdown?: string;
}

export function NoteView({ note }: { note: ClinicalNote }) {
  return (
    <article className="note">
      <header>
        <span className="author">{note.author}</span> {/* sbd-bench: tn xss */}
        <time dateTime={note.authored}>{new Date(note.authored).toLocaleString()}</time>
      </header>
      <section dangerouslySetInnerHTML={{ __html: note.bodyHtml }} /> {/* sbd-bench: tp xss */}
    </article>
  );
}

export function SafeNoteView({ note }: { note: ClinicalNote }) {
  const html = DOMPurify.sanitize(marked.parse(note.bodyMarkdown ?? '') as string);
  return (
    <article className="note">
      <section dangerouslySetInnerHTML={{ __html: html }} /> {/* sbd-bench: tn xss */}
    </article>
  );
}

export function EmptyNote() {
  return <div className="note empty" dangerouslySetInnerHTML={{ __html: '<em>No notes recorded.</em>' }} />; // sbd-bench: tn xss
}
