import { useState } from 'react';
import { ChatView } from './ChatView';
import { ConversationList } from './ConversationList';
import './chat.css';

export function ChatPage() {
  const [selected, setSelected] = useState<string | undefined>();
  return (
    <div className="page chat">
      <h1>Chat</h1>
      <div className="chat-layout">
        <ConversationList selected={selected} onSelect={setSelected} />
        <ChatView conversationId={selected} onConversation={setSelected} />
      </div>
    </div>
  );
}
