import { useState } from 'react';
import { ChatView } from './ChatView';
import { useConversations } from './use-chat';
import './chat.css';

/** The compact view of the small chat window (and the #/chat-window route in the browser): same conversations. */
export function ChatWindowPage() {
  const [selected, setSelected] = useState<string | undefined>();
  const list = useConversations('');
  return (
    <div className="chat-window">
      <div className="chat-window-bar">
        <select
          aria-label="Conversation"
          value={selected ?? ''}
          onChange={(e) => setSelected(e.target.value || undefined)}
        >
          <option value="">New chat</option>
          {list.data?.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </select>
      </div>
      <ChatView conversationId={selected} onConversation={setSelected} compact />
    </div>
  );
}
