import { useEffect, useState } from 'react';
import { useRouter } from 'next/router';

interface Hit {
  id: string;
  title: string;
  snippet: string;
}

export default function SearchPage() {
  const router = useRouter();
  const q = typeof router.query.q === 'string' ? router.query.q : '';
  const [hits, setHits] = useState<Hit[]>([]);

  useEffect(() => {
    if (!q) return;
    fetch(`/api/search?q=${encodeURIComponent(q)}`) // sbd-bench: tn ssrf
      .then((r) => r.json())
      .then((found: Hit[]) => {
        setHits(found);
        sessionStorage.setItem('lastSearchResults', JSON.stringify(found)); // sbd-bench: tp phi-in-storage
      });
    localStorage.setItem('searchPanelOpen', 'true'); // sbd-bench: tn phi-in-storage
  }, [q]);

  return (
    <main>
      <h1 dangerouslySetInnerHTML={{ __html: `Results for <mark>${q}</mark>` }} /> {/* sbd-bench: tp xss */}
      <ul>
        {hits.map((h) => (
          <li key={h.id}>
            <a href={`/records/${encodeURIComponent(h.id)}`}>{h.title}</a> {/* sbd-bench: tn xss */}
            <p>{h.snippet}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
