import { useState } from 'react';
import type { Conversation } from '../../../../src-shared/api';
import { ErrorNote } from '../../components/ErrorNote';
import { useConversationActions, useConversations } from './use-chat';

/** Conversations, newest first: search, rename, delete (after a confirm), export as Markdown or JSON. */
export function ConversationList({
  selected,
  onSelect,
}: {
  selected?: string;
  onSelect: (id: string | undefined) => void;
}) {
  const [query, setQuery] = useState('');
  const list = useConversations(query);
  const { rename, remove, exportAs } = useConversationActions((id) => id === selected && onSelect(undefined));
  const [editing, setEditing] = useState<string | undefined>();
  const [title, setTitle] = useState('');
  const [confirming, setConfirming] = useState<string | undefined>();
  const error = list.error ?? rename.error ?? remove.error ?? exportAs.error;
  return (
    <aside className="conversations" aria-label="Conversations">
      <button type="button" className="new-chat" onClick={() => onSelect(undefined)}>
        New chat
      </button>
      <input
        type="search"
        aria-label="Search conversations"
        placeholder="Search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {error && <ErrorNote error={error} />}
      <ul>
        {list.data?.map((c: Conversation) => (
          <li key={c.id} className={c.id === selected ? 'active' : undefined} data-testid="conversation">
            {editing === c.id ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  if (title.trim()) rename.mutate({ id: c.id, title: title.trim() });
                  setEditing(undefined);
                }}
              >
                <input aria-label="New title" value={title} onChange={(e) => setTitle(e.target.value)} autoFocus />
                <button type="submit">Save</button>
              </form>
            ) : (
              <button
                type="button"
                className="conversation-title"
                onClick={() => onSelect(c.id)}
                title={`${c.model} · ${c.messageCount} messages`}
              >
                {c.title}
              </button>
            )}
            {confirming === c.id ? (
              <div className="row-actions">
                <span>Delete this conversation?</span>
                <button type="button" onClick={() => (remove.mutate(c.id), setConfirming(undefined))}>
                  Delete
                </button>
                <button type="button" onClick={() => setConfirming(undefined)}>
                  Keep
                </button>
              </div>
            ) : (
              <div className="row-actions">
                <button type="button" onClick={() => (setEditing(c.id), setTitle(c.title))}>
                  Rename
                </button>
                <button type="button" onClick={() => exportAs.mutate({ id: c.id, format: 'markdown' })}>
                  .md
                </button>
                <button type="button" onClick={() => exportAs.mutate({ id: c.id, format: 'json' })}>
                  .json
                </button>
                <button type="button" onClick={() => setConfirming(c.id)}>
                  Delete
                </button>
              </div>
            )}
          </li>
        ))}
        {list.data?.length === 0 && (
          <li className="muted">{query ? 'No conversation matches.' : 'No conversations yet.'}</li>
        )}
      </ul>
    </aside>
  );
}
