import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

// Pharmacy note for an active therapy. Notes are authored in the pharmacy system, which exports them as
// HTML fragments (bold, lists) through the FHIR Communication resource.

interface Note {
  author: string;
  writtenAt: string;
  text: string;
  html?: string;
}

export function TherapyNote({ therapyId }: { therapyId: string }) {
  const [note, setNote] = useState<Note | null>(null);

  useEffect(() => {
    fetch(`/api/therapies/${encodeURIComponent(therapyId)}/note`, { credentials: 'same-origin' })
      .then((r) => r.json() as Promise<Note>)
      .then(setNote);
  }, [therapyId]);

  if (!note) return <p className="note note--loading">Loading note…</p>;
  return (
    <section className="note">
      <header>
        {note.author} · {new Date(note.writtenAt).toLocaleString()}
      </header>
      {note.html ? <div dangerouslySetInnerHTML={{ __html: note.html }} /> : <p>{note.text}</p>}
    </section>
  );
}

export function NoteSummary({ note }: { note: Note }) {
  // Plain-text rendering: React escapes the text.
  return <p className="note-summary" title={note.author}>{note.text.slice(0, 140)}</p>;
}

const mount = document.getElementById('therapy-note');
if (mount?.dataset.therapyId) {
  createRoot(mount).render(<TherapyNote therapyId={mount.dataset.therapyId} />);
}
