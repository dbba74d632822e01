import { useEffect, useRef, useState } from 'react';

interface SecureMessage {
  id: string;
  from: string;
  sentAt: string;
  text: string;
  html?: string;
}

export function MessageThread({ threadId }: { threadId: string }) {
  const [messages, setMessages] = useState<SecureMessage[]>([]);
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    const socket = new WebSocket(`wss://messaging.example-health.org/threads/${encodeURIComponent(threadId)}`); // sbd-bench: tn cleartext-transport
    socket.onmessage = (event) => {
      const msg = JSON.parse(event.data) as SecureMessage;
      setMessages((prev) => [...prev, msg]);
      listRef.current?.insertAdjacentHTML('beforeend', `<li class="preview">${msg.html ?? msg.text}</li>`); // sbd-bench: tp xss
    };
    return () => socket.close();
  }, [threadId]);

  const onCopy = (m: SecureMessage) => {
    const el = document.createElement('textarea');
    el.value = m.text;
    document.body.appendChild(el);
    el.select();
    document.execCommand('copy'); // sbd-bench: tn command-injection
    el.remove();
  };

  return (
    <ul ref={listRef} className="thread">
      {messages.map((m) => (
        <li key={m.id} onClick={() => onCopy(m)}>
          <strong>{m.from}</strong> <span>{m.text}</span> {/* sbd-bench: tn xss */}
        </li>
      ))}
    </ul>
  );
}
